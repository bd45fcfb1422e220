"""Exceptions raised by the versioned objects' persistence code."""

from nova_rocky.exception.base import Conflict, Invalid, NotFound
from nova_rocky.exception.compute import UnexpectedTaskStateError


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    """The instance is being deleted while another task tried to save."""


class UnexpectedVMStateError(Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected '
               'vm_state: %(expected)s. Actual: %(actual)s')


class BuildRequestNotFound(NotFound):
    msg_fmt = 'BuildRequest not found for instance %(uuid)s'


class BuildRequestAlreadyExists(Conflict):
    msg_fmt = 'BuildRequest for instance %(uuid)s already exists'


class RequestSpecNotFound(NotFound):
    msg_fmt = 'RequestSpec not found for instance %(instance_uuid)s'


class RequestSpecExists(Conflict):
    msg_fmt = 'RequestSpec for instance %(instance_uuid)s already exists'


class InstanceActionNotFound(NotFound):
    msg_fmt = ('Action for request_id %(request_id)s on instance '
               '%(instance_uuid)s not found')


class InstanceActionEventNotFound(NotFound):
    msg_fmt = 'Event %(event)s not found for action id %(action_id)s'


class ImageMetaPropsInvalid(Invalid):
    """An image property has a value the field does not accept (HTTP 400)."""
    msg_fmt = ('Invalid image property %(name)s=%(value)s: %(reason)s')


class ImageFirmwareRequestInvalid(Invalid):
    """Image properties ask for a firmware set-up no host can give."""

    msg_fmt = 'Invalid firmware request in image properties: %(reason)s'
