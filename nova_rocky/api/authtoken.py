"""keystonemiddleware ``auth_token`` with Nova's fault bodies.

auth_token answers some requests itself: 401 (no token, a malformed,
expired or revoked one; with a ``WWW-Authenticate: Keystone uri=...``
header naming where to get a token) and 503 (the identity service cannot
be reached to validate an uncached token). Its bodies are webob's HTML or
text; API users expect the JSON fault document of every other error, so
:class:`AuthTokenFaults` rewrites exactly those responses, keeping their
headers. An outage of the identity service is logged once, naming its
endpoint, and its end once; validated tokens are cached by auth_token
(``[keystone_authtoken]token_cache_time``), so cached users keep working
through a short outage.
"""

import threading

from keystonemiddleware import auth_token
from oslo_config import cfg
from oslo_log import log as logging

from nova_rocky.api import fault

LOG = logging.getLogger(__name__)

#: Set in the environ once auth_token passed a request on.
ENV_PASSED = 'nova_rocky.authtoken_passed'
#: The app a request goes to once the shared auth_token passed it.
ENV_NEXT = 'nova_rocky.authtoken_next'
_UNAUTHENTICATED = 'The request you have made requires authentication.'
_UNAVAILABLE = ('The identity service is unavailable, so the token cannot '
                'be validated; try again later.')


def identity_endpoint(conf):
    """The identity URL auth_token validates against, for log lines."""
    for name in ('auth_url', 'www_authenticate_uri'):
        try:
            value = conf.keystone_authtoken[name]
        except (cfg.NoSuchOptError, KeyError):
            continue
        if value:
            return value
    return '(no [keystone_authtoken]auth_url configured)'


class AuthTokenFaults(object):
    """Wrap an auth_token-protected app; fault bodies for its own errors."""

    def __init__(self, application, identity_url):
        self.application = application
        self.identity_url = identity_url
        self._outage = False
        self._lock = threading.Lock()

    def _set_outage(self, outage):
        with self._lock:
            changed, self._outage = self._outage != outage, outage
        if changed and outage:
            LOG.error('Identity service %s is unreachable: requests with '
                      'tokens not in the cache get 503 until it answers',
                      self.identity_url)
        elif changed:
            LOG.info('Identity service %s answers again', self.identity_url)

    def __call__(self, environ, start_response):
        captured = []

        def _start_response(status, headers, exc_info=None):
            if environ.get(ENV_PASSED):
                return start_response(status, headers, exc_info)
            captured.append((status, headers))
            return lambda data: None

        result = self.application(environ, _start_response)
        if environ.get(ENV_PASSED) or not captured:
            if self._outage:
                self._set_outage(False)
            return result
        if hasattr(result, 'close'):
            result.close()
        status, headers = captured[0]
        code = int(status.split(' ', 1)[0])
        if code == 503:
            self._set_outage(True)
            response = fault.fault_response(503, _UNAVAILABLE,
                                            {'Retry-After': '5'})
        elif code == 401:
            kept = {name: value for name, value in headers
                    if name.lower() == 'www-authenticate'}
            response = fault.fault_response(401, _UNAUTHENTICATED, kept)
        else:
            response = fault.fault_response(code, status.split(' ', 1)[-1])
        return response(environ, start_response)


class _PassOn(object):
    """The app behind the shared auth_token: the one the request is for."""

    def __call__(self, environ, start_response):
        environ[ENV_PASSED] = True
        return environ.pop(ENV_NEXT)(environ, start_response)


class _Protected(object):
    """``application`` behind the shared auth_token ``guard``."""

    def __init__(self, guard, application):
        self.guard = guard
        self.application = application

    def __call__(self, environ, start_response):
        environ[ENV_NEXT] = self.application
        return self.guard(environ, start_response)


_GUARDS = {}
_GUARDS_LOCK = threading.Lock()


def _guard(conf, identity_url, paste_options):
    key = (id(conf), identity_url, tuple(sorted(paste_options.items())))
    with _GUARDS_LOCK:
        if key not in _GUARDS:
            protect = auth_token.filter_factory(
                {}, oslo_config_config=conf, **paste_options)
            guarded = protect(_PassOn())  # registers conf's options
            guard = AuthTokenFaults(guarded, identity_url or (
                paste_options.get('auth_url') or
                paste_options.get('www_authenticate_uri') or
                identity_endpoint(conf)))
            # The conf is kept referenced so that its id stays its own.
            _GUARDS[key] = (conf, guard)
        return _GUARDS[key][1]


def keystone_filter(conf, identity_url=None, **paste_options):
    """A filter: auth_token configured from ``conf``, Nova fault bodies.

    ``paste_options`` (strings, as in an api-paste.ini ``[filter:...]``
    section) override ``conf``'s ``[keystone_authtoken]`` values. Every app
    wrapped for the same ``conf`` and options shares one auth_token: one
    token cache and one service user session for ``/v2``, ``/v2.1`` and
    (in nova-all) ``/image``, so a token is validated once, not once per
    endpoint.
    """
    def _filter(app):
        return _Protected(_guard(conf, identity_url, paste_options), app)
    return _filter
