"""Cells v2 helpers shared by nova-manage, nova-status and nova-all.

* ``urls``: cell0 database URL derivation and password masking.
* ``discovery``: map compute hosts (and instances) to their cell.
"""
