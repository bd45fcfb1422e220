"""Compute API microversions and project extensions.

A request picks its microversion with ``OpenStack-API-Version: compute X.Y``
(or the pre-2.27 ``X-OpenStack-Nova-API-Version: X.Y``); ``latest`` means
:func:`max_version`, and no header means :func:`min_version`.
:class:`MicroversionMiddleware` stores the result in the WSGI environ, so a
handler reads it as ``req.api_version`` (a comparable tuple) or asks
``is_at_least(req, '2.61')``. A handler with per-version variants uses
:func:`version_handler`, as placement does.

Project-only features never borrow an upstream microversion number. A
client opts in to them with the ``X-Nova-Rocky-Extensions`` header (see
:data:`EXTENSIONS` and ``rest_api_version_history.rst``).
"""

import collections
import functools
import inspect
import re

import microversion_parse
import webob.exc

from nova_rocky.api import fault

SERVICE_TYPE = 'compute'
HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
VARY = '%s, %s' % (HEADER, LEGACY_HEADER)
EXTENSIONS_HEADER = 'X-Nova-Rocky-Extensions'

ENV_VERSION = 'nova.api_version'
ENV_LEGACY_V2 = 'nova.legacy_v2'
ENV_EXTENSIONS = 'nova.extensions'

# NOTE: the "(Maximum in <release>)" markers say which release stopped
# at that version; Rocky, which nova_rocky mirrors, stops at 2.65.
VERSIONS = [
    '2.1',   # The v2.1 API: v2.0 semantics with strict input validation
    '2.2',   # Keypair "type" (ssh/x509); create 201, delete 204
    '2.3',   # More extended server attributes; delete_on_termination (Kilo)
    '2.4',   # "reserved" shown by os-fixed-ips
    '2.5',   # "ip6" server list filter allowed for non-admins
    '2.6',   # POST /servers/{id}/remote-consoles replaces get*Console
    '2.7',   # Adding project access to a public flavor is a 409
    '2.8',   # "mks" console protocol and "webmks" type
    '2.9',   # "locked" in server detail, update and rebuild responses
    '2.10',  # Admins manage keypairs of other users (user_id)
    '2.11',  # os-services "forced_down" shown and settable
    '2.12',  # "net_id" in os-virtual-interfaces (Liberty)
    '2.13',  # project_id and user_id in server groups
    '2.14',  # Evacuate drops onSharedStorage and the adminPass reply
    '2.15',  # soft-affinity / soft-anti-affinity server group policies
    '2.16',  # "host_status" in server show and detail
    '2.17',  # trigger_crash_dump server action
    '2.18',  # project_id in the URL becomes optional
    '2.19',  # Server "description"
    '2.20',  # Volume attach/detach on shelved(-offloaded) servers
    '2.21',  # os-instance-actions works for deleted servers
    '2.22',  # /servers/{id}/migrations and force_complete action
    '2.23',  # List/show a server's migrations; migration_type
    '2.24',  # DELETE /servers/{id}/migrations/{id} aborts live migration
    '2.25',  # Live migrate block_migration "auto"; no disk_over_commit
             # (Mitaka)
    '2.26',  # Server tags
    '2.27',  # The OpenStack-API-Version header form
    '2.28',  # Hypervisor cpu_info is a JSON object
    '2.29',  # Evacuate "force"; a given host is checked by the scheduler
    '2.30',  # Live migrate "force"; a given host is checked
    '2.31',  # os-console-auth-tokens answers for every console type
    '2.32',  # Device tags on boot networks and block device mappings
    '2.33',  # Hypervisor list paging (BDM tags lost by a bug)
    '2.34',  # Live migration pre-checks run asynchronously
    '2.35',  # Keypair list paging
    '2.36',  # Proxy APIs (images, networks, volumes...) return 404
    '2.37',  # networks "auto"/"none" (get-me-a-network), now required
    '2.38',  # Unknown status filter on server list is a 400 (Newton)
    '2.39',  # Image metadata proxy gone; maxImageMeta not in limits
    '2.40',  # os-simple-tenant-usage paging
    '2.41',  # Aggregate "uuid"
    '2.42',  # Device tags restored on boot networks and BDMs (Ocata)
    '2.43',  # os-hosts returns 404
    '2.44',  # Fixed/floating IP actions and virtual interfaces return 404
    '2.45',  # createImage/createBackup reply with image_id, no Location
    '2.46',  # X-OpenStack-Request-ID response header (signal only)
    '2.47',  # Server shows the embedded flavor's details
    '2.48',  # Standardised server diagnostics
    '2.49',  # Tagged volume and interface attach
    '2.50',  # Quota classes show server group quotas, drop network ones
    '2.51',  # volume-extended event; non-admins see action events
    '2.52',  # Tags at server create
    '2.53',  # Services and hypervisors addressed by uuid (Pike)
    '2.54',  # key_name on rebuild
    '2.55',  # Flavor "description"
    '2.56',  # Cold migrate to a requested host
    '2.57',  # personality removed; user_data on rebuild
    '2.58',  # Instance action paging and changes-since
    '2.59',  # Migration paging, changes-since and uuid
    '2.60',  # Multiattach volumes (Queens)
    '2.61',  # Flavor extra_specs shown inline
    '2.62',  # host and hostId in instance action events
    '2.63',  # trusted_image_certificates on create and rebuild
    '2.64',  # Server group "policy" and "rules" replace "policies"
    '2.65',  # Abort live migrations that are queued or preparing (Rocky)
]

# Project extensions: name -> one-line description. Add one line per
# feature, document it in rest_api_version_history.rst ("Project
# extensions") and gate the handler code on extension_enabled().
EXTENSIONS = {}

# Upstream's grammar: no leading zeros and no third part.
_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')
VERSIONED_METHODS = collections.defaultdict(list)


@functools.lru_cache(maxsize=512)
def parse_version(text):
    """Turn ``'X.Y'`` into a comparable Version; ValueError if malformed.

    Cached: views compare against the same few versions for every item of
    a list.
    """
    if not isinstance(text, str) or not _VERSION_RE.match(text.strip()):
        raise ValueError(text)
    return microversion_parse.parse_version_string(text.strip())


def min_version():
    """The oldest microversion served (the default)."""
    return parse_version(VERSIONS[0])


def max_version():
    """The newest microversion served (what ``latest`` means)."""
    return parse_version(VERSIONS[-1])


def is_at_least(req, version):
    """True when ``req`` asked for ``version`` (``'2.61'``) or newer."""
    return req.environ[ENV_VERSION] >= parse_version(version)


def extension_enabled(req, name):
    """True when the client opted in to project extension ``name``."""
    return name in req.environ.get(ENV_EXTENSIONS, ())


def negotiate(environ):
    """Return the Version a request asks for.

    Raises a webob 400 for a malformed version and 406 for a version
    outside the supported range (Nova's status codes and messages).
    """
    try:
        text = microversion_parse.get_version(
            microversion_parse.headers_from_wsgi_environ(environ),
            service_type=SERVICE_TYPE, legacy_headers=[LEGACY_HEADER])
    except ValueError:
        text = ''
    if text is None:
        return min_version()
    if text.strip() == 'latest':
        return max_version()
    try:
        version = parse_version(text)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='API Version String %s is of invalid format. Must '
                        'be of format MajorNum.MinorNum.' % text)
    if not min_version() <= version <= max_version():
        raise webob.exc.HTTPNotAcceptable(
            explanation='Version %s is not supported by the API. Minimum is '
                        '%s and maximum is %s.' % (
                            text, VERSIONS[0], VERSIONS[-1]))
    return version


def requested_extensions(environ):
    """The extension names of the request header, validated (400)."""
    raw = environ.get('HTTP_X_NOVA_ROCKY_EXTENSIONS', '')
    names = {n.strip().lower() for n in raw.split(',') if n.strip()}
    unknown = sorted(names - set(EXTENSIONS))
    if unknown:
        raise webob.exc.HTTPBadRequest(
            explanation='Unknown project extension(s) in %s: %s. Known: %s.'
            % (EXTENSIONS_HEADER, ', '.join(unknown),
               ', '.join(sorted(EXTENSIONS)) or 'none'))
    return frozenset(names)


class MicroversionMiddleware(object):
    """Negotiate the microversion and echo it on every response.

    ``legacy_v2=True`` serves the ``/v2`` endpoint: version headers are
    ignored, every request runs at the minimum version and responses
    carry no version headers (upstream's v2 compatibility mode).
    The version root (``GET /v2.1/``) is not microversioned, as upstream.
    """

    def __init__(self, application, legacy_v2=False):
        self.application = application
        self.legacy_v2 = legacy_v2

    def __call__(self, environ, start_response):
        environ[ENV_LEGACY_V2] = self.legacy_v2
        if self.legacy_v2 or environ.get('PATH_INFO', '') in ('', '/'):
            environ[ENV_VERSION] = min_version()
            environ[ENV_EXTENSIONS] = frozenset()
            return self.application(environ, start_response)
        try:
            environ[ENV_VERSION] = negotiate(environ)
            environ[ENV_EXTENSIONS] = requested_extensions(environ)
        except webob.exc.HTTPException as exc:
            return fault.fault_response(exc.code, exc.explanation)(
                environ, start_response)
        headers = version_headers(environ)

        def _start_response(status, response_headers, exc_info=None):
            return start_response(
                status, _merge_headers(response_headers, headers), exc_info)

        return self.application(environ, _start_response)


def version_headers(environ):
    """Response headers naming the version (and extensions) served."""
    version = str(environ[ENV_VERSION])
    headers = [(HEADER, '%s %s' % (SERVICE_TYPE, version)),
               (LEGACY_HEADER, version)]
    if environ.get(ENV_EXTENSIONS):
        headers.append((EXTENSIONS_HEADER,
                        ', '.join(sorted(environ[ENV_EXTENSIONS]))))
    return headers


def _merge_headers(response_headers, extra):
    """Add ``extra`` and our Vary tokens to a WSGI header list."""
    vary = VARY
    if extra and any(k == EXTENSIONS_HEADER for k, _v in extra):
        vary += ', ' + EXTENSIONS_HEADER
    merged = []
    for key, value in response_headers:
        if key.lower() == 'vary':
            vary = '%s, %s' % (value, vary)
        else:
            merged.append((key, value))
    return merged + list(extra) + [('Vary', vary)]


def _qualified_name(func):
    if not inspect.isfunction(func):
        raise TypeError('version_handler needs a module-level function')
    return '%s.%s' % (func.__module__, func.__qualname__)


def version_handler(min_ver, max_ver=None):
    """Register the decorated handler for versions ``min_ver..max_ver``.

    Define one function per version range under the same name (the last
    definition wins the module attribute and dispatches to all of them)::

        @microversion.version_handler('2.1', '2.63')
        def create_group(req, body): ...

        @microversion.version_handler('2.64')
        def create_group(req, body): ...  # noqa: F811

    A version served by no variant gets a 404, as upstream. Ranges must
    not overlap; tests check that, not this code.
    """
    low = parse_version(min_ver)
    high = parse_version(max_ver) if max_ver else max_version()

    def decorator(func):
        name = _qualified_name(func)
        VERSIONED_METHODS[name].append((low, high, func))
        VERSIONED_METHODS[name].sort(key=lambda item: item[0], reverse=True)

        def dispatch(req, *args, **kwargs):
            version = req.environ[ENV_VERSION]
            for start, end, variant in VERSIONED_METHODS[name]:
                if start <= version <= end:
                    return variant(req, *args, **kwargs)
            raise webob.exc.HTTPNotFound(
                explanation='API version %s is not supported on this '
                            'method.' % str(version))

        dispatch.__name__ = func.__name__
        dispatch.__qualname__ = func.__qualname__
        dispatch.__module__ = func.__module__
        dispatch.__doc__ = func.__doc__
        return dispatch
    return decorator
