"""The nova-all command as a user runs it: start, use, stop, start again."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import testtools

from nova_rocky.tests.fixtures import rest
from nova_rocky.tests.integration import harness

NOVA_ALL = os.path.join(os.path.dirname(sys.executable), 'nova-all')


class TestNovaAllCommand(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.state_dir = tempfile.mkdtemp(prefix='nova-all-test-')
        self.addCleanup(shutil.rmtree, self.state_dir, True)

    def _start(self):
        port = harness.free_port()
        log = open(os.path.join(self.state_dir, 'nova-all.log'), 'ab')
        proc = subprocess.Popen(
            [NOVA_ALL, '--noauth', '--state-dir', self.state_dir, '--listen',
             '127.0.0.1:%d' % port], stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(self._stop, proc)
        api = rest.ComputeClient('http://127.0.0.1:%d/v2.1' % port)

        def ready():
            if proc.poll() is not None:
                raise AssertionError('nova-all exited: %s' % self._log())
            try:
                return api.request('GET', '/flavors').status_code == 200
            except Exception:
                return False
        harness.wait_for(ready, 60, what='nova-all to answer')
        return proc, api

    def _log(self):
        with open(os.path.join(self.state_dir, 'nova-all.log')) as log:
            return log.read()[-4000:]

    def _stop(self, proc):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return proc.returncode

    def test_servers_survive_a_restart(self):
        proc, api = self._start()
        flavors = {f['name'] for f in api.get('/flavors')['flavors']}
        self.assertIn('m1.tiny', flavors)
        image = api.get('/images')['images'][0]['id']
        server = api.create_server('persistent', '1', image)
        api.wait_for_server(server['id'])
        started = time.monotonic()
        self.assertEqual(0, self._stop(proc), self._log())
        self.assertLess(time.monotonic() - started, 30)
        self.assertIn('nova-all stopped', self._log())

        proc, api = self._start()
        again = api.get('/servers/%s' % server['id'])['server']
        self.assertEqual('persistent', again['name'])
        self.assertEqual('ACTIVE', again['status'])
        self.assertEqual(len(flavors), len(api.get('/flavors')['flavors']))
        self.assertEqual(1, len(api.get('/images')['images']))
