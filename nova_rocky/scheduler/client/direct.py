"""The real placement service, run inside this process (no socket).

The all-in-one mode and the tests set ``[placement]direct_connection`` to
a database URL; the report client then talks to the ``openstack-placement``
code loaded here instead of a placement-api service over HTTP. It is the
same WSGI application placement-api serves (``placement.deploy.loadapp``),
on the same schema, so behaviour matches a real deployment.

Why not ``placement.direct.PlacementDirect``: it patches
``keystoneauth1.session.Session.get_endpoint`` for the whole process and
installs a process-wide wsgi-intercept, which would send every other
keystoneauth user of the process (keystonemiddleware, the glance and
neutron clients) to placement. Here the interception is scoped: a
keystoneauth Adapter over a private ``requests.Session`` on which a
transport adapter (:class:`WSGITransport`) hands requests for one private
base URL straight to the WSGI app. Nothing global is patched.

Placement keeps its database engine in a module-global enginefacade that
can be configured once per process, so there is ONE in-process placement
(one database) per process: ``get_placement()`` builds it on first use and
refuses a different URL afterwards.
"""

import collections
import io
import threading
import urllib.parse

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import session as ks_session
from oslo_config import cfg
from oslo_log import log as logging
import requests
from requests import adapters as requests_adapters
from requests import structures as requests_structures
from requests import utils as requests_utils

LOG = logging.getLogger(__name__)

#: Private base URL of the in-process placement; never resolved or dialled.
BASE_URL = 'http://placement.in-process.invalid'

_LOCK = threading.Lock()
_PLACEMENT = None


class PlacementDirectError(Exception):
    """The in-process placement cannot be set up as asked."""


class WSGITransport(requests_adapters.BaseAdapter):
    """A requests transport adapter that calls a WSGI app in-process.

    Mounted on one requests.Session for :data:`BASE_URL`, so only that
    session's requests to that URL reach the app. ``request_count`` counts
    every request sent (tests use it to prove that an unchanged update
    makes no call); ``recent`` keeps the last 200 ``"VERB /path?query"``.

    On SQLite writes are serialised here: SQLite allows one writer, and
    placement sets no busy timeout, so two concurrent writers would fail
    with "database is locked" instead of waiting.
    """

    def __init__(self, app, serialize_writes=False):
        super().__init__()
        self.app = app
        self.request_count = 0
        self.recent = collections.deque(maxlen=200)
        self._count_lock = threading.Lock()
        self._write_lock = threading.Lock() if serialize_writes else None

    def reset_counters(self):
        with self._count_lock:
            self.request_count = 0
            self.recent.clear()

    def _environ(self, request):
        url = urllib.parse.urlsplit(request.url)
        body = request.body or b''
        if isinstance(body, str):
            body = body.encode('utf-8')
        environ = {
            'REQUEST_METHOD': request.method,
            'SCRIPT_NAME': '',
            'PATH_INFO': urllib.parse.unquote(url.path) or '/',
            'QUERY_STRING': url.query,
            'SERVER_NAME': url.hostname or 'localhost',
            'SERVER_PORT': str(url.port or 80),
            'SERVER_PROTOCOL': 'HTTP/1.1',
            'REMOTE_ADDR': '127.0.0.1',
            'CONTENT_LENGTH': str(len(body)),
            'wsgi.version': (1, 0),
            'wsgi.url_scheme': url.scheme or 'http',
            'wsgi.input': io.BytesIO(body),
            'wsgi.errors': io.StringIO(),
            'wsgi.multithread': True,
            'wsgi.multiprocess': False,
            'wsgi.run_once': False,
        }
        for name, value in request.headers.items():
            key = name.upper().replace('-', '_')
            if key == 'CONTENT_TYPE':
                environ['CONTENT_TYPE'] = value
            elif key != 'CONTENT_LENGTH':
                environ['HTTP_' + key] = value
        return environ

    def _call_app(self, environ):
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured['status'] = status
            captured['headers'] = headers
            return lambda data: None

        result = self.app(environ, start_response)
        try:
            body = b''.join(result)
        finally:
            if hasattr(result, 'close'):
                result.close()
        return captured['status'], captured['headers'], body

    def send(self, request, stream=False, timeout=None, verify=True,
             cert=None, proxies=None):
        with self._count_lock:
            self.request_count += 1
            self.recent.append('%s %s' % (request.method,
                                          request.path_url))
        environ = self._environ(request)
        if self._write_lock is not None and request.method != 'GET':
            with self._write_lock:
                status, headers, body = self._call_app(environ)
        else:
            status, headers, body = self._call_app(environ)
        response = requests.Response()
        code, _sep, reason = status.partition(' ')
        response.status_code = int(code)
        response.reason = reason
        response.headers = requests_structures.CaseInsensitiveDict(headers)
        response.encoding = requests_utils.get_encoding_from_headers(
            response.headers)
        response._content = body
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def _sqlite_tuning(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers (allocation candidates) run beside the one writer.
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.close()


def _make_conf(connection, auth_strategy='noauth2'):
    # Imported here: placement pulls in a lot, and processes that talk to
    # a remote placement never need it.
    from placement import conf as placement_conf

    conf = cfg.ConfigOpts()
    placement_conf.register_opts(conf)
    # The connection is a required option: it must be known before the
    # (empty) command line is parsed.
    conf.set_default('connection', connection, group='placement_database')
    conf.set_default('sync_on_startup', True, group='placement_database')
    conf.set_default('auth_strategy', auth_strategy, group='api')
    conf([], project='placement', default_config_files=[],
         default_config_dirs=[])
    return conf


class InProcessPlacement(object):
    """One in-process placement: its config, WSGI app and transport.

    Use :func:`get_placement` rather than building one: placement's
    database engine is process-global.
    """

    def __init__(self, connection):
        from placement import db_api as placement_db
        from placement import deploy

        from nova_rocky.db import api as db_api

        self.connection = connection
        self.is_sqlite = connection.startswith('sqlite')
        file_sqlite = self.is_sqlite and ':memory:' not in connection
        self.conf = _make_conf(db_api._shareable_sqlite_url(connection)
                               if file_sqlite else connection)
        placement_db.configure(self.conf)
        if file_sqlite:
            from sqlalchemy import event
            engine = placement_db.get_placement_engine()
            event.listen(engine, 'connect', _sqlite_tuning)
            # Pooled connections instead of one per transaction (writes
            # are serialised by the transport below).
            db_api._pool_sqlite_connections(engine)
        # loadapp migrates the schema (sync_on_startup) and syncs the
        # standard traits and resource classes.
        self.app = deploy.loadapp(self.conf)
        self.transport = WSGITransport(self.app,
                                       serialize_writes=self.is_sqlite)

    def keystone_app(self, authtoken_options):
        """The same placement behind keystonemiddleware, for HTTP users.

        Placement's own keystone pipeline (``placement.deploy.deploy``),
        on a private config whose ``[keystone_authtoken]`` defaults are
        ``authtoken_options``; it shares the database (and policy) of
        :attr:`app`, which stays the unauthenticated in-process path.
        """
        from keystoneauth1 import loading as ks_loading
        from keystonemiddleware import auth_token
        from placement import deploy

        conf = _make_conf(self.conf.placement_database.connection,
                          auth_strategy='keystone')
        for group, opts in auth_token.list_opts():
            conf.register_opts(opts, group=group)
        conf.register_opts(ks_loading.get_auth_plugin_conf_options(
            'password'), group='keystone_authtoken')
        for name, value in authtoken_options.items():
            conf.set_default(name, value, group='keystone_authtoken')
        return deploy.deploy(conf)

    def get_adapter(self):
        """A keystoneauth1 Adapter whose requests reach this placement.

        No auth plugin and ``endpoint_override``: no token or catalog
        lookup happens; placement's noauth2 takes the ``admin`` token.
        """
        http = requests.Session()
        http.mount(BASE_URL, self.transport)
        session = ks_session.Session(
            auth=None, session=http,
            additional_headers={'x-auth-token': 'admin'})
        return ks_adapter.Adapter(session, service_type='placement',
                                  endpoint_override=BASE_URL,
                                  raise_exc=False)


def get_placement(connection=None):
    """The process's in-process placement, created on first use.

    ``connection`` defaults to ``[placement]direct_connection``. Asking for
    a different database once one is running raises PlacementDirectError.
    """
    global _PLACEMENT
    if connection is None:
        from nova_rocky import conf
        connection = conf.CONF.placement.direct_connection
    if not connection:
        raise PlacementDirectError(
            '[placement]direct_connection is not set')
    with _LOCK:
        if _PLACEMENT is None:
            LOG.info('Starting in-process placement on %s', connection)
            _PLACEMENT = InProcessPlacement(connection)
        elif _PLACEMENT.connection != connection:
            raise PlacementDirectError(
                'In-process placement already runs on %s; placement keeps '
                'one database per process, so %s cannot be used' % (
                    _PLACEMENT.connection, connection))
        return _PLACEMENT


def get_running():
    """The in-process placement if one was started, else None."""
    return _PLACEMENT


def get_wsgi_app(connection=None):
    """Placement's WSGI application, for mounting at ``/placement``."""
    return get_placement(connection).app


def get_adapter(connection=None):
    """A keystoneauth1 Adapter on the in-process placement."""
    return get_placement(connection).get_adapter()
