"""nova-all's Keystone child: killed, it comes back; meanwhile, 503s."""

import os
import signal

import requests

from nova_rocky.tests.fixtures import allinone
from nova_rocky.tests.functional import test_openstack_cli as cli_tests


class TestKeystoneSupervision(cli_tests.KeystoneCloudTestCase):

    def _identity_status(self):
        try:
            return requests.get(self.identity_url + '/v3',
                                timeout=30).status_code
        except requests.RequestException:
            return None

    def test_killed_keystone_restarts_and_outage_is_a_503_fault(self):
        cached = self.admin_token()
        self.assertEqual(200, self.compute_get('/flavors', cached)
                         .status_code)
        uncached = self.admin_token()  # never shown to compute yet
        pid = self.cloud.keystone_pid()
        self.assertIsNotNone(pid)

        os.kill(pid, signal.SIGKILL)
        # The proxy answers 503 from the moment nova-all reaps the child
        # until the new one serves (which takes seconds: keystone's
        # imports alone do).
        allinone.wait_for(lambda: self._identity_status() == 503, 30,
                          'the identity endpoint to report the outage')
        resp = self.compute_get('/flavors', uncached)
        self.assertEqual(503, resp.status_code, resp.text)
        fault = resp.json()['serviceUnavailable']
        self.assertEqual(503, fault['code'])
        self.assertIn('identity service', fault['message'])
        # Tokens auth_token already validated are served from its cache.
        self.assertEqual(200, self.compute_get('/flavors', cached)
                         .status_code)
        self.assertIn('Identity service %s is unreachable'
                      % self.identity_url, self.cloud.log())

        allinone.wait_for(lambda: self._identity_status() == 200, 240,
                          'the restarted Keystone')
        self.assertEqual(200, self.compute_get('/flavors', uncached)
                         .status_code)
        log = self.cloud.log()
        self.assertEqual(1, log.count('Keystone (pid %d) exited' % pid))
        self.assertIn('Identity service %s answers again'
                      % self.identity_url, log)
        self.assertNotEqual(pid, self.cloud.keystone_pid())
        # The CLI works again with the same clouds.yaml.
        self.assertIn('m1.tiny', self.cli.value('flavor', 'list', '-c',
                                                'Name'))
