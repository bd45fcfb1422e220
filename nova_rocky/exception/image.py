"""Image catalog exceptions."""

from nova_rocky.exception.base import Invalid, NotFound, NovaException


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class ImageBadRequest(Invalid):
    msg_fmt = 'Request of image %(image_id)s got BadRequest response: %(response)s'


class ImageServiceUnavailable(NovaException):
    msg_fmt = 'The image service is unavailable: %(reason)s'
    code = 503
