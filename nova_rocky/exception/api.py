"""API-level exceptions: microversions, validation."""

from nova_rocky.exception.base import Invalid, NovaException


class InvalidAPIVersionString(Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class InvalidGlobalAPIVersion(NovaException):
    msg_fmt = ('Version %(req_ver)s is not supported by the API. Minimum is '
               '%(min_ver)s and maximum is %(max_ver)s.')
    code = 406


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class InvalidInput(Invalid):
    msg_fmt = 'Invalid input received: %(reason)s'


class MalformedRequestBody(Invalid):
    msg_fmt = 'Malformed message body: %(reason)s'


class MarkerNotFound(Invalid):
    msg_fmt = 'Marker %(marker)s could not be found.'
