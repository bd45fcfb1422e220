"""Request validation of /servers: bodies and list queries by version.

These requests fail validation before any database or service is used.
"""

import testtools

from nova_rocky.tests.fixtures import api as api_fixture

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


def _body(**server):
    server.setdefault('name', 'vm')
    server.setdefault('imageRef', IMAGE)
    server.setdefault('flavorRef', '1')
    return {'server': server}


class CreateSchemaTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(api_fixture.APIFixture())

    def assertBadRequest(self, body, version='2.1', text=None):
        resp = self.api.post('/v2.1/servers', body, version=version)
        self.assertEqual(400, resp.status_int, resp.body)
        message = resp.json['badRequest']['message']
        if text is not None:
            self.assertIn(text, message)
        return message

    def test_unknown_field(self):
        self.assertBadRequest(_body(flavour='1'),
                              text="'flavour' was unexpected")
        self.assertBadRequest(_body(networks='none', bogus=1),
                              version='2.37')

    def test_unknown_top_level_field(self):
        body = _body()
        body['extra'] = {}
        self.assertBadRequest(body)

    def test_missing_name_and_flavor(self):
        self.assertBadRequest({'server': {'imageRef': IMAGE,
                                          'flavorRef': '1'}},
                              text="'name' is a required property")
        self.assertBadRequest({'server': {'name': 'vm'}},
                              text="'flavorRef' is a required property")

    def test_bad_flavor_ref(self):
        self.assertBadRequest(_body(flavorRef=''), text='flavorRef')
        self.assertBadRequest(_body(flavorRef=['1']), text='flavorRef')

    def test_bad_image_ref(self):
        self.assertBadRequest(_body(imageRef='not-a-uuid'),
                              text='imageRef')
        self.assertBadRequest(_body(imageRef=42), text='imageRef')

    def test_name_too_long_or_padded(self):
        self.assertBadRequest(_body(name='a' * 256), text='name')
        self.assertBadRequest(_body(name=''), text='name')
        self.assertBadRequest(_body(name=' vm'), text='name')
        self.assertBadRequest(_body(name='vm\n'), text='name')

    def test_networks_required_from_2_37(self):
        self.assertBadRequest(_body(), version='2.37',
                              text="'networks' is a required property")

    def test_networks_auto_none_only_from_2_37(self):
        self.assertBadRequest(_body(networks='auto'), version='2.36')
        self.assertBadRequest(_body(networks='some'), version='2.37')

    def test_network_uuid_format_from_2_37(self):
        self.assertBadRequest(_body(networks=[{'uuid': 'net'}]),
                              version='2.37')

    def test_network_tag_only_2_32_and_2_42(self):
        nets = [{'uuid': IMAGE, 'tag': 'eth0'}]
        self.assertBadRequest(_body(networks=nets), version='2.31',
                              text="'tag' was unexpected")

    def test_description_from_2_19(self):
        self.assertBadRequest(_body(description='d'), version='2.18')
        self.assertBadRequest(_body(description='d' * 256), version='2.19')

    def test_tags_from_2_52(self):
        self.assertBadRequest(_body(networks='none', tags=['a']),
                              version='2.51')
        self.assertBadRequest(_body(networks='none', tags=['a/b']),
                              version='2.52')
        self.assertBadRequest(
            _body(networks='none', tags=['t%d' % i for i in range(51)]),
            version='2.52')

    def test_personality_gone_in_2_57(self):
        files = [{'path': '/etc/motd', 'contents': 'aGk='}]
        self.assertBadRequest(_body(networks='none', personality=files),
                              version='2.57')

    def test_trusted_certificates_from_2_63(self):
        self.assertBadRequest(
            _body(networks='none', trusted_image_certificates=['c']),
            version='2.62')
        self.assertBadRequest(
            _body(networks='none', trusted_image_certificates=[]),
            version='2.63')

    def test_host_and_hypervisor_hostname_not_served(self):
        # 2.74 is beyond this API's maximum: the fields are unknown.
        self.assertBadRequest(_body(networks='none', host='h'),
                              version='latest')

    def test_counts_and_metadata(self):
        self.assertBadRequest(_body(min_count=0), text='min_count')
        self.assertBadRequest(_body(max_count='x'), text='max_count')
        self.assertBadRequest(_body(metadata={'k': 'v' * 256}))
        self.assertBadRequest(_body(metadata={'k/': 'v'}))
        self.assertBadRequest(_body(metadata={'k': 1}))

    def test_access_ips_and_disk_config(self):
        self.assertBadRequest(_body(accessIPv4='1.2.3'), text='accessIPv4')
        self.assertBadRequest(_body(accessIPv6='1.2.3.4'),
                              text='accessIPv6')
        self.assertBadRequest(_body(**{'OS-DCF:diskConfig': 'auto'}))

    def test_config_drive_and_booleans(self):
        self.assertBadRequest(_body(config_drive='maybe'))
        self.assertBadRequest(_body(return_reservation_id='perhaps'))

    def test_scheduler_hints(self):
        body = _body()
        body['os:scheduler_hints'] = {'group': 'not-a-uuid'}
        self.assertBadRequest(body, text='group')

    def test_block_device_mapping_v2_shape(self):
        bdm = [{'source_type': 'floppy', 'uuid': IMAGE}]
        self.assertBadRequest(_body(block_device_mapping_v2=bdm))

    def test_not_json(self):
        resp = self.api.post('/v2.1/servers', b'{"server": ', version='2.1')
        self.assertEqual(400, resp.status_int)


class UpdateSchemaTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(api_fixture.APIFixture())

    def _put(self, body, version):
        return self.api.put('/v2.1/servers/%s' % IMAGE, body,
                            version=version)

    def test_unknown_field(self):
        resp = self._put({'server': {'flavorRef': '1'}}, '2.1')
        self.assertEqual(400, resp.status_int)

    def test_description_from_2_19(self):
        self.assertEqual(400, self._put({'server': {'description': 'x'}},
                                        '2.18').status_int)

    def test_name_rules(self):
        self.assertEqual(400, self._put({'server': {'name': ''}},
                                        '2.1').status_int)
        self.assertEqual(400, self._put({'server': {'name': 'a' * 256}},
                                        '2.1').status_int)


class ListQuerySchemaTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(api_fixture.APIFixture())

    def test_bad_sort_key(self):
        resp = self.api.get('/v2.1/servers?sort_key=flavor', version='2.1')
        self.assertEqual(400, resp.status_int)

    def test_bad_limit(self):
        resp = self.api.get('/v2.1/servers/detail?limit=-1', version='2.1')
        self.assertEqual(400, resp.status_int)

    def test_bad_sort_dir(self):
        resp = self.api.get('/v2.1/servers?sort_dir=up', version='2.1')
        self.assertEqual(400, resp.status_int)
        self.assertIn('sort direction', resp.json['badRequest']['message'])

    def test_unknown_status(self):
        resp = self.api.get('/v2.1/servers?status=SLEEPY', version='2.38')
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Invalid status value',
                         resp.json['badRequest']['message'])
        # Before 2.38 an unknown status simply matches nothing.
        resp = self.api.get('/v2.1/servers?status=SLEEPY', version='2.37')
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'servers': []}, resp.json)

    def test_non_admin_sort_by_host(self):
        resp = self.api.get('/v2.1/servers?sort_key=host', version='2.1')
        self.assertEqual(403, resp.status_int)

    def test_joined_table_filter(self):
        resp = self.api.get('/v2.1/servers?metadata=x', version='2.1',
                            user='admin')
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Invalid filter field: metadata.',
                         resp.json['badRequest']['message'])

    def test_all_tenants_needs_policy(self):
        resp = self.api.get('/v2.1/servers?all_tenants=1', version='2.1')
        self.assertEqual(403, resp.status_int)

    def test_deleted_status_is_admin_only(self):
        resp = self.api.get('/v2.1/servers?status=DELETED', version='2.1')
        # A non-admin cannot filter on vm_state (the filter is dropped
        # first), but status=DELETED maps to vm_state deleted: 403.
        self.assertEqual(403, resp.status_int)
