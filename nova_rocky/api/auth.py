"""Authentication middleware and the request context builder.

Two ways to authenticate, chosen by ``[api]auth_strategy``:

* ``keystone``: keystonemiddleware's ``auth_token`` (wrapped by
  :mod:`nova_rocky.api.authtoken`) validates the token and sets the
  ``X-User-Id``/``X-Project-Id``/``X-Roles``... headers.
* ``noauth2`` (development and tests): :class:`NoAuth2Middleware` trusts
  ``X-Auth-Token: user:project`` and sets the same headers itself; the user
  ``admin`` gets the admin role.

Either way :class:`ContextMiddleware` then builds the
``nova_rocky.context.RequestContext`` from those headers into
``environ['nova.context']``.
"""

import urllib.parse

from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id
from oslo_serialization import jsonutils

from nova_rocky.api import authtoken
from nova_rocky.api import fault
from nova_rocky.api import request as api_request
from nova_rocky import context as nova_context
from nova_rocky import policy

LOG = logging.getLogger(__name__)

# Identity headers a client must never be able to forge under noauth2.
_IDENTITY_ENVIRON = ('HTTP_X_USER_ID', 'HTTP_X_USER', 'HTTP_X_USER_NAME',
                     'HTTP_X_PROJECT_ID', 'HTTP_X_TENANT_ID',
                     'HTTP_X_TENANT', 'HTTP_X_PROJECT_NAME', 'HTTP_X_ROLES',
                     'HTTP_X_ROLE', 'HTTP_X_IDENTITY_STATUS',
                     'HTTP_X_SERVICE_CATALOG', 'HTTP_X_SYSTEM_SCOPE')


class NoAuth2Middleware(object):
    """Trust ``X-Auth-Token: user[:project]`` (development only).

    A missing token is a 401. The project defaults to the user name; the
    user ``admin`` has roles admin, member and reader, anyone else member
    and reader.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # Some clients (python-glanceclient) percent-encode the token.
        token = urllib.parse.unquote(
            environ.get('HTTP_X_AUTH_TOKEN', '').strip())
        if not token:
            response = fault.fault_response(
                401, 'The request you have made requires authentication.')
            return response(environ, start_response)
        user_id, _sep, project_id = token.partition(':')
        roles = ['member', 'reader']
        if user_id == 'admin':
            roles.insert(0, 'admin')
        for key in _IDENTITY_ENVIRON:
            environ.pop(key, None)
        environ.update({
            'HTTP_X_USER_ID': user_id,
            'HTTP_X_USER_NAME': user_id,
            'HTTP_X_PROJECT_ID': project_id or user_id,
            'HTTP_X_PROJECT_NAME': project_id or user_id,
            'HTTP_X_ROLES': ','.join(roles),
            'HTTP_X_IDENTITY_STATUS': 'Confirmed',
        })
        return self.application(environ, start_response)


class ContextMiddleware(object):
    """Build the RequestContext from the identity headers.

    The context carries the request ids set by the request id middleware;
    ``is_admin`` comes from the ``context_is_admin`` policy rule.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get('HTTP_X_IDENTITY_STATUS', 'Confirmed') != 'Confirmed':
            response = fault.fault_response(
                401, 'The request you have made requires authentication.')
            return response(environ, start_response)
        ctx = nova_context.RequestContext.from_environ(
            environ,
            request_id=environ.get(oslo_request_id.ENV_REQUEST_ID),
            remote_address=environ.get('REMOTE_ADDR'),
            service_catalog=_service_catalog(environ))
        # NOTE: from_environ only reads the newer header names; keep
        # accepting the X-Tenant-Id spelling of older keystonemiddleware.
        ctx.project_id = ctx.project_id or environ.get('HTTP_X_TENANT_ID')
        ctx.user_id = ctx.user_id or environ.get('HTTP_X_USER')
        ctx.is_admin = policy.check_is_admin(ctx)
        environ[api_request.ENV_CONTEXT] = ctx
        return self.application(environ, start_response)


def _service_catalog(environ):
    raw = environ.get('HTTP_X_SERVICE_CATALOG')
    if not raw:
        return []
    try:
        return jsonutils.loads(raw)
    except ValueError:
        LOG.warning('Ignoring a service catalog that is not JSON')
        return []


def keystone_filter(conf):
    """keystonemiddleware ``auth_token`` configured from ``conf``, with
    Nova fault bodies for its 401 and 503 answers."""
    return authtoken.keystone_filter(conf)
