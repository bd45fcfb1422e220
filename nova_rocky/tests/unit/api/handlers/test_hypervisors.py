"""/os-hypervisors through the real app, on real cell databases."""

from oslo_utils import uuidutils
import testtools

from nova_rocky.tests.unit.api.handlers import env as api_env

ADMIN = api_env.ADMIN


class HypervisorsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api
        self.svc1 = self.env.service('host1')
        self.node1 = self.env.compute_node(self.svc1, 'node1.example.org')
        self.svc2 = self.env.service('host2', disabled=True,
                                     disabled_reason='maint')
        self.node2 = self.env.compute_node(self.svc2, 'node2.example.org',
                                           cpu_info='', host_ip=None)
        # A node whose service was deleted is not listed.
        self.gone = self.env.service('host3')
        self.env.compute_node(self.gone, 'node3.example.org')
        self.gone.destroy()
        self.server = self.env.instance('host1', display_name='vm1')

    def get(self, path, version='2.1'):
        return self.api.get('/v2.1/os-hypervisors' + path, version=version,
                            **ADMIN)

    def tempest(self, resp, version_dir, name):
        api_env.check_tempest(self, resp, version_dir, 'hypervisors', name)

    def test_list(self):
        resp = self.get('')
        self.tempest(resp, 'v2_1', 'list_search_hypervisors')
        self.assertEqual([
            {'id': self.node1.id, 'hypervisor_hostname': 'node1.example.org',
             'state': 'up', 'status': 'enabled'},
            {'id': self.node2.id, 'hypervisor_hostname': 'node2.example.org',
             'state': 'up', 'status': 'disabled'}], resp.json['hypervisors'])

    def test_detail(self):
        resp = self.get('/detail')
        self.tempest(resp, 'v2_1', 'list_hypervisors_detail')
        first, second = resp.json['hypervisors']
        self.assertEqual(api_env.CPU_INFO, first['cpu_info'])
        self.assertEqual('192.168.1.10', first['host_ip'])
        self.assertEqual({'id': self.svc1.id, 'host': 'host1',
                          'disabled_reason': None}, first['service'])
        self.assertEqual(16384, first['memory_mb'])
        self.assertEqual('maint', second['service']['disabled_reason'])
        resp = self.get('/detail', version='2.28')
        self.tempest(resp, 'v2_28', 'list_hypervisors_detail')
        self.assertEqual('Haswell',
                         resp.json['hypervisors'][0]['cpu_info']['model'])
        self.assertEqual({}, resp.json['hypervisors'][1]['cpu_info'])

    def test_paging(self):
        resp = self.get('?limit=1', version='2.33')
        self.tempest(resp, 'v2_33', 'list_search_hypervisors')
        self.assertEqual([self.node1.id],
                         [h['id'] for h in resp.json['hypervisors']])
        self.assertIn('marker=%d' % self.node1.id,
                      resp.json['hypervisors_links'][0]['href'])
        resp = self.get('/detail?limit=1&marker=%d' % self.node1.id,
                        version='2.33')
        self.tempest(resp, 'v2_33', 'list_hypervisors_detail')
        self.assertEqual([self.node2.id],
                         [h['id'] for h in resp.json['hypervisors']])
        self.assertIn('/os-hypervisors/detail?',
                      resp.json['hypervisors_links'][0]['href'])
        resp = self.get('?marker=999', version='2.33')
        self.assertEqual(400, resp.status_int)
        # Before 2.33 there is no paging.
        resp = self.get('?limit=1', version='2.32')
        self.assertEqual(2, len(resp.json['hypervisors']))

    def test_2_53_uuids_pattern_and_servers(self):
        resp = self.get('?limit=1', version='2.53')
        self.tempest(resp, 'v2_53', 'list_search_hypervisors')
        self.assertEqual(self.node1.uuid, resp.json['hypervisors'][0]['id'])
        resp = self.get('/detail?marker=%s' % self.node1.uuid,
                        version='2.53')
        self.assertEqual([self.node2.uuid],
                         [h['id'] for h in resp.json['hypervisors']])
        resp = self.get('/detail?hypervisor_hostname_pattern=node1'
                        '&with_servers=true', version='2.53')
        self.tempest(resp, 'v2_53', 'list_hypervisors_detail')
        hyp, = resp.json['hypervisors']
        self.assertEqual(self.svc1.uuid, hyp['service']['id'])
        self.assertEqual([{'name': self.server.name,
                           'uuid': self.server.uuid}], hyp['servers'])
        resp = self.get('?hypervisor_hostname_pattern=node&limit=1',
                        version='2.53')
        self.assertEqual(400, resp.status_int)
        resp = self.get('?hypervisor_hostname_pattern=nomatch',
                        version='2.53')
        self.assertEqual(404, resp.status_int)
        self.assertEqual(400, self.get('?bogus=1', version='2.53').status_int)
        self.assertEqual(400, self.get('?with_servers=maybe',
                                       version='2.53').status_int)

    def test_show(self):
        resp = self.get('/%d' % self.node1.id)
        self.tempest(resp, 'v2_1', 'get_hypervisor')
        self.assertEqual('node1.example.org',
                         resp.json['hypervisor']['hypervisor_hostname'])
        self.assertEqual(404, self.get('/abc').status_int)
        resp = self.get('/999')
        self.assertEqual("Hypervisor with ID '999' could not be found.",
                         resp.json['itemNotFound']['message'])
        resp = self.get('/%s?with_servers=1' % self.node1.uuid,
                        version='2.53')
        self.tempest(resp, 'v2_53', 'get_hypervisor')
        self.assertEqual(1, len(resp.json['hypervisor']['servers']))
        self.assertEqual(400, self.get('/%d' % self.node1.id,
                                       version='2.53').status_int)
        self.assertEqual(404, self.get('/%s' % uuidutils.generate_uuid(),
                                       version='2.53').status_int)

    def test_statistics(self):
        resp = self.get('/statistics')
        self.tempest(resp, 'v2_1', 'get_hypervisor_statistics')
        stats = resp.json['hypervisor_statistics']
        # Only the node of the enabled compute counts.
        self.assertEqual(1, stats['count'])
        self.assertEqual(8, stats['vcpus'])
        self.assertEqual(2048, stats['memory_mb_used'])

    def test_search_and_servers(self):
        resp = self.get('/node/search')
        self.tempest(resp, 'v2_1', 'list_search_hypervisors')
        self.assertEqual(2, len(resp.json['hypervisors']))
        self.assertEqual(404, self.get('/zzz/search').status_int)
        resp = self.get('/node1/servers')
        self.tempest(resp, 'v2_1', 'get_hypervisors_servers')
        self.assertEqual(self.server.uuid,
                         resp.json['hypervisors'][0]['servers'][0]['uuid'])
        self.assertEqual(404, self.get('/node/search',
                                       version='2.53').status_int)
        self.assertEqual(404, self.get('/node/servers',
                                       version='2.53').status_int)

    def test_uptime_not_implemented(self):
        resp = self.get('/%d/uptime' % self.node1.id)
        self.assertEqual(501, resp.status_int)
        self.assertIn('notImplemented', resp.json)
        self.assertEqual(404, self.get('/999/uptime').status_int)

    def test_non_admin(self):
        for path in ('', '/detail', '/statistics', '/1', '/node/search'):
            resp = self.api.get('/v2.1/os-hypervisors' + path)
            self.assertEqual(403, resp.status_int, path)
