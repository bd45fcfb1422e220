"""Config classes for libvirt's XML, one module per element family.

``guest`` is the <domain> document and its top-level parts, ``os`` the
boot and firmware elements, ``devices`` the <devices> children and
``capabilities`` the host capabilities document libvirt hands back.
"""
