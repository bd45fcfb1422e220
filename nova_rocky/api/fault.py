"""Nova's JSON fault bodies and the middleware that guarantees one.

Every error leaves the API as ``{"<faultName>": {"code": N, "message":
"..."}}`` with upstream's fault names (``FAULT_NAMES``; anything else is a
``computeFault``). Handlers raise a ``NovaException`` (its ``code`` picks
the status) or a ``webob.exc`` error; :func:`response_for_exception` turns
either into a fault response. :class:`FaultWrapper`, near the top of the
middleware stack, catches whatever escaped everything else and answers a
500 without leaking a traceback.
"""

from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id
from oslo_serialization import jsonutils
import webob
import webob.exc

from nova_rocky import exception

LOG = logging.getLogger(__name__)

# The status -> root key mapping of upstream's Fault class. 406 is not in
# it upstream either, so an unacceptable microversion is a computeFault.
FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}
DEFAULT_FAULT_NAME = 'computeFault'


def fault_body(code, message, retry_after=None):
    """The fault document for HTTP status ``code``."""
    fault = {'code': code, 'message': message}
    if retry_after is not None and code in (413, 429):
        fault['retryAfter'] = str(retry_after)
    return {FAULT_NAMES.get(code, DEFAULT_FAULT_NAME): fault}


def fault_response(code, message, headers=None):
    """A webob Response carrying the fault document for ``code``."""
    headers = dict(headers or {})
    body = fault_body(code, message, headers.get('Retry-After'))
    response = webob.Response(status=code,
                              content_type='application/json',
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in headers.items():
        response.headers[key] = str(value)
    return response


def unexpected_error_response(environ, exc):
    """Log ``exc`` with its request id and return a bare 500 fault."""
    request_id = environ.get(oslo_request_id.ENV_REQUEST_ID, '-')
    LOG.exception('Unexpected API error (request %s): %s', request_id, exc)
    return fault_response(
        500, 'Unexpected API Error. Please report it to the operator with '
             'the request id %s.' % request_id)


def response_for_exception(environ, exc):
    """Turn an exception raised by a handler into a fault response."""
    if isinstance(exc, exception.NovaException):
        if exc.code >= 500 and not exc.safe:
            # NOTE: a 500 NovaException is a bug or an internal failure
            # whose message may name hosts or paths; log it, say little.
            return unexpected_error_response(environ, exc)
        return fault_response(exc.code, exc.format_message(), exc.headers)
    if isinstance(exc, webob.exc.HTTPException):
        if exc.code < 400:
            return exc
        headers = {k: v for k, v in exc.headers.items()
                   if k.lower() in ('allow', 'retry-after', 'location')}
        return fault_response(exc.code, exc.explanation, headers)
    return unexpected_error_response(environ, exc)


class FaultWrapper(object):
    """Last line of defence: any exception becomes a JSON fault."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception as exc:
            response = response_for_exception(environ, exc)
            return response(environ, start_response)
