"""Separate daemons over RabbitMQ and MariaDB boot and delete servers."""

import collections

import requests
import testtools

from nova_rocky.tests.fixtures import rest
from nova_rocky.tests.integration import harness


class TestDistributedDeployment(testtools.TestCase):
    """Each test gets a whole deployment of its own (a few seconds)."""

    SERVERS = 20

    def setUp(self):
        super().setUp()
        harness.require_services(self)
        self.deployment = self.useFixture(harness.Deployment(self))
        self.addOnException(lambda exc_info: self.addDetail(
            'daemon-logs', __import__('testtools').content.text_content(
                self.deployment.logs())))
        self.api = rest.ComputeClient(self.deployment.api_url + '/v2.1')

    def _usages(self, rp_uuid):
        resp = requests.get(
            '%s/resource_providers/%s/usages' % (
                self.deployment.placement_url, rp_uuid),
            headers={'X-Auth-Token': 'admin'})
        resp.raise_for_status()
        return resp.json()['usages']

    def _providers(self):
        resp = requests.get(
            self.deployment.placement_url + '/resource_providers',
            headers={'X-Auth-Token': 'admin'})
        resp.raise_for_status()
        return resp.json()['resource_providers']

    def test_boot_across_computes_and_delete(self):
        image = self.deployment.image_id
        self.assertIn(image, [i['id'] for i in
                              self.api.get('/images')['images']])
        flavor = self.api.post('/flavors', {'flavor': {
            'name': 'it.tiny', 'ram': 256, 'vcpus': 1, 'disk': 1}},
            expect=200).json()['flavor']['id']
        ids = [self.api.create_server('it-%d' % i, flavor, image)['id']
               for i in range(self.SERVERS)]
        hosts = collections.Counter()
        for server_id in ids:
            server = self.api.wait_for_server(server_id, timeout=120)
            hosts[server['OS-EXT-SRV-ATTR:host']] += 1
        self.assertEqual(set(self.deployment.compute_hosts), set(hosts),
                         'every compute should get servers: %s' % hosts)
        for server_id in ids:
            self.api.delete('/servers/%s' % server_id)
        for server_id in ids:
            self.api.wait_for_deleted(server_id, timeout=120)
        providers = self._providers()
        self.assertEqual(len(self.deployment.compute_hosts), len(providers))
        for provider in providers:
            harness.wait_for(
                lambda: not any(self._usages(provider['uuid']).values()),
                30, what='allocations of %s removed' % provider['name'])

    def test_killed_compute_is_reported_down(self):
        victim = self.deployment.compute_hosts[0]
        self.deployment.processes['compute-%s' % victim].kill()

        def reported_down():
            services = self.api.get('/os-services')['services']
            states = {s['host']: s['state'] for s in services
                      if s['binary'] == 'nova-compute'}
            return states.get(victim) == 'down' and all(
                state == 'up' for host, state in states.items()
                if host != victim)
        harness.wait_for(reported_down,
                         self.deployment.service_down_time + 60,
                         interval=1, what='%s reported down' % victim)
