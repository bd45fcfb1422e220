"""The libvirt virt driver: ``compute_driver = libvirt.LibvirtDriver``."""

from nova_rocky.virt.libvirt.driver import LibvirtDriver  # noqa: F401
