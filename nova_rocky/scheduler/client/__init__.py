"""Clients of the placement API (report.py) and the in-process placement
(direct.py)."""
