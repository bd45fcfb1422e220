"""The root of every nova_rocky exception.

Each exception carries a message template (``msg_fmt``) and the HTTP status
code (``code``) the API answers with when it escapes a handler; the API's
fault middleware turns any ``NovaException`` into Nova's JSON fault body.
"""

import logging

LOG = logging.getLogger(__name__)


class NovaException(Exception):
    """Base exception: a formatted, user-safe message and an HTTP code."""

    msg_fmt = 'An unknown exception occurred.'
    code = 500
    headers = {}
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        self.kwargs.setdefault('code', self.code)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError, ValueError):
                LOG.exception('Bad keyword arguments for %s: %s',
                              type(self).__name__, kwargs)
                message = self.msg_fmt
        self.message = str(message)
        super().__init__(self.message)

    def format_message(self):
        return self.message


class Invalid(NovaException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400


class NotFound(NovaException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class Conflict(NovaException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class Forbidden(NovaException):
    msg_fmt = 'Forbidden.'
    code = 403


class PolicyNotAuthorized(Forbidden):
    msg_fmt = 'Policy does not allow %(action)s to be performed.'


class ServiceUnavailable(NovaException):
    msg_fmt = 'Service unavailable: %(reason)s'
    code = 503
