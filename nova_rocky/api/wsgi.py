"""Assembly of the compute API WSGI application.

The service root is a URL map, as upstream's ``osapi_compute``:

* ``/``     -> the versions document (:class:`VersionsApp`)
* ``/v2``   -> the API at the base microversion, legacy compatible
* ``/v2.1`` -> the API with microversions

Each endpoint is a pipeline, listed outermost first:

1. ``HTTPProxyToWSGI``   - honour X-Forwarded-* when configured
2. ``ComputeRequestId``  - req-<uuid>; x-openstack-request-id (and
   x-compute-request-id) on every response
3. ``RequestLog``        - one INFO line per request
4. ``FaultWrapper``      - any escaped exception -> JSON fault, 500s logged
5. auth                  - keystonemiddleware auth_token or noauth2
6. ``ContextMiddleware`` - RequestContext into environ['nova.context']
7. ``MicroversionMiddleware`` - negotiate, echo version headers
8. ``APIRouter``         - ROUTE_DECLARATIONS -> handler

:func:`build_app` builds exactly this from a parsed ConfigOpts (used by
nova-all and tests); ``etc/nova/api-paste.ini`` spells the same pipelines
for paste deployments through the factories at the end of this module.
"""

import time

from oslo_log import log as logging
from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id

from nova_rocky.api import auth
from nova_rocky.api import authtoken
from nova_rocky.api import fault
from nova_rocky.api import microversion
from nova_rocky.api import request as api_request
from nova_rocky.api import router
from nova_rocky.api.handlers import versions
import nova_rocky.conf
from nova_rocky import policy

LOG = logging.getLogger(__name__)
CONF = nova_rocky.conf.CONF


class ComputeRequestId(request_id.RequestId):
    """Request ids, also under Nova's pre-2.46 response header name."""

    compat_headers = ['x-compute-request-id']


class RequestLog(object):
    """Log method, path, status and duration of every request."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.monotonic()
        status = []

        def _start_response(code, headers, exc_info=None):
            status.append(code.split(' ', 1)[0])
            return start_response(code, headers, exc_info)

        try:
            return self.application(environ, _start_response)
        finally:
            LOG.info('%(req)s "%(method)s %(path)s" status: %(status)s '
                     'time: %(time).3f',
                     {'req': environ.get(request_id.ENV_REQUEST_ID),
                      'method': environ.get('REQUEST_METHOD'),
                      'path': environ.get('SCRIPT_NAME', '') +
                      environ.get('PATH_INFO', ''),
                      'status': status[0] if status else '-',
                      'time': time.monotonic() - started})


class URLMap(object):
    """Send a request to the app of its longest matching path prefix.

    The prefix moves from PATH_INFO to SCRIPT_NAME, so handlers see paths
    relative to their endpoint and ``req.application_url`` names it.
    """

    def __init__(self, mapping):
        items = ((prefix.rstrip('/'), app) for prefix, app in mapping.items())
        self._map = sorted(items, key=lambda item: -len(item[0]))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        for prefix, app in self._map:
            if not prefix or path == prefix or path.startswith(prefix + '/'):
                script_name = environ.get('SCRIPT_NAME', '')
                environ['SCRIPT_NAME'] = script_name + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        response = fault.fault_response(
            404, 'The resource could not be found.')
        return response(environ, start_response)


class VersionsApp(object):
    """The service root: GET / lists versions, other paths get a 300."""

    def __call__(self, environ, start_response):
        req = api_request.Request(environ)
        try:
            if req.method not in ('GET', 'HEAD'):
                response = fault.fault_response(
                    405, 'The method specified is not allowed for this '
                         'resource.', {'Allow': 'GET'})
            elif req.path_info in ('', '/'):
                response = versions.list_versions(req)
            else:
                response = versions.multiple_choices(req)
        except Exception as exc:
            response = fault.response_for_exception(environ, exc)
        return response(environ, start_response)


def _outer(conf, app):
    """Layers 1-4, shared by every endpoint (outermost last)."""
    app = fault.FaultWrapper(app)
    app = RequestLog(app)
    app = ComputeRequestId(app)
    return http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)


def auth_middleware(conf):
    """The auth layer selected by ``[api]auth_strategy``."""
    if conf.api.auth_strategy == 'noauth2':
        return auth.NoAuth2Middleware
    return auth.keystone_filter(conf)


def api_pipeline(conf, app, legacy_v2=False):
    """Layers 1-7 around the router ``app`` of one API endpoint."""
    app = microversion.MicroversionMiddleware(app, legacy_v2=legacy_v2)
    app = auth.ContextMiddleware(app)
    app = auth_middleware(conf)(app)
    return _outer(conf, app)


def build_app(conf=None):
    """The complete compute API from an already parsed ConfigOpts.

    No paste file is read; policy is initialised from ``conf``.
    """
    conf = conf or CONF
    policy.init(conf)
    api_router = router.APIRouter()
    return URLMap({
        '/': _outer(conf, VersionsApp()),
        '/v2': api_pipeline(conf, api_router, legacy_v2=True),
        '/v2.1': api_pipeline(conf, api_router),
    })


# -- paste.deploy factories (etc/nova/api-paste.ini) ----------------------

def urlmap_factory(loader, global_conf, **local_conf):
    """Composite: ``/path = app-name`` lines -> URLMap."""
    return URLMap({path: loader.get_app(name, global_conf=global_conf)
                   for path, name in local_conf.items()})


def pipeline_factory(loader, global_conf, **local_conf):
    """Composite: the pipeline named by ``[api]auth_strategy``."""
    names = local_conf[CONF.api.auth_strategy].split()
    app = loader.get_app(names[-1], global_conf=global_conf)
    for name in reversed(names[:-1]):
        app = loader.get_filter(name, global_conf=global_conf)(app)
    return app


def _filter(middleware):
    def factory(global_conf, **local_conf):
        return middleware
    return factory


fault_filter_factory = _filter(fault.FaultWrapper)
request_log_filter_factory = _filter(RequestLog)
request_id_filter_factory = _filter(ComputeRequestId)
noauth2_filter_factory = _filter(auth.NoAuth2Middleware)
context_filter_factory = _filter(auth.ContextMiddleware)


def authtoken_filter_factory(global_conf, **local_conf):
    """auth_token from ``[keystone_authtoken]``; section keys override."""
    return authtoken.keystone_filter(CONF, **local_conf)


def microversion_filter_factory(global_conf, legacy_v2='false', **local):
    legacy = legacy_v2.lower() in ('true', '1', 'yes')
    return lambda app: microversion.MicroversionMiddleware(app, legacy)


def versions_app_factory(global_conf, **local_conf):
    return VersionsApp()


def router_app_factory(global_conf, **local_conf):
    policy.init(CONF)
    return router.APIRouter()
