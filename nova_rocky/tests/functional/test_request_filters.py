"""Request filters and aggregate filters, booting through the REST API.

The in-process cloud has two computes; each test puts one of them in an
aggregate and checks where servers land.
"""

from nova_rocky import conf
from nova_rocky.tests.functional import base

CONF = conf.CONF
HOST = 'OS-EXT-SRV-ATTR:host'


class TestRequestFilters(base.FunctionalTestCase):

    def setUp(self):
        super().setUp()
        self.image_id = self.demo_image_id()
        self.inside, self.outside = self.cloud.compute_hosts[:2]

    def override(self, group, **values):
        for name, value in values.items():
            CONF.set_override(name, value, group=group)
            self.addCleanup(CONF.clear_override, name, group=group)

    def flavor(self, extra_specs=None):
        flavor = self.admin_api.post('/flavors', {'flavor': {
            'name': self.unique_name('rf'), 'ram': 128, 'vcpus': 1,
            'disk': 1}}, expect=200).json()['flavor']
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/flavors/%s' % flavor['id'])
        if extra_specs:
            self.admin_api.post('/flavors/%s/os-extra_specs' % flavor['id'],
                                {'extra_specs': extra_specs}, expect=200)
        return flavor['id']

    def aggregate(self, metadata=None, zone=None):
        body = {'name': self.unique_name('agg')}
        if zone:
            body['availability_zone'] = zone
        agg = self.admin_api.post('/os-aggregates', {'aggregate': body},
                                  expect=200).json()['aggregate']
        url = '/os-aggregates/%s' % agg['id']
        self.admin_api.post(url + '/action', {'add_host': {
            'host': self.inside}}, expect=200)
        self.addCleanup(self.admin_api.request, 'DELETE', url)
        self.addCleanup(self.admin_api.post, url + '/action',
                        {'remove_host': {'host': self.inside}})
        if metadata:
            self.admin_api.post(url + '/action', {'set_metadata': {
                'metadata': metadata}}, expect=200)
        return agg

    def boot_host(self, flavor_id, expect_error=False, **server):
        body = {'server': dict(name=self.unique_name('vm'),
                               flavorRef=flavor_id, imageRef=self.image_id,
                               networks='none', **server)}
        resp = self.api.post('/servers', body, expect=202,
                             microversion='2.37')
        server_id = resp.json()['server']['id']
        self.addCleanup(self._delete, server_id)
        if expect_error:
            return self.api.wait_for_server(server_id, statuses=('ERROR',))
        self.api.wait_for_server(server_id)
        return self.admin_api.get('/servers/%s' % server_id)['server'][HOST]

    def _delete(self, server_id):
        if self.api.request('DELETE', '/servers/%s' % server_id
                            ).status_code == 204:
            self.api.wait_for_deleted(server_id)

    def test_strict_isolation(self):
        self.override('scheduler', enable_isolated_aggregate_filtering=True)
        self.aggregate({'trait:CUSTOM_ISOLATED': 'required'})
        plain = self.flavor()
        for _ in range(2):
            self.assertEqual(self.outside, self.boot_host(plain))
        special = self.flavor({'trait:CUSTOM_ISOLATED': 'required'})
        self.assertEqual(self.inside, self.boot_host(special))

    def test_without_isolation_the_trait_only_attracts(self):
        self.aggregate({'trait:CUSTOM_ISO2': 'required'})
        special = self.flavor({'trait:CUSTOM_ISO2': 'required'})
        self.assertEqual(self.inside, self.boot_host(special))
        forbidding = self.flavor({'trait:CUSTOM_ISO2': 'forbidden'})
        self.assertEqual(self.outside, self.boot_host(forbidding))

    def test_availability_zone_through_placement(self):
        self.override('scheduler', query_placement_for_availability_zone=True)
        self.aggregate(zone='az-rf')
        flavor = self.flavor()
        self.assertEqual(self.inside, self.boot_host(
            flavor, availability_zone='az-rf'))

    def test_availability_zone_filter(self):
        self.aggregate(zone='az-filter')
        flavor = self.flavor()
        self.assertEqual(self.inside, self.boot_host(
            flavor, availability_zone='az-filter'))

    def test_tenant_isolation(self):
        self.override('scheduler', limit_tenants_to_placement_aggregate=True)
        self.aggregate({'filter_tenant_id': self.project_id})
        flavor = self.flavor()
        for _ in range(2):
            self.assertEqual(self.inside, self.boot_host(flavor))

    def test_aggregate_instance_extra_specs_filter(self):
        filters = list(CONF.filter_scheduler.enabled_filters)
        self.aggregate({'ssd': 'true'})
        flavor = self.flavor({'aggregate_instance_extra_specs:ssd': 'true'})
        # Enabled filters are read at scheduler start: this one is in the
        # cloud's set (see the functional cloud fixture).
        self.assertIn('AggregateInstanceExtraSpecsFilter', filters)
        for _ in range(2):
            self.assertEqual(self.inside, self.boot_host(flavor))

    def image_with(self, **properties):
        import requests
        url = self.cloud.url + '/image/v2/images'
        headers = {'X-Auth-Token': 'admin:%s' % self.project_id}
        body = dict(name=self.unique_name('img'), disk_format='raw',
                    container_format='bare', visibility='public',
                    **properties)
        image = requests.post(url, json=body, headers=headers, timeout=30)
        image.raise_for_status()
        image_id = image.json()['id']
        self.addCleanup(requests.delete, '%s/%s' % (url, image_id),
                        headers=headers, timeout=30)
        upload = requests.put(
            '%s/%s/file' % (url, image_id), data=b'x' * 512,
            headers=dict(headers, **{
                'Content-Type': 'application/octet-stream'}), timeout=30)
        upload.raise_for_status()
        return image_id

    def drivers(self):
        return {svc.host: svc.manager for svc in self.cloud.runner.services
                if svc.binary == 'nova-compute'}

    def set_capability(self, host, name, value):
        from nova_rocky import context as nova_context
        compute = self.drivers()[host]
        compute.driver.capabilities[name] = value
        compute.update_available_resource(nova_context.get_admin_context())

    def test_secure_boot_needs_the_capability_trait(self):
        # A driver that cannot do secure boot loses the trait; placement
        # then leaves its host out of secure boot requests.
        self.set_capability(self.outside, 'supports_secure_boot', False)
        self.addCleanup(self.set_capability, self.outside,
                        'supports_secure_boot', True)
        flavor = self.flavor()
        self.image_id = self.image_with(os_secure_boot='required')
        for _ in range(2):
            self.assertEqual(self.inside, self.boot_host(flavor))
        self.set_capability(self.inside, 'supports_secure_boot', False)
        self.addCleanup(self.set_capability, self.inside,
                        'supports_secure_boot', True)
        errored = self.boot_host(flavor, expect_error=True)
        self.assertIn('No valid host', errored['fault']['message'])

    def test_image_required_trait(self):
        self.aggregate({'trait:CUSTOM_IMG_TRAIT': 'required'})
        self.image_id = self.image_with(**{
            'trait:CUSTOM_IMG_TRAIT': 'required'})
        self.assertEqual(self.inside, self.boot_host(self.flavor()))
