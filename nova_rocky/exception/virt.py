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
