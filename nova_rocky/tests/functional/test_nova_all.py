"""The nova-all command as a user runs it: start, use, stop, start again."""

import os
import shutil
import signal
import socket
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
        self.tmp = tempfile.mkdtemp(prefix='nova-all-test-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # nova-all makes a state directory that does not exist yet.
        self.state_dir = os.path.join(self.tmp, 'state')

    def _start(self, *extra_args):
        port = harness.free_port()
        log = open(os.path.join(self.tmp, 'nova-all.log'), 'ab')
        proc = subprocess.Popen(
            [NOVA_ALL, '--noauth', '--state-dir', self.state_dir, '--listen',
             '127.0.0.1:%d' % port] + list(extra_args), stdout=log,
            stderr=subprocess.STDOUT)
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
        with open(os.path.join(self.tmp, 'nova-all.log')) as log:
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

    def test_port_in_use_is_one_clear_line(self):
        with socket.socket() as taken:
            taken.bind(('127.0.0.1', 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            result = subprocess.run(
                [NOVA_ALL, '--noauth', '--state-dir', self.state_dir,
                 '--listen', '127.0.0.1:%d' % port], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, timeout=120)
        output = result.stdout.decode()
        self.assertEqual(1, result.returncode, output)
        self.assertIn('nova-all cannot listen on 127.0.0.1:%d' % port,
                      output)
        self.assertNotIn('Traceback', output)

    def test_libvirt_test_hypervisor_boots_to_active(self):
        config = os.path.join(self.tmp, 'nova.conf')
        with open(config, 'w') as handle:
            handle.write('[DEFAULT]\ncompute_driver = libvirt.LibvirtDriver\n'
                         '[libvirt]\nconnection_uri = test:///default\n'
                         'instances_path = %s\n' % self.state_dir)
        proc, api = self._start('--config-file', config)
        image_url = api.base_url.replace('/v2.1', '/image/v2/images')
        # The test hypervisor runs i686 guests: an image without an
        # architecture (the demo image says x86_64).
        resp = api.session.post(image_url, json={
            'name': 'plain', 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'public'}, timeout=30)
        self.assertEqual(201, resp.status_code, resp.text)
        image = resp.json()['id']
        resp = api.session.put(
            '%s/%s/file' % (image_url, image), data=b'\0' * 512,
            headers={'Content-Type': 'application/octet-stream'}, timeout=30)
        self.assertEqual(204, resp.status_code, resp.text)
        server = api.create_server('on-libvirt', '1', image)
        active = api.wait_for_server(server['id'])
        self.assertEqual(1, active['OS-EXT-STS:power_state'])
        hypervisors = api.get('/os-hypervisors/detail')['hypervisors']
        self.assertEqual(['TEST'],
                         [h['hypervisor_type'] for h in hypervisors])
        with open(os.path.join(self.tmp, 'nova-all.log')) as log:
            self.assertIn('libvirt driver ready on test:///default',
                          log.read())
        api.delete('/servers/%s' % server['id'])
        api.wait_for_deleted(server['id'])
