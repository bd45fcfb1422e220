"""nova-all: every nova_rocky service in one process.

The compute API (and the image API and placement) on one HTTP port, the
conductor, the scheduler and ``--computes`` fake computes as threads, on
SQLite files in ``--state-dir``, over an in-process message transport.
Keystone runs beside them as a supervised child process, served at
``/identity`` on the same port; ``--noauth`` leaves it out and accepts
noauth2 tokens (``user:project``) instead.
"""

import signal
import socket
import sys
import threading

from oslo_config import cfg
from oslo_log import log as logging

from nova_rocky.allinone import bootstrap
from nova_rocky.allinone import http
from nova_rocky.allinone.identity import embedded as embedded_identity
from nova_rocky.allinone.identity import layout as identity_layout
from nova_rocky.allinone.identity import supervisor as identity_supervisor
from nova_rocky.allinone import runner
from nova_rocky.allinone import state as allinone_state
from nova_rocky import conf
from nova_rocky.conf import opts as conf_opts
from nova_rocky.db import api as db_api
from nova_rocky import objects

CONF = conf.CONF
LOG = logging.getLogger('nova_rocky.cmd.all')

cli_opts = [
    cfg.StrOpt('listen', default='127.0.0.1:8774',
               help='HOST:PORT the HTTP server listens on.'),
    cfg.IntOpt('computes', default=1, min=1,
               help='Number of fake compute services to run.'),
    cfg.StrOpt('state-dir', default='~/.nova_rocky',
               help='Directory of the SQLite files and image data.'),
    cfg.BoolOpt('noauth', default=False,
                help='Run without Keystone: the API takes noauth2 tokens '
                     '("user:project"; user "admin" is an administrator). '
                     'For tests and benchmarks.'),
]


def _state_dir_from_argv(argv):
    # The state directory decides config defaults, which must be set before
    # the full parse; read it from argv the way the parser will.
    for index, arg in enumerate(argv):
        if arg.startswith('--state-dir='):
            return arg.split('=', 1)[1]
        if arg == '--state-dir' and index + 1 < len(argv):
            return argv[index + 1]
    return '~/.nova_rocky'


def _parse_listen(value):
    host, _sep, port = value.rpartition(':')
    if not host or not port.isdigit():
        raise SystemExit('nova-all: --listen takes HOST:PORT, got %r'
                         % value)
    return host.strip('[]'), int(port)


def parse_options(argv):
    """Parse options and set the defaults the state directory implies."""
    state = allinone_state.StateDir(_state_dir_from_argv(argv))
    # The SQLite files are opened as soon as the databases are configured,
    # before the bootstrap: a new state directory must exist by then.
    state.create()
    allinone_state.set_defaults(state)
    CONF.register_cli_opts(cli_opts)
    logging.register_options(CONF)
    conf_opts.set_defaults(CONF)
    CONF(argv, project='nova', prog='nova-all',
         default_config_files=[])
    logging.setup(CONF, 'nova')
    CONF.set_override('auth_strategy',
                      'noauth2' if CONF.noauth else 'keystone', group='api')
    return state


def prepare_state(state):
    """Databases, cells, flavors and the demo image (safe to repeat)."""
    objects.register_all()
    db_api.configure()
    db_api.install_default_sqlite_hooks()
    bootstrap.bootstrap(state)


def public_base_url(host, port):
    """nova-all's URL as clients (and the catalog) name it."""
    if host in ('0.0.0.0', '::', ''):
        host = socket.gethostname()
    elif ':' in host:
        host = '[%s]' % host
    return 'http://%s:%d' % (host, port)


def _print_ready(state, base, identity):
    print('nova-all is ready (state in %s)' % state.path)
    print('  compute API:   %s/v2.1' % base)
    print('  image API:     %s/image' % base)
    print('  placement API: %s/placement' % base)
    if identity is None:
        print('  auth: X-Auth-Token: <user>:<project> (user "admin" is '
              'admin)')
    else:
        print('  identity API:  %s' % identity.url)
        print('  admin password: %s' % identity.admin_password)
        print('  clouds.yaml:   %s (OS_CLOUD=%s)' % (
            identity.write_clouds_yaml(),
            identity_layout.CLOUD_NAME))
    sys.stdout.flush()


class PortInUse(Exception):
    """The --listen address cannot be bound."""


def start(state):
    """Start everything; return (server, services, identity or None)."""
    host, port = _parse_listen(CONF.listen)
    # Bind first: a port in use is one clear line, before anything runs.
    try:
        server = http.HTTPServer(None, host, port, CONF.wsgi.server_threads)
    except OSError as exc:
        problem = str(exc)
    else:
        problem = None
    if problem:
        raise PortInUse('nova-all cannot listen on %s:%d: %s'
                        % (host, port, problem))
    identity = services = None
    if not CONF.noauth:
        # Keystone's start overlaps the databases' and services' below.
        identity = embedded_identity.EmbeddedIdentity(
            state.path, public_base_url(server.host, server.port))
        identity.start()
    try:
        prepare_state(state)
        services = runner.ServiceRunner(CONF.computes)
        services.start()
        if identity is not None:
            identity.configure_authtoken(CONF)
            identity.wait_ready()
    except BaseException:
        if services is not None:
            services.stop()
        if identity is not None:
            identity.stop()
        server.stop()
        raise
    server.set_application(http.build_application(CONF, identity))
    server.serve_in_thread()
    return server, services, identity


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    state = parse_options(argv)
    try:
        server, services, identity = start(state)
    except PortInUse as exc:
        LOG.error('%s', exc)
        return 1
    except identity_supervisor.KeystoneUnavailable as exc:
        LOG.error('%s', exc)
        print('nova-all: %s' % exc, file=sys.stderr)
        return 1
    _print_ready(state, public_base_url(server.host, server.port), identity)

    stop = threading.Event()

    def _on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    while not stop.wait(1):
        pass
    LOG.info('nova-all stopping')
    server.stop()
    services.stop()
    if identity is not None:
        identity.stop()
    print('nova-all stopped')
    return 0


if __name__ == '__main__':
    sys.exit(main())
