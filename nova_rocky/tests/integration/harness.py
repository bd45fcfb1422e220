"""Run the real console scripts as separate processes for a test.

``Deployment`` lays out a distributed deployment in a temporary directory:
scratch MariaDB databases (API, cell0, cell1, placement), a private
RabbitMQ exchange, nova.conf and placement.conf, then starts
``placement-api`` and ``nova-api-wsgi`` under gunicorn, and
``nova-conductor``, ``nova-scheduler`` and ``nova-compute`` daemons, each
in its own process, exactly as an operator would.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid

import fixtures
import requests

from nova_rocky.tests.fixtures import backends

BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.2, what='condition'):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %ss waiting for %s'
                                 % (timeout, what))
        time.sleep(interval)


def require_services(test):
    """Skip (or, under CI, fail) ``test`` unless RabbitMQ and MariaDB
    answer. Call it before using a Deployment: a skip raised inside a
    fixture's setUp turns into an error."""
    import kombu
    import sqlalchemy as sa
    url = backends.rabbit_url().replace('rabbit://', 'amqp://', 1)
    try:
        with kombu.Connection(url, connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        backends.unavailable(test, 'RabbitMQ', exc)
    engine = sa.create_engine(backends.mysql_server_url())
    try:
        with engine.connect():
            pass
    except Exception as exc:
        backends.unavailable(test, 'MariaDB', str(exc).splitlines()[0])
    finally:
        engine.dispose()


class Process(object):
    """One daemon: its command, log file and exit handling."""

    def __init__(self, name, argv, env, log_dir):
        self.name = name
        self.log_path = os.path.join(log_dir, '%s.log' % name)
        self._log = open(self.log_path, 'wb')
        self.popen = subprocess.Popen(argv, env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def alive(self):
        return self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        self._log.close()

    def stop(self):
        self.kill(signal.SIGTERM)

    def tail(self, lines=40):
        with open(self.log_path, 'rb') as log:
            return b''.join(log.readlines()[-lines:]).decode(errors='replace')


class Deployment(fixtures.Fixture):
    """A whole distributed deployment on this machine's MariaDB/RabbitMQ."""

    def __init__(self, test, computes=2, service_down_time=6):
        super().__init__()
        self.test = test
        self.compute_count = computes
        self.service_down_time = service_down_time
        self.processes = {}

    # -- configuration --------------------------------------------------
    def _databases(self):
        server = backends.mysql_server_url()
        # Fixtures of this deployment, so they are dropped only after its
        # daemons have stopped.
        return {name: self.useFixture(backends.ScratchDatabase(server)).url
                for name in ('api', 'cell0', 'cell1', 'placement')}

    def _write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as handle:
            handle.write(textwrap.dedent(text))
        return path

    def _write_configs(self):
        db = self.db
        self.placement_port = free_port()
        self.api_port = free_port()
        self.placement_url = 'http://127.0.0.1:%d' % self.placement_port
        self.api_url = 'http://127.0.0.1:%d' % self.api_port
        self.placement_conf = self._write('placement.conf', """
            [DEFAULT]
            debug = False
            [api]
            auth_strategy = noauth2
            [placement_database]
            connection = %s
            """ % db['placement'])
        placement_section = """
            [placement]
            auth_type = admin_token
            endpoint = %s
            token = admin
            """ % self.placement_url
        common = """
            [DEFAULT]
            transport_url = %s
            control_exchange = %s
            report_interval = 1
            service_down_time = %d
            periodic_interval = 2
            debug = True
            [oslo_concurrency]
            lock_path = %s
            """ % (backends.rabbit_url(), self.exchange,
                   self.service_down_time, self.dir)
        self.nova_conf = self._write('nova.conf', common + placement_section +
                                     """
            [database]
            connection = %s
            [api_database]
            connection = %s
            [api]
            auth_strategy = noauth2
            [quota]
            instances = 200
            cores = 400
            ram = 512000
            [glance]
            backend = local
            image_dir = %s
            """ % (db['cell1'], db['api'], os.path.join(self.dir, 'images')))
        # Computes get no database options at all: they reach the databases
        # only through the conductor.
        self.compute_conf = self._write('nova-compute.conf', common +
                                        placement_section)

    # -- processes ------------------------------------------------------
    def _env(self, **extra):
        env = dict(os.environ)
        env.update(extra)
        return env

    def start(self, name, argv, **env):
        proc = Process(name, argv, self._env(**env), self.dir)
        self.processes[name] = proc
        self.addCleanup(proc.stop)
        return proc

    def run(self, *argv, config=None, check=True):
        argv = [os.path.join(BIN, argv[0])] + list(argv[1:])
        if config:
            argv += ['--config-file', config]
        result = subprocess.run(argv, capture_output=True, text=True,
                                timeout=120)
        if check and result.returncode != 0:
            raise AssertionError('%s failed (%d):\n%s%s' % (
                ' '.join(argv), result.returncode, result.stdout,
                result.stderr))
        return result

    def manage(self, *args, check=True):
        return self.run('nova-manage', '--config-file', self.nova_conf,
                        *args, check=check)

    def _wait_http(self, url, proc):
        def up():
            if not proc.alive():
                raise AssertionError(
                    '%s exited:\n%s' % (proc.name, proc.tail()))
            try:
                # The first request builds the WSGI app (lazily), which
                # takes seconds on a busy machine.
                return requests.get(url, timeout=30).status_code < 500
            except requests.RequestException:
                return False
        wait_for(up, 120, what=url)

    def _start_placement(self):
        self.run('placement-manage', '--config-file', self.placement_conf,
                 'db', 'sync')
        proc = self.start(
            'placement-api',
            [os.path.join(BIN, 'gunicorn'), '-b',
             '127.0.0.1:%d' % self.placement_port, '-w', '2', '--threads',
             '4', 'placement.wsgi.api:application'],
            OS_PLACEMENT_CONFIG_DIR=self.dir)
        self._wait_http(self.placement_url, proc)

    def _prepare_cells(self):
        self.manage('api_db', 'sync')
        self.manage('cell_v2', 'map_cell0', '--database_connection',
                    self.db['cell0'])
        self.manage('cell_v2', 'create_cell', '--name', 'cell1')
        self.manage('db', 'sync')

    def start_compute(self, host):
        return self.start('compute-%s' % host, [
            os.path.join(BIN, 'nova-compute'), '--config-file',
            self.compute_conf, '--config-file', self._host_conf(host)])

    def _host_conf(self, host):
        return self._write('host-%s.conf' % host, """
            [DEFAULT]
            host = %s
            """ % host)

    def _start_nova(self):
        for binary in ('nova-conductor', 'nova-scheduler'):
            self.start(binary, [os.path.join(BIN, binary), '--config-file',
                                self.nova_conf])
        self.compute_hosts = ['it-compute-%d' % i
                              for i in range(1, self.compute_count + 1)]
        for host in self.compute_hosts:
            self.start_compute(host)
        proc = self.start(
            'nova-api-wsgi',
            [os.path.join(BIN, 'gunicorn'), '-b',
             '127.0.0.1:%d' % self.api_port, '-w', '2', '--threads', '8',
             'nova_rocky.api.wsgi_app:application'],
            OS_NOVA_CONFIG_FILES=self.nova_conf)
        self._wait_http(self.api_url, proc)

    def discover_hosts(self):
        def all_mapped():
            self.manage('cell_v2', 'discover_hosts')
            out = self.manage('cell_v2', 'list_hosts').stdout
            return all(host in out for host in self.compute_hosts)
        wait_for(all_mapped, 60, interval=1, what='compute hosts mapped')

    def _seed_image(self):
        # The deployment uses the embedded image catalog ([glance]backend
        # = local); register the demo image in it, as an operator would
        # upload one to Glance.
        code = ('import sys; from nova_rocky.cmd import common; '
                'from nova_rocky import context, image; '
                'from nova_rocky.image import seed; '
                'common.parse_args(["--config-file", sys.argv[1]], "seed"); '
                'common.setup(database=True); '
                'print(seed.ensure_demo_image(context.get_admin_context(), '
                'image.API())["id"])')
        result = subprocess.run([sys.executable, '-c', code, self.nova_conf],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise AssertionError('seeding the image failed:\n%s'
                                 % result.stderr[-3000:])
        self.image_id = result.stdout.strip().splitlines()[-1]

    def _setUp(self):
        self.dir = tempfile.mkdtemp(prefix='nova-rocky-it-')
        self.addCleanup(self._keep_or_remove)
        self.exchange = 'nova_it_%s' % uuid.uuid4().hex[:8]
        self.db = self._databases()
        self._write_configs()
        self._start_placement()
        self._prepare_cells()
        self._seed_image()
        self._start_nova()
        self.discover_hosts()

    def _keep_or_remove(self):
        if os.environ.get('NOVA_ROCKY_KEEP_IT_LOGS'):
            print('integration logs kept in %s' % self.dir)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self):
        return '\n'.join('--- %s ---\n%s' % (name, proc.tail())
                         for name, proc in self.processes.items())
