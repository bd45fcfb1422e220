"""Virt layer: errors a virt driver raises to the compute manager.

``VirtDriverNotFound`` (loading a driver) lives in ``compute.py``; the
driver also raises ``InstanceNotFound`` from there for an unknown guest.
"""

from nova_rocky.exception.base import Conflict, NovaException


class InstanceExists(NovaException):
    msg_fmt = 'Instance %(name)s already exists.'


class InstanceDeployFailure(NovaException):
    msg_fmt = 'Failed to deploy instance: %(reason)s'


class InstancePowerStateConflict(Conflict):
    """The guest is in a power state in which the action cannot run."""

    msg_fmt = ('Instance %(instance_uuid)s is %(state)s; cannot '
               '%(action)s it.')


class HypervisorUnavailable(NovaException):
    msg_fmt = 'Connection to the hypervisor is broken on host %(host)s'


class LibvirtConnectionFailed(NovaException):
    """The libvirt daemon could not be reached, even after retrying."""

    msg_fmt = ('Cannot connect to libvirt at %(uri)s after %(attempts)d '
               'attempt(s): %(reason)s')


class HypervisorVersionTooOld(NovaException):
    """The host's libvirt or QEMU is below the driver's floor."""

    msg_fmt = ('%(reason)s: nova-compute needs libvirt >= %(min_libvirt)s '
               'and QEMU >= %(min_qemu)s (this host has libvirt '
               '%(libvirt)s, QEMU %(qemu)s)')


class InvalidDriverConfiguration(NovaException):
    """A driver option has a value the driver cannot start with."""

    msg_fmt = 'Invalid configuration of the %(driver)s driver: %(reason)s'


class UEFINotSupported(NovaException):
    msg_fmt = 'UEFI firmware is not available on this host: %(reason)s'


class SecureBootNotSupported(NovaException):
    msg_fmt = 'Secure boot is not available on this host: %(reason)s'
