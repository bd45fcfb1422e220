"""One HTTP port for the compute API, the image API, placement and
(unless ``--noauth``) the identity service."""

from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

from nova_rocky.api import auth as api_auth
from nova_rocky.api import wsgi as api_wsgi

LOG = logging.getLogger(__name__)


class PrefixDispatcher(object):
    """Send ``/image/...`` and ``/placement/...`` to their applications
    (with the prefix moved to SCRIPT_NAME) and the rest to the compute
    API."""

    def __init__(self, default_app, prefixed_apps):
        self.default_app = default_app
        self.prefixed_apps = sorted(prefixed_apps.items(),
                                    key=lambda item: -len(item[0]))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        for prefix, app in self.prefixed_apps:
            if path == prefix or path.startswith(prefix + '/'):
                environ['SCRIPT_NAME'] = (environ.get('SCRIPT_NAME', '') +
                                          prefix)
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        return self.default_app(environ, start_response)


class OpenVersionDocuments(object):
    """Serve an API's version documents without authentication.

    Glance answers ``GET /`` and ``/versions`` to anyone (clients discover
    versions before they authenticate); the rest goes through auth.
    """

    PATHS = ('', '/', '/versions', '/versions/')

    def __init__(self, open_app, protected_app):
        self.open_app = open_app
        self.protected_app = protected_app

    def __call__(self, environ, start_response):
        if (environ.get('PATH_INFO', '') in self.PATHS and
                environ.get('REQUEST_METHOD') in ('GET', 'HEAD') and
                not environ.get('HTTP_X_AUTH_TOKEN')):
            return self.open_app(environ, start_response)
        return self.protected_app(environ, start_response)


def build_application(conf, identity=None):
    """Compose the compute API, the Glance subset and placement.

    With ``identity`` (an ``EmbeddedIdentity``) every endpoint validates
    Keystone tokens and ``/identity`` reaches Keystone; without it they
    take noauth2 tokens.
    """
    from nova_rocky.image import wsgi as image_wsgi
    from nova_rocky.scheduler.client import direct as placement_direct

    compute_app = api_wsgi.build_app(conf)
    image_app = image_wsgi.make_app(conf)
    # The image API sees the same identity as the compute API.
    image_app = OpenVersionDocuments(image_app, api_wsgi.auth_middleware(
        conf)(api_auth.ContextMiddleware(image_app)))
    image_app = api_wsgi._outer(conf, image_app)
    placement = placement_direct.get_placement()
    apps = {'/image': image_app}
    if identity is None:
        apps['/placement'] = placement.app
    else:
        apps['/placement'] = placement.keystone_app(
            identity.authtoken_options())
        apps['/identity'] = identity.proxy
    return PrefixDispatcher(compute_app, apps)


class HTTPServer(object):
    """A threaded, keep-alive HTTP server (cheroot) in its own thread."""

    def __init__(self, app, host, port, threads):
        self.server = cheroot_wsgi.Server((host, port), app,
                                          numthreads=threads,
                                          server_name='nova-all')
        # Binds now (the port is known, e.g. for URLs in the catalog);
        # requests wait in the backlog until serve_in_thread().
        self.server.prepare()
        self.host, self.port = self.server.bind_addr[:2]

    def set_application(self, app):
        self.server.wsgi_app = app

    def serve_in_thread(self):
        import threading
        thread = threading.Thread(target=self.server.serve, daemon=True,
                                  name='nova-all-http')
        thread.start()
        return thread

    def stop(self):
        self.server.stop()
