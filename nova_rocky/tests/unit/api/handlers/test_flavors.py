"""/flavors, flavor extra specs and flavor access through the real app."""

import testtools

from nova_rocky import objects
from nova_rocky.tests.unit.api.handlers import env as api_env

ADMIN = api_env.ADMIN


class FlavorsTestBase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api

    def flavor(self, flavorid, name=None, memory_mb=512, root_gb=1,
               **kw):
        flavor = objects.Flavor(
            self.env.ctxt, flavorid=flavorid, name=name or 'm.' + flavorid,
            memory_mb=memory_mb, vcpus=1, root_gb=root_gb, ephemeral_gb=0,
            swap=0, **kw)
        flavor.create()
        return flavor

    def create(self, version='2.1', user='admin', **flavor):
        flavor.setdefault('name', 'new')
        flavor.setdefault('ram', 1024)
        flavor.setdefault('vcpus', 2)
        flavor.setdefault('disk', 10)
        return self.api.post('/v2.1/flavors', {'flavor': flavor},
                             version=version, user=user)

    def tempest(self, resp, version_dir, name, module='flavors'):
        api_env.check_tempest(self, resp, version_dir, module, name)


class FlavorListTest(FlavorsTestBase):

    def setUp(self):
        super().setUp()
        self.flavor('1', memory_mb=512, root_gb=1)
        self.flavor('2', memory_mb=2048, root_gb=20,
                    extra_specs={'hw:cpu_policy': 'dedicated'})
        self.flavor('3', is_public=False, projects=[api_env.PROJECT])
        self.flavor('4', is_public=False)
        self.flavor('5', disabled=True)

    def ids(self, resp):
        return [f['id'] for f in resp.json['flavors']]

    def test_index(self):
        resp = self.api.get('/v2.1/flavors')
        self.tempest(resp, 'v2_1', 'list_flavors')
        # Private flavor 3 is shared with us; 4 is not; 5 is disabled.
        self.assertEqual(['1', '2', '3'], self.ids(resp))
        links = resp.json['flavors'][0]['links']
        self.assertEqual('self', links[0]['rel'])
        self.assertTrue(links[0]['href'].endswith('/v2.1/flavors/1'))
        self.assertTrue(links[1]['href'].endswith('/flavors/1'))
        self.assertNotIn('/v2.1/', links[1]['href'])

    def test_index_2_55_and_2_61(self):
        resp = self.api.get('/v2.1/flavors', version='2.55')
        self.tempest(resp, 'v2_55', 'list_flavors')
        resp = self.api.get('/v2.1/flavors', version='2.61')
        self.tempest(resp, 'v2_61', 'list_flavors')
        self.assertNotIn('extra_specs', resp.json['flavors'][0])

    def test_admin_sees_all_and_filters_is_public(self):
        # Public (even disabled) plus those shared with the admin's project.
        resp = self.api.get('/v2.1/flavors', **ADMIN)
        self.assertEqual(['1', '2', '3', '5'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?is_public=none', **ADMIN)
        self.assertEqual(['1', '2', '3', '4', '5'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?is_public=false', **ADMIN)
        self.assertEqual(['3', '4'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?is_public=maybe', **ADMIN)
        self.assertEqual(400, resp.status_int)
        self.assertIn('Invalid is_public filter [maybe]',
                      resp.json['badRequest']['message'])

    def test_non_admin_is_public_ignored(self):
        resp = self.api.get('/v2.1/flavors?is_public=false')
        self.assertEqual(['1', '2', '3'], self.ids(resp))

    def test_min_filters(self):
        resp = self.api.get('/v2.1/flavors?minRam=1024')
        self.assertEqual(['2'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?minDisk=10')
        self.assertEqual(['2'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?minRam=big')
        self.assertEqual(400, resp.status_int)
        self.assertIn('Invalid minRam filter [big]', resp.body.decode())

    def test_sort(self):
        resp = self.api.get('/v2.1/flavors?sort_key=memory_mb&sort_dir=desc')
        self.assertEqual('2', self.ids(resp)[0])
        resp = self.api.get('/v2.1/flavors?sort_key=name&sort_dir=desc')
        self.assertEqual(['3', '2', '1'], self.ids(resp))
        resp = self.api.get('/v2.1/flavors?sort_key=bogus')
        self.assertEqual(400, resp.status_int)
        resp = self.api.get('/v2.1/flavors?sort_dir=up')
        self.assertEqual(400, resp.status_int)

    def test_paging(self):
        resp = self.api.get('/v2.1/flavors?limit=2')
        self.assertEqual(['1', '2'], self.ids(resp))
        self.tempest(resp, 'v2_1', 'list_flavors')
        href = resp.json['flavors_links'][0]['href']
        self.assertIn('marker=2', href)
        self.assertIn('/v2.1/flavors?', href)
        resp = self.api.get('/v2.1/flavors/detail?limit=1&marker=2')
        self.assertEqual(['3'], self.ids(resp))
        self.assertIn('/flavors/detail?',
                      resp.json['flavors_links'][0]['href'])
        resp = self.api.get('/v2.1/flavors?marker=nope')
        self.assertEqual(400, resp.status_int)
        self.assertIn('marker [nope] not found', resp.body.decode())
        resp = self.api.get('/v2.1/flavors?limit=-1')
        self.assertEqual(400, resp.status_int)

    def test_detail_versions(self):
        resp = self.api.get('/v2.1/flavors/detail')
        self.tempest(resp, 'v2_1', 'list_flavors_details')
        first = resp.json['flavors'][0]
        self.assertEqual('', first['swap'])
        self.assertEqual(1.0, first['rxtx_factor'])
        self.assertTrue(first['os-flavor-access:is_public'])
        self.assertFalse(first['OS-FLV-DISABLED:disabled'])
        self.assertNotIn('description', first)
        resp = self.api.get('/v2.1/flavors/detail', version='2.55')
        self.tempest(resp, 'v2_55', 'list_flavors_details')
        self.assertNotIn('extra_specs', resp.json['flavors'][1])
        resp = self.api.get('/v2.1/flavors/detail', version='2.61')
        self.tempest(resp, 'v2_61', 'list_flavors_details')
        self.assertEqual({'hw:cpu_policy': 'dedicated'},
                         resp.json['flavors'][1]['extra_specs'])
        self.assertEqual({}, resp.json['flavors'][0]['extra_specs'])

    def test_show(self):
        resp = self.api.get('/v2.1/flavors/2', version='2.60')
        self.tempest(resp, 'v2_55', 'create_update_get_flavor_details')
        self.assertNotIn('extra_specs', resp.json['flavor'])
        resp = self.api.get('/v2.1/flavors/2', version='2.61')
        self.tempest(resp, 'v2_61', 'create_update_get_flavor_details')
        self.assertEqual({'hw:cpu_policy': 'dedicated'},
                         resp.json['flavor']['extra_specs'])
        self.assertEqual(2048, resp.json['flavor']['ram'])
        self.assertEqual(20, resp.json['flavor']['disk'])

    def test_show_private_and_missing(self):
        self.assertEqual(200, self.api.get('/v2.1/flavors/3').status_int)
        resp = self.api.get('/v2.1/flavors/4')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('Flavor 4 could not be found.',
                         resp.json['itemNotFound']['message'])
        self.assertEqual(200, self.api.get('/v2.1/flavors/4',
                                           **ADMIN).status_int)

    def test_extra_specs_hidden_when_policy_denies(self):
        api_env.override_policy(self, {
            'os_compute_api:os-flavor-extra-specs:index': '!'})
        resp = self.api.get('/v2.1/flavors/2', version='2.61')
        self.assertEqual(200, resp.status_int)
        self.assertNotIn('extra_specs', resp.json['flavor'])
        resp = self.api.get('/v2.1/flavors/detail', version='2.61')
        self.assertNotIn('extra_specs', resp.json['flavors'][0])
        resp = self.api.get('/v2.1/flavors/2/os-extra_specs')
        self.assertEqual(403, resp.status_int)


class FlavorManageTest(FlavorsTestBase):

    def test_create_minimal(self):
        resp = self.create()
        self.assertEqual(200, resp.status_int, resp.body)
        self.tempest(resp, 'v2_1', 'create_update_get_flavor_details')
        flavor = resp.json['flavor']
        self.assertEqual(36, len(flavor['id']))
        self.assertEqual((1024, 2, 10, 0, ''), (
            flavor['ram'], flavor['vcpus'], flavor['disk'],
            flavor['OS-FLV-EXT-DATA:ephemeral'], flavor['swap']))
        self.assertTrue(flavor['os-flavor-access:is_public'])

    def test_create_full(self):
        resp = self.create(
            version='2.61', id=42, swap='512', rxtx_factor=2.5,
            description='big one', **{
                'OS-FLV-EXT-DATA:ephemeral': 5,
                'os-flavor-access:is_public': 'false'})
        self.assertEqual(200, resp.status_int, resp.body)
        self.tempest(resp, 'v2_61', 'create_update_get_flavor_details')
        flavor = resp.json['flavor']
        self.assertEqual('42', flavor['id'])
        self.assertEqual(512, flavor['swap'])
        self.assertEqual(2.5, flavor['rxtx_factor'])
        self.assertEqual('big one', flavor['description'])
        self.assertEqual({}, flavor['extra_specs'])
        self.assertFalse(flavor['os-flavor-access:is_public'])
        # Not shared with the creating project (upstream behaviour).
        access = self.api.get('/v2.1/flavors/42/os-flavor-access', **ADMIN)
        self.assertEqual([], access.json['flavor_access'])

    def test_create_description_needs_2_55(self):
        resp = self.create(version='2.54', description='x')
        self.assertEqual(400, resp.status_int)
        resp = self.create(version='2.55', description='x')
        self.assertEqual('x', resp.json['flavor']['description'])

    def test_create_bad_input(self):
        for bad in ({'ram': 0}, {'vcpus': -1}, {'disk': 'x'},
                    {'name': ' padded '}, {'name': ''}, {'id': 'a/b'},
                    {'rxtx_factor': 0}, {'ram': 2 ** 31},
                    {'os-flavor-access:is_public': 'perhaps'},
                    {'unknown': 1}):
            resp = self.create(**bad)
            self.assertEqual(400, resp.status_int, bad)
        resp = self.api.post('/v2.1/flavors', {'flavor': {'name': 'x'}},
                             **ADMIN)
        self.assertEqual(400, resp.status_int)

    def test_create_conflicts(self):
        self.assertEqual(200, self.create(name='a', id='7').status_int)
        resp = self.create(name='a', id='8')
        self.assertEqual(409, resp.status_int)
        self.assertIn('Flavor with name a already exists',
                      resp.json['conflictingRequest']['message'])
        resp = self.create(name='b', id='7')
        self.assertEqual(409, resp.status_int)
        self.assertIn('Flavor with ID 7 already exists',
                      resp.body.decode())

    def test_manage_forbidden_for_non_admin(self):
        self.flavor('1')
        self.assertEqual(403, self.create(user='demo').status_int)
        resp = self.api.delete('/v2.1/flavors/1')
        self.assertEqual(403, resp.status_int)
        resp = self.api.put('/v2.1/flavors/1',
                            {'flavor': {'description': 'x'}},
                            version='2.55')
        self.assertEqual(403, resp.status_int)

    def test_update_description(self):
        self.flavor('1', extra_specs={'a': 'b'})
        body = {'flavor': {'description': 'new text'}}
        resp = self.api.put('/v2.1/flavors/1', body, version='2.54', **ADMIN)
        self.assertEqual(404, resp.status_int)
        resp = self.api.put('/v2.1/flavors/1', body, version='2.55', **ADMIN)
        self.tempest(resp, 'v2_55', 'create_update_get_flavor_details')
        self.assertEqual('new text', resp.json['flavor']['description'])
        resp = self.api.put('/v2.1/flavors/1', body, version='2.61', **ADMIN)
        self.tempest(resp, 'v2_61', 'create_update_get_flavor_details')
        self.assertEqual({'a': 'b'}, resp.json['flavor']['extra_specs'])
        resp = self.api.put('/v2.1/flavors/1', {'flavor': {'name': 'n'}},
                            version='2.55', **ADMIN)
        self.assertEqual(400, resp.status_int)
        resp = self.api.put('/v2.1/flavors/9', body, version='2.55', **ADMIN)
        self.assertEqual(404, resp.status_int)

    def test_delete(self):
        self.flavor('1', extra_specs={'a': 'b'})
        resp = self.api.delete('/v2.1/flavors/1', **ADMIN)
        self.tempest(resp, 'v2_1', 'delete_flavor')
        self.assertEqual(404, self.api.get('/v2.1/flavors/1').status_int)
        resp = self.api.delete('/v2.1/flavors/1', **ADMIN)
        self.assertEqual(404, resp.status_int)


class ExtraSpecsTest(FlavorsTestBase):

    def setUp(self):
        super().setUp()
        self.flavor('1', extra_specs={'hw:numa_nodes': '1'})
        self.url = '/v2.1/flavors/1/os-extra_specs'

    def spec_tempest(self, resp, name):
        api_env.check_tempest(self, resp, 'v2_1', 'flavors_extra_specs',
                              name)

    def test_list_and_show(self):
        resp = self.api.get(self.url)
        self.spec_tempest(resp, 'set_get_flavor_extra_specs')
        self.assertEqual({'extra_specs': {'hw:numa_nodes': '1'}}, resp.json)
        resp = self.api.get(self.url + '/hw:numa_nodes')
        self.spec_tempest(resp, 'set_get_flavor_extra_specs_key')
        self.assertEqual({'hw:numa_nodes': '1'}, resp.json)
        resp = self.api.get(self.url + '/nope')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('Flavor 1 has no extra specs with key nope.',
                         resp.json['itemNotFound']['message'])
        resp = self.api.get('/v2.1/flavors/9/os-extra_specs')
        self.assertEqual(404, resp.status_int)

    def test_create(self):
        body = {'extra_specs': {'hw:cpu_policy': 'dedicated', 'num': 4,
                                'trait:HW_CPU_X86_AVX2': 'required',
                                'trait1:CUSTOM_GOLD': 'forbidden'}}
        resp = self.api.post(self.url, body, **ADMIN)
        self.assertEqual(200, resp.status_int, resp.body)
        self.assertEqual(body, resp.json)
        specs = self.api.get(self.url).json['extra_specs']
        self.assertEqual('4', specs['num'])
        self.assertEqual('1', specs['hw:numa_nodes'])
        self.assertEqual(5, len(specs))

    def test_create_bad(self):
        for specs in ({'bad/key': 'x'}, {'k': 'x' * 256}, {'k': True},
                      {'k': 10 ** 300}, {'': 'x'}):
            resp = self.api.post(self.url, {'extra_specs': specs}, **ADMIN)
            self.assertEqual(400, resp.status_int, specs)
        resp = self.api.post(self.url, {'specs': {}}, **ADMIN)
        self.assertEqual(400, resp.status_int)

    def test_unknown_trait_rejected(self):
        for key in ('trait:HW_CPU_X86_AVX9000', 'trait2:custom_lower',
                    'trait:CUSTOM_', 'trait:'):
            resp = self.api.post(self.url, {'extra_specs': {key: 'required'}},
                                 **ADMIN)
            self.assertEqual(400, resp.status_int, key)
            self.assertIn('trait', resp.json['badRequest']['message'])
        resp = self.api.put(self.url + '/trait:NOPE', {'trait:NOPE': 'x'},
                            **ADMIN)
        self.assertEqual(400, resp.status_int)

    def test_update(self):
        resp = self.api.put(self.url + '/hw:numa_nodes',
                            {'hw:numa_nodes': '2'}, **ADMIN)
        self.spec_tempest(resp, 'set_get_flavor_extra_specs_key')
        self.assertEqual({'hw:numa_nodes': '2'}, resp.json)
        resp = self.api.put(self.url + '/other', {'hw:numa_nodes': '2'},
                            **ADMIN)
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Request body and URI mismatch',
                         resp.json['badRequest']['message'])
        resp = self.api.put(self.url + '/a', {'a': '1', 'b': '2'}, **ADMIN)
        self.assertEqual(400, resp.status_int)

    def test_delete(self):
        resp = self.api.delete(self.url + '/hw:numa_nodes', **ADMIN)
        self.spec_tempest(resp, 'unset_flavor_extra_specs')
        self.assertEqual({}, self.api.get(self.url).json['extra_specs'])
        resp = self.api.delete(self.url + '/hw:numa_nodes', **ADMIN)
        self.assertEqual(404, resp.status_int)

    def test_non_admin_cannot_write(self):
        self.assertEqual(403, self.api.post(
            self.url, {'extra_specs': {'a': 'b'}}).status_int)
        self.assertEqual(403, self.api.put(
            self.url + '/a', {'a': 'b'}).status_int)
        self.assertEqual(403, self.api.delete(
            self.url + '/hw:numa_nodes').status_int)


class FlavorAccessTest(FlavorsTestBase):

    def setUp(self):
        super().setUp()
        self.flavor('pub')
        self.flavor('priv', is_public=False)

    def action(self, flavor_id, body, version='2.7', user='admin'):
        return self.api.post('/v2.1/flavors/%s/action' % flavor_id, body,
                             version=version, user=user)

    def test_add_list_remove(self):
        resp = self.action('priv', {'addTenantAccess': {
            'tenant': api_env.OTHER_PROJECT}})
        api_env.check_tempest(self, resp, 'v2_1', 'flavors_access',
                              'add_remove_list_flavor_access')
        self.assertEqual([{'flavor_id': 'priv',
                           'tenant_id': api_env.OTHER_PROJECT}],
                         resp.json['flavor_access'])
        resp = self.api.get('/v2.1/flavors/priv/os-flavor-access', **ADMIN)
        api_env.check_tempest(self, resp, 'v2_1', 'flavors_access',
                              'add_remove_list_flavor_access')
        self.assertEqual(1, len(resp.json['flavor_access']))
        # The project it was shared with now sees it.
        resp = self.api.get('/v2.1/flavors/priv',
                            project=api_env.OTHER_PROJECT)
        self.assertEqual(200, resp.status_int)
        resp = self.action('priv', {'addTenantAccess': {
            'tenant': api_env.OTHER_PROJECT}})
        self.assertEqual(409, resp.status_int)
        resp = self.action('priv', {'removeTenantAccess': {
            'tenant': api_env.OTHER_PROJECT}})
        self.assertEqual([], resp.json['flavor_access'])
        resp = self.action('priv', {'removeTenantAccess': {
            'tenant': api_env.OTHER_PROJECT}})
        self.assertEqual(404, resp.status_int)

    def test_public_flavor(self):
        resp = self.api.get('/v2.1/flavors/pub/os-flavor-access', **ADMIN)
        self.assertEqual(404, resp.status_int)
        self.assertEqual('Access list not available for public flavors.',
                         resp.json['itemNotFound']['message'])
        body = {'addTenantAccess': {'tenant': api_env.OTHER_PROJECT}}
        resp = self.action('pub', body)
        self.assertEqual(409, resp.status_int)
        self.assertEqual('Can not add access to a public flavor.',
                         resp.json['conflictingRequest']['message'])
        # Before 2.7 the access row was simply added.
        self.assertEqual(200, self.action('pub', body,
                                          version='2.6').status_int)

    def test_bad_actions(self):
        self.assertEqual(403, self.action('priv', {'addTenantAccess': {
            'tenant': 'x'}}, user='demo').status_int)
        self.assertEqual(400, self.action(
            'priv', {'addTenantAccess': {}}).status_int)
        self.assertEqual(404, self.action('priv', {'explode': {}}).status_int)
        self.assertEqual(400, self.action('priv', {}).status_int)
        self.assertEqual(404, self.action('nope', {'addTenantAccess': {
            'tenant': 'x'}}).status_int)
