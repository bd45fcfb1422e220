"""Start-up steps shared by the console programs.

A service daemon runs, in order:

1. ``parse_args``: the command line and config files into ``CONF``
   (project ``nova``; ``/etc/nova/nova.conf`` unless ``--config-file``),
   then oslo.log.
2. ``check_reachable``: try each configured database and the message
   broker once. Something unreachable gets ONE log line naming it (its URL
   with the password masked) and exit status 1 -- or, with
   ``[DEFAULT]fail_fast_on_unreachable = False``, a retry with backoff. An
   operator sees what is wrong instead of a wall of stack trace.
3. ``setup``: objects, the database facade (only for processes that hold
   database credentials) and the RPC transport.
4. ``run_service``: start the service and wait for SIGTERM or SIGINT.

``service_main`` strings the four together for the daemons.
"""

import importlib.metadata
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse

from oslo_config import cfg
from oslo_log import log as logging
import sqlalchemy as sa
from sqlalchemy import pool as sa_pool

from nova_rocky.cells import urls
from nova_rocky import conf
from nova_rocky import exception
# Imported for its side effect too: it registers oslo.messaging's
# transport options, which must exist before the command line is parsed.
from nova_rocky import rpc

CONF = conf.CONF
LOG = logging.getLogger(__name__)

DEFAULT_CONFIG_FILES = ['/etc/nova/nova.conf']
#: Seconds one connection attempt may take during the start-up probe.
PROBE_TIMEOUT = 5
#: Longest wait between two probes when not failing fast.
MAX_RETRY_DELAY = 60
#: (option group, name in messages, command that creates the schema)
DATABASES = (
    ('api_database', 'API', 'nova-manage api_db sync'),
    ('database', 'cell', 'nova-manage db sync'),
)
# Default ports of the brokers a transport URL may name.
_BROKER_PORTS = {'rabbit': 5672, 'amqp': 5672, 'kafka': 9092}


def _version():
    try:
        return importlib.metadata.version('nova_rocky')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


def parse_args(argv, prog=None, default_config_files=None):
    """Parse ``argv`` (without the program name) into CONF; set up logs."""
    try:
        logging.register_options(CONF)
    except cfg.ArgsAlreadyParsedError:
        pass  # a second parse in one process: the options are there
    if default_config_files is None:
        default_config_files = [path for path in DEFAULT_CONFIG_FILES
                                if os.path.exists(path)]
    CONF(argv, project='nova', prog=prog, version=_version(),
         default_config_files=default_config_files)
    logging.setup(CONF, 'nova')


# -- reachability -----------------------------------------------------------

def _first_line(exc):
    # SQLAlchemy appends a "Background on this error" paragraph; the
    # driver's own message (exc.orig) is the useful part.
    text = str(getattr(exc, 'orig', None) or exc) or type(exc).__name__
    return text.strip().splitlines()[0]


def probe_database(url):
    """Connect once to ``url``; return (reason or None, schema revision).

    An SQLite file that does not exist counts as unreachable: connecting
    would silently create an empty database.
    """
    try:
        parsed = sa.engine.make_url(url)
        backend = parsed.get_backend_name()
        if backend == 'sqlite':
            path = parsed.database
            if path and path != ':memory:' and not os.path.exists(path):
                return 'no such file: %s' % path, None
            connect_args = {}
        else:
            connect_args = {'connect_timeout': PROBE_TIMEOUT}
        engine = sa.create_engine(url, poolclass=sa_pool.NullPool,
                                  connect_args=connect_args)
    except Exception as exc:  # bad URL, missing driver module
        return _first_line(exc), None
    try:
        with engine.connect() as connection:
            # Read alembic's table directly: its MigrationContext logs at
            # INFO, which would add lines to a one-line diagnosis.
            if not sa.inspect(connection).has_table('alembic_version'):
                return None, None
            revision = connection.execute(sa.text(
                'SELECT version_num FROM alembic_version')).scalar()
            return None, revision
    except Exception as exc:
        return _first_line(exc), None
    finally:
        engine.dispose()


def broker_addresses(transport_url):
    """(host, port) pairs of the brokers of ``transport_url``.

    Empty for in-process transports (``kombu+memory``, ``kombu+inproc``,
    ``fake``, ``none``), which have nothing to reach.
    """
    parsed = urllib.parse.urlsplit(transport_url or '')
    driver = parsed.scheme.split('+')[0]
    in_process = parsed.scheme in ('kombu+memory', 'kombu+inproc')
    if driver not in _BROKER_PORTS or in_process:
        return []
    addresses = []
    for part in parsed.netloc.split(','):
        hostport = part.rpartition('@')[2]
        host, port = hostport, None
        if hostport.startswith('['):  # [ipv6]:port
            host, _sep, rest = hostport[1:].partition(']')
            port = rest.lstrip(':') or None
        elif hostport.count(':') == 1:
            host, port = hostport.split(':')
        addresses.append((host or 'localhost',
                          int(port) if port else _BROKER_PORTS[driver]))
    return addresses


def probe_broker(transport_url):
    """A TCP connection to any broker of the URL; the reason if none took.

    Only the socket is tried (no login): credentials problems are the
    driver's to report, with its own retries.
    """
    reasons = []
    for host, port in broker_addresses(transport_url):
        try:
            socket.create_connection((host, port), PROBE_TIMEOUT).close()
            return None
        except OSError as exc:
            reasons.append('%s:%s %s' % (host, port,
                                         exc.strerror or exc))
    return ', '.join(reasons) or None


def unreachable(databases=True, broker=True):
    """One message per configured thing that cannot be used, or []."""
    problems = []
    for group, which, command in (DATABASES if databases else ()):
        url = CONF[group].connection
        if not url:
            continue
        reason, revision = probe_database(url)
        if reason:
            problems.append(exception.DatabaseUnreachable(
                which=which, url=urls.mask_url(url),
                reason=reason).format_message())
        elif revision is None:
            problems.append('%s (%s)' % (exception.DBNotSynced(
                which=which, command=command).format_message(),
                urls.mask_url(url)))
    if broker:
        reason = probe_broker(CONF.transport_url)
        if reason:
            problems.append('Cannot reach the message broker at %s: %s'
                            % (urls.mask_url(CONF.transport_url), reason))
    return problems


def check_reachable(prog, databases=True, broker=True, sleep=time.sleep):
    """Exit with status 1 (or wait) while a database or the broker is out.

    ``databases``: probe ``[api_database]`` and ``[database]`` (those that
    are set). The failure is one ERROR line; waiting logs one WARNING line
    per attempt, the delay doubling up to MAX_RETRY_DELAY seconds.
    """
    delay = 1
    while True:
        problems = unreachable(databases=databases, broker=broker)
        if not problems:
            return
        if CONF.fail_fast_on_unreachable:
            LOG.error('%s cannot start: %s', prog, '; '.join(problems))
            raise SystemExit(1)
        LOG.warning('%s is waiting: %s; retrying in %d s', prog,
                    '; '.join(problems), delay)
        sleep(delay)
        delay = min(delay * 2, MAX_RETRY_DELAY)


# -- set-up and the service loop -------------------------------------------

def setup(database=True):
    """Objects, the database facade (when ``database``) and RPC."""
    from nova_rocky.db import api as db_api
    from nova_rocky import objects
    objects.register_all()
    if database:
        db_api.configure()
        db_api.install_default_sqlite_hooks()
    rpc.init(CONF)


def run_service(binary, host=None, stop_event=None):
    """Run ``service.Service.create(binary)`` until SIGTERM or SIGINT.

    Returns the exit status: 0 after a clean stop, 1 when the service
    could not start (one ERROR line; the trace only at DEBUG).
    ``stop_event`` lets a caller (a test) stop the service instead of a
    signal.
    """
    from nova_rocky import service
    stop = stop_event or threading.Event()

    def _on_signal(signum, frame):
        LOG.info('%s caught %s, stopping', binary,
                 signal.Signals(signum).name)
        stop.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        try:
            server = service.Service.create(binary, host=host)
            server.start()
        except Exception as exc:
            LOG.error('%s failed to start: %s', binary, exc)
            LOG.debug('%s start-up failure', binary, exc_info=True)
            return 1
        # A timed wait keeps the main thread responsive to signals.
        while not stop.wait(1):
            pass
        server.stop()
        return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def service_main(binary, argv=None, database=True, before_start=None):
    """The whole life of a service daemon; returns its exit status.

    ``before_start`` runs after set-up, before the service starts
    (nova-compute installs its object indirection there).
    """
    argv = sys.argv[1:] if argv is None else argv
    try:
        parse_args(argv, prog=binary)
    except cfg.Error as exc:
        sys.stderr.write('%s: %s\n' % (binary, exc))
        return 1
    check_reachable(binary, databases=database)
    try:
        setup(database=database)
        if before_start is not None:
            before_start()
    except Exception as exc:
        LOG.error('%s cannot start: %s', binary, exc)
        LOG.debug('%s set-up failure', binary, exc_info=True)
        return 1
    return run_service(binary)


# -- nova-manage style actions ----------------------------------------------

def args(*names, **kwargs):
    """Declare one argparse argument of a command-line action.

    Stack them over the method, in the order they should appear in help::

        @args('--cell_uuid', required=True, help='...')
        @args('--force', action='store_true')
        def delete_cell(self, cell_uuid, force=False): ...

    An option's destination is its long name without dashes (or ``dest``);
    it must match the method's keyword argument.
    """
    def decorate(func):
        func.__dict__.setdefault('cli_args', []).insert(0, (names, kwargs))
        return func
    return decorate


def first_line(exc):
    """A one-line description of an exception, for a terminal."""
    return _first_line(exc)
