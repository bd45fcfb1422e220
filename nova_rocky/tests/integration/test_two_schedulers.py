"""Two nova-scheduler daemons against one placement never overcommit.

Two schedulers take the requests of one scheduler topic; two small fake
computes have room for six servers; twelve are booted at once. Placement
claims alone keep the schedulers from giving a host more than it has:
six servers go ACTIVE, the others fail with "No valid host", and no
provider's usage exceeds its inventory.
"""

import concurrent.futures

import requests
import testtools

from nova_rocky.tests.fixtures import rest
from nova_rocky.tests.integration import harness

VCPUS = 3
COMPUTES = 2
SERVERS = 12


class TestTwoSchedulers(testtools.TestCase):

    def setUp(self):
        super().setUp()
        harness.require_services(self)
        self.deployment = self.useFixture(harness.Deployment(
            self, computes=COMPUTES, schedulers=2,
            compute_conf_extra="""
            [DEFAULT]
            cpu_allocation_ratio = 1.0
            [fake]
            vcpus = %d
            """ % VCPUS))
        self.addOnException(lambda exc_info: self.addDetail(
            'daemon-logs', __import__('testtools').content.text_content(
                self.deployment.logs())))
        self.api = rest.ComputeClient(self.deployment.api_url + '/v2.1')

    def _placement(self, path):
        resp = requests.get(self.deployment.placement_url + path,
                            headers={'X-Auth-Token': 'admin'}, timeout=30)
        resp.raise_for_status()
        return resp.json()

    def test_no_host_exceeds_its_inventory(self):
        self.assertIn('nova-scheduler-2', self.deployment.processes)
        flavor = self.api.post('/flavors', {'flavor': {
            'name': 'it.one', 'ram': 128, 'vcpus': 1, 'disk': 1}},
            expect=200).json()['flavor']['id']
        image = self.deployment.image_id
        with concurrent.futures.ThreadPoolExecutor(SERVERS) as pool:
            ids = [s['id'] for s in pool.map(
                lambda i: self.api.create_server('two-%d' % i, flavor,
                                                 image), range(SERVERS))]
        statuses = [self.api.wait_for_server(
            server_id, statuses=('ACTIVE', 'ERROR'), timeout=180)['status']
            for server_id in ids]
        self.assertEqual(COMPUTES * VCPUS, statuses.count('ACTIVE'),
                         statuses)
        for provider in self._placement('/resource_providers')[
                'resource_providers']:
            usages = self._placement('/resource_providers/%s/usages'
                                     % provider['uuid'])['usages']
            self.assertLessEqual(usages.get('VCPU', 0), VCPUS, provider)
