"""The deprecated eventlet host ``nova-api`` still serves, and says so.

It runs as a real process on temporary SQLite files (noauth2, the
in-memory transport), answers a request and stops on SIGTERM; its log
names the WSGI alternatives.
"""

import os
import signal
import socket
import subprocess
import time

import fixtures
import requests
import testtools

from nova_rocky.db import migration
from nova_rocky.tests.unit.cmd import helpers

# Start-up competes with every other test on a loaded 2-core machine.
START_TIMEOUT = 240


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class EventletApiHostTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        api_url = 'sqlite:///%s/api.sqlite' % self.tmp
        cell_url = 'sqlite:///%s/nova.sqlite' % self.tmp
        migration.db_sync('api', api_url)
        migration.db_sync('main', cell_url)
        self.port = _free_port()
        self.log = os.path.join(self.tmp, 'nova-api.log')
        self.conf = helpers.write_conf(self.tmp, (
            '[DEFAULT]\ntransport_url = kombu+memory:////\n'
            'log_file = %s\n'
            '[api]\nauth_strategy = noauth2\n'
            '[wsgi]\nlisten_host = 127.0.0.1\nlisten_port = %d\n'
            '[api_database]\nconnection = %s\n'
            '[database]\nconnection = %s\n')
            % (self.log, self.port, api_url, cell_url))

    def _log_text(self):
        if not os.path.exists(self.log):
            return ''
        with open(self.log) as handle:
            return handle.read()

    def _wait_listening(self, proc):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.fail('nova-api exited %s: %s' % (proc.returncode,
                                                      self._log_text()))
            if 'listening on' in self._log_text():
                return
            time.sleep(0.5)
        self.fail('nova-api did not start: %s' % self._log_text())

    def test_serves_and_warns(self):
        environ = dict(os.environ)
        environ['PYTHONPATH'] = helpers.REPO
        proc = subprocess.Popen(
            [helpers.PYTHON, '-m', 'nova_rocky.cmd.api', '--config-file',
             self.conf], cwd=helpers.REPO, env=environ,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        self._wait_listening(proc)
        response = requests.get('http://127.0.0.1:%d/v2.1/' % self.port,
                                headers={'X-Auth-Token': 'admin:admin'},
                                timeout=60)
        self.assertEqual(200, response.status_code)
        self.assertEqual('2.65', response.json()['version']['version'])

        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
        self.assertEqual(0, proc.returncode, err)
        log = self._log_text()
        warning = [line for line in log.splitlines()
                   if 'WARNING' in line and 'deprecated' in line]
        self.assertEqual(1, len(warning), log)
        for alternative in ('nova-api-wsgi', 'uwsgi', 'gunicorn',
                            'nova_rocky.api.wsgi_app:application',
                            'next release'):
            self.assertIn(alternative, warning[0])
