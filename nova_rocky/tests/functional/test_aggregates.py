"""Host aggregates through the REST API, mirrored in placement."""

from nova_rocky import context as nova_context
from nova_rocky.tests.functional import base

URL = '/os-aggregates'


class TestAggregates(base.FunctionalTestCase):

    def setUp(self):
        super().setUp()
        self.host = self.cloud.compute_hosts[0]
        hypervisors = self.admin_api.get('/os-hypervisors/detail',
                                         microversion='2.53')['hypervisors']
        self.rp_uuid = [h['id'] for h in hypervisors
                        if h['service']['host'] == self.host][0]

    def create(self, name=None, zone=None, version='2.41'):
        body = {'name': name or self.unique_name('agg')}
        if zone:
            body['availability_zone'] = zone
        resp = self.admin_api.post(URL, {'aggregate': body},
                                   microversion=version)
        if resp.status_code == 200:
            agg = resp.json()['aggregate']
            self.addCleanup(self._cleanup, agg['id'])
        return resp

    def _cleanup(self, agg_id):
        resp = self.admin_api.request('GET', '%s/%s' % (URL, agg_id))
        if resp.status_code != 200:
            return
        for host in resp.json()['aggregate']['hosts']:
            self.action(agg_id, 'remove_host', {'host': host})
        self.admin_api.request('DELETE', '%s/%s' % (URL, agg_id))

    def action(self, agg_id, name, params, version='2.41'):
        return self.admin_api.post('%s/%s/action' % (URL, agg_id),
                                   {name: params}, microversion=version)

    def update_computes(self):
        ctxt = nova_context.get_admin_context()
        for svc in self.cloud.runner.services:
            if svc.binary == 'nova-compute':
                svc.manager.update_available_resource(ctxt)

    def provider_aggregates(self):
        return self.placement_get('/resource_providers/%s/aggregates'
                                  % self.rp_uuid)['aggregates']

    def provider_traits(self):
        return self.placement_get('/resource_providers/%s/traits'
                                  % self.rp_uuid)['traits']

    def test_crud_and_placement_mirror(self):
        resp = self.create(zone='az-one')
        self.assertEqual(200, resp.status_code)
        agg = resp.json()['aggregate']
        self.assertEqual('az-one', agg['availability_zone'])
        self.assertNotIn('hosts', agg)
        resp = self.action(agg['id'], 'add_host', {'host': self.host})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual([self.host], resp.json()['aggregate']['hosts'])
        self.assertIn(agg['uuid'], self.provider_aggregates())
        # The zone shows up for users.
        zones = self.api.get('/os-availability-zone')[
            'availabilityZoneInfo']
        self.assertIn('az-one', [z['zoneName'] for z in zones])
        # A periodic update of the compute keeps the membership.
        self.update_computes()
        self.assertIn(agg['uuid'], self.provider_aggregates())

        resp = self.admin_api.request('PUT', '%s/%s' % (URL, agg['id']),
                                      json={'aggregate': {'name': 'x' +
                                                          agg['name']}})
        self.assertEqual('x' + agg['name'],
                         resp.json()['aggregate']['name'])
        self.assertEqual(409, self.action(
            agg['id'], 'add_host', {'host': self.host}).status_code)
        self.assertEqual(400, self.admin_api.request(
            'DELETE', '%s/%s' % (URL, agg['id'])).status_code)
        resp = self.action(agg['id'], 'remove_host', {'host': self.host})
        self.assertEqual([], resp.json()['aggregate']['hosts'])
        self.assertNotIn(agg['uuid'], self.provider_aggregates())
        self.assertEqual(404, self.action(
            agg['id'], 'remove_host', {'host': self.host}).status_code)
        self.assertEqual(200, self.admin_api.request(
            'DELETE', '%s/%s' % (URL, agg['id'])).status_code)
        self.assertEqual(404, self.admin_api.request(
            'GET', '%s/%s' % (URL, agg['id'])).status_code)

    def test_unknown_host_is_404(self):
        agg = self.create().json()['aggregate']
        resp = self.action(agg['id'], 'add_host', {'host': 'no-such-host'})
        self.assertEqual(404, resp.status_code)
        self.assertIn('itemNotFound', resp.json())
        self.assertEqual(404, self.action(
            999999, 'add_host', {'host': self.host}).status_code)

    def test_required_trait_metadata_sets_provider_traits(self):
        agg = self.create().json()['aggregate']
        self.action(agg['id'], 'add_host', {'host': self.host})
        resp = self.action(agg['id'], 'set_metadata', {'metadata': {
            'trait:CUSTOM_GOLD': 'required', 'color': 'gold'}})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertIn('CUSTOM_GOLD', self.provider_traits())
        # The compute's own capability traits are still there, and its
        # next update keeps the aggregate's trait.
        self.assertIn('COMPUTE_DEVICE_TAGGING', self.provider_traits())
        self.update_computes()
        self.assertIn('CUSTOM_GOLD', self.provider_traits())
        resp = self.action(agg['id'], 'set_metadata', {'metadata': {
            'trait:CUSTOM_GOLD': None}})
        self.assertEqual({'color': 'gold'},
                         resp.json()['aggregate']['metadata'])
        self.assertNotIn('CUSTOM_GOLD', self.provider_traits())
        resp = self.action(agg['id'], 'set_metadata', {'metadata': {
            'trait:NOT_A_TRAIT': 'required'}})
        self.assertEqual(400, resp.status_code)

    def test_bad_input(self):
        self.assertEqual(403, self.api.post(URL, {'aggregate': {
            'name': 'mine'}}).status_code)
        self.assertEqual(400, self.admin_api.post(URL, {'aggregate': {
            }}).status_code)
        name = self.unique_name('dup')
        self.assertEqual(200, self.create(name).status_code)
        self.assertEqual(409, self.create(name).status_code)
        agg = self.create().json()['aggregate']
        self.assertEqual(400, self.admin_api.post(
            '%s/%s/action' % (URL, agg['id']), {'bogus': {}}).status_code)
        self.assertEqual(400, self.action(agg['id'], 'add_host',
                                          {}).status_code)
        self.assertEqual(400, self.admin_api.request(
            'GET', '%s/abc' % URL).status_code)

    def test_zone_conflict(self):
        one = self.create(zone='az-a').json()['aggregate']
        two = self.create(zone='az-b').json()['aggregate']
        self.action(one['id'], 'add_host', {'host': self.host})
        resp = self.action(two['id'], 'add_host', {'host': self.host})
        self.assertEqual(409, resp.status_code)
