"""Shared set-up of the image tests: config, databases, image dir, users."""

import socketserver
import threading
from wsgiref import simple_server

import fixtures
import testtools

from nova_rocky import context as nova_context
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture


def make_context(user, project, is_admin=False):
    """A RequestContext as the API's auth layer would build it."""
    return nova_context.RequestContext(
        user_id=user, project_id=project, is_admin=is_admin,
        auth_token='%s:%s' % (user, project))


class ImageTestCase(testtools.TestCase):
    """Migrated empty databases and a temporary ``[glance]image_dir``.

    ``self.admin`` is an admin of project ``admin``; ``self.alice`` and
    ``self.bob`` are members of projects ``p1`` and ``p2``.
    """

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(db_fixture.Database())
        self.image_dir = self.useFixture(fixtures.TempDir()).path
        self.conf.config(group='glance', image_dir=self.image_dir,
                         backend='local')
        self.admin = make_context('admin', 'admin', is_admin=True)
        self.alice = make_context('alice', 'p1')
        self.bob = make_context('bob', 'p2')


class _QuietHandler(simple_server.WSGIRequestHandler):

    def log_message(self, *args):
        pass


class _ThreadingServer(socketserver.ThreadingMixIn,
                       simple_server.WSGIServer):
    daemon_threads = True


class WSGIServerFixture(fixtures.Fixture):
    """Serve ``app`` with wsgiref on 127.0.0.1:<free port> in a thread.

    ``url`` is the base URL, ``prefix`` appended (e.g. ``/image``).
    """

    def __init__(self, app, prefix=''):
        super().__init__()
        self.app = app
        self.prefix = prefix

    def _setUp(self):
        app = self.app
        if self.prefix:
            app = _Prefixed(self.prefix, app)
        server = simple_server.make_server(
            '127.0.0.1', 0, app, server_class=_ThreadingServer,
            handler_class=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever,
                                  kwargs={'poll_interval': 0.05},
                                  daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.url = 'http://127.0.0.1:%d%s' % (server.server_port,
                                              self.prefix)


class _Prefixed(object):
    """Mount an app under a path prefix, as nova-all mounts /image."""

    def __init__(self, prefix, app):
        self.prefix = prefix
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if not path.startswith(self.prefix):
            start_response('404 Not Found', [('Content-Length', '0')])
            return [b'']
        environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + self.prefix
        environ['PATH_INFO'] = path[len(self.prefix):]
        return self.app(environ, start_response)
