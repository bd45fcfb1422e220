"""``/identity`` on nova-all's port: a reverse proxy to the Keystone child.

Keystone builds its links from ``[DEFAULT]public_endpoint`` (written into
keystone.conf as ``<base>/identity``), so the proxy passes paths through
unchanged below the prefix. Each server thread keeps one keep-alive
connection to the child. While the child is down (restarting) the proxy
answers 503 in Keystone's error format, which keystoneauth reports as
"service unavailable" rather than a connection error.
"""

import http.client
import threading
import urllib.parse

from oslo_log import log as logging
from oslo_serialization import jsonutils

LOG = logging.getLogger(__name__)

_HOP_BY_HOP = frozenset((
    'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization',
    'te', 'trailers', 'transfer-encoding', 'upgrade'))
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
#: Seconds to wait for Keystone's answer. Generous: on a loaded machine a
#: password check (bcrypt) plus SQLite writes can take long, and a late
#: answer is better than a false "unavailable".
TIMEOUT = 300
_RESTARTING = ('The identity service is starting or restarting; retry in '
               'a few seconds.')
_UNREACHABLE = 'The identity service did not answer; retry later.'


def _unavailable(start_response, message=_RESTARTING):
    body = jsonutils.dump_as_bytes({'error': {
        'code': 503, 'title': 'Service Unavailable', 'message': message}})
    start_response('503 Service Unavailable', [
        ('Content-Type', 'application/json'),
        ('Content-Length', str(len(body))), ('Retry-After', '2')])
    return [body]


def _request_headers(environ):
    headers = {}
    for key, value in environ.items():
        if key.startswith('HTTP_'):
            name = key[5:].replace('_', '-').lower()
            if name not in _HOP_BY_HOP and name != 'host':
                headers[name] = value
    for key in ('CONTENT_TYPE', 'CONTENT_LENGTH'):
        if environ.get(key):
            headers[key.replace('_', '-').lower()] = environ[key]
    headers['host'] = environ.get('HTTP_HOST', environ.get('SERVER_NAME'))
    forwarded = environ.get('REMOTE_ADDR')
    if forwarded:
        headers['x-forwarded-for'] = forwarded
    headers['x-forwarded-proto'] = environ.get('wsgi.url_scheme', 'http')
    return headers


class IdentityProxy(object):
    """WSGI app forwarding to the child whose port ``supervisor`` knows."""

    def __init__(self, supervisor, host='127.0.0.1'):
        self.supervisor = supervisor
        self.host = host
        self._local = threading.local()

    def _connection(self, port):
        conn = getattr(self._local, 'conn', None)
        if conn is None or self._local.port != port:
            if conn is not None:
                conn.close()
            conn = http.client.HTTPConnection(self.host, port,
                                              timeout=TIMEOUT)
            self._local.conn, self._local.port = conn, port
        return conn

    def _drop_connection(self):
        conn = getattr(self._local, 'conn', None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def _forward(self, port, method, target, body, headers):
        # A kept-alive connection may have been closed by the child since
        # the last request: retry once on a fresh one.
        for attempt in (1, 2):
            conn = self._connection(port)
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                return response, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError):
                self._drop_connection()
                if attempt == 2:
                    raise
            except Exception:
                self._drop_connection()
                raise

    def __call__(self, environ, start_response):
        port = self.supervisor.port
        if port is None:
            return _unavailable(start_response)
        path = urllib.parse.quote(
            environ.get('PATH_INFO', '').encode('latin-1') or b'/',
            safe=_PATH_SAFE)
        query = environ.get('QUERY_STRING')
        target = path + ('?' + query if query else '')
        length = int(environ.get('CONTENT_LENGTH') or 0)
        body = environ['wsgi.input'].read(length) if length else None
        try:
            response, content = self._forward(
                port, environ['REQUEST_METHOD'], target, body,
                _request_headers(environ))
        except OSError as exc:
            LOG.warning('Identity service at 127.0.0.1:%d is unreachable: '
                        '%r', port, exc)
            return _unavailable(start_response, _UNREACHABLE)
        headers = [(name, value) for name, value in response.getheaders()
                   if name.lower() not in _HOP_BY_HOP]
        start_response('%d %s' % (response.status, response.reason),
                       headers)
        return [content]
