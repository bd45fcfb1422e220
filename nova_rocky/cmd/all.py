"""nova-all: every nova_rocky service in one process.

The compute API (and the image API and placement) on one HTTP port, the
conductor, the scheduler and ``--computes`` fake computes as threads, on
SQLite files in ``--state-dir``, over an in-process message transport.
"""

import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log as logging

from nova_rocky.allinone import bootstrap
from nova_rocky.allinone import http
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
    cfg.BoolOpt('noauth', default=True,
                help='Authenticate with noauth2 (token "user:project").'),
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


def prepare(argv):
    """Parse options, set defaults, and prepare the state directory."""
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
    if not CONF.noauth:
        CONF.set_override('auth_strategy', 'keystone', group='api')
    objects.register_all()
    db_api.configure()
    db_api.install_default_sqlite_hooks()
    bootstrap.bootstrap(state)
    return state


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    state = prepare(argv)
    host, port = _parse_listen(CONF.listen)
    # Bind first: a port in use is one clear line, before any service runs.
    try:
        server = http.HTTPServer(http.build_application(CONF), host, port,
                                 CONF.wsgi.server_threads)
    except OSError as exc:
        problem = str(exc)
    else:
        problem = None
    if problem:
        LOG.error('nova-all cannot listen on %s:%d: %s', host, port, problem)
        return 1
    services = runner.ServiceRunner(CONF.computes)
    services.start()
    server.serve_in_thread()
    base = 'http://%s:%d' % (server.host, server.port)
    print('nova-all is ready (state in %s)' % state.path)
    print('  compute API:   %s/v2.1' % base)
    print('  image API:     %s/image' % base)
    print('  placement API: %s/placement' % base)
    print('  auth: X-Auth-Token: <user>:<project> (user "admin" is admin)')
    sys.stdout.flush()

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
    print('nova-all stopped')
    return 0


if __name__ == '__main__':
    sys.exit(main())
