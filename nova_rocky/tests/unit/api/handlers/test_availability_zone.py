"""/os-availability-zone through the real app."""

import testtools

from nova_rocky.tests.unit.api.handlers import env as api_env


class AvailabilityZoneTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api
        self.cmp1 = self.env.service('cmp1')
        self.env.service('cmp2', disabled=True)
        self.env.service('ctl', binary='nova-conductor')
        self.env.service('ctl', binary='nova-scheduler', forced_down=True)
        self.env.service('api', binary='nova-osapi_compute')

    def test_list(self):
        resp = self.api.get('/v2.1/os-availability-zone')
        api_env.check_tempest(self, resp, 'v2_1', 'availability_zone',
                              'list_availability_zone_list')
        self.assertEqual([{'zoneName': 'nova',
                           'zoneState': {'available': True},
                           'hosts': None}],
                         resp.json['availabilityZoneInfo'])

    def test_zone_name_from_config(self):
        self.api.conf.config(default_availability_zone='az-x')
        resp = self.api.get('/v2.1/os-availability-zone')
        self.assertEqual('az-x',
                         resp.json['availabilityZoneInfo'][0]['zoneName'])

    def test_zone_with_only_disabled_computes(self):
        self.cmp1.disabled = True
        self.cmp1.save()
        resp = self.api.get('/v2.1/os-availability-zone')
        self.assertEqual([{'zoneName': 'nova',
                           'zoneState': {'available': False},
                           'hosts': None}],
                         resp.json['availabilityZoneInfo'])

    def test_detail(self):
        resp = self.api.get('/v2.1/os-availability-zone/detail',
                            **api_env.ADMIN)
        api_env.check_tempest(self, resp, 'v2_1', 'availability_zone',
                              'list_availability_zone_list_detail')
        zones = {z['zoneName']: z for z in resp.json['availabilityZoneInfo']}
        self.assertEqual({'nova', 'internal'}, set(zones))
        self.assertEqual({'cmp1'}, set(zones['nova']['hosts']))
        ctl = zones['internal']['hosts']['ctl']
        self.assertEqual({'nova-conductor', 'nova-scheduler'}, set(ctl))
        self.assertTrue(ctl['nova-conductor']['available'])
        self.assertFalse(ctl['nova-scheduler']['available'])
        self.assertTrue(ctl['nova-scheduler']['active'])
        self.assertNotIn('api', zones['internal']['hosts'])

    def test_detail_admin_only(self):
        resp = self.api.get('/v2.1/os-availability-zone/detail')
        self.assertEqual(403, resp.status_int)
