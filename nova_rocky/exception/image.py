"""Image catalog exceptions."""

from nova_rocky.exception.base import Invalid, NotFound, NovaException


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class ImageBadRequest(Invalid):
    msg_fmt = ('Request of image %(image_id)s got BadRequest response: '
               '%(response)s')


class ImageServiceUnavailable(NovaException):
    msg_fmt = 'The image service is unavailable: %(reason)s'
    code = 503


class ImageNotAuthorized(NovaException):
    msg_fmt = 'Not authorized for image %(image_id)s.'
    code = 403


class ImageProtected(NovaException):
    msg_fmt = 'Image %(image_id)s is protected and cannot be deleted.'
    code = 403


class ImageAttributeReadOnly(NovaException):
    msg_fmt = "Attribute '%(attribute)s' of an image is read-only."
    code = 403


class ImageExists(NovaException):
    msg_fmt = 'Image %(image_id)s already exists.'
    code = 409


class ImageStatusConflict(NovaException):
    msg_fmt = ('Image %(image_id)s is %(status)s: cannot %(action)s it.')
    code = 409


class InvalidImageRequest(Invalid):
    msg_fmt = 'Invalid image request: %(reason)s'


class ImageUnacceptable(Invalid):
    msg_fmt = 'Image %(image_id)s is unacceptable: %(reason)s'
