"""GET /limits through the real app."""

import testtools

from nova_rocky.tests.unit.api.handlers import env as api_env


class LimitsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api
        self.env.instance('cmp1', vcpus=2, memory_mb=512)
        self.env.instance('cmp1', vcpus=4, memory_mb=1024)
        self.env.instance('cmp1', vcpus=8, memory_mb=4096,
                          project_id=api_env.OTHER_PROJECT)

    def absolute(self, version, **kw):
        resp = self.api.get('/v2.1/limits', version=version, **kw)
        self.assertEqual(200, resp.status_int, resp.body)
        self.assertEqual([], resp.json['limits']['rate'])
        return resp, resp.json['limits']['absolute']

    def test_v2_1(self):
        resp, absolute = self.absolute('2.1')
        api_env.check_tempest(self, resp, 'v2_1', 'limits', 'get_limit')
        self.assertEqual(
            {'maxTotalRAMSize': 51200, 'maxTotalInstances': 10,
             'maxTotalCores': 20, 'maxTotalKeypairs': 100,
             'maxTotalFloatingIps': 10, 'maxServerMeta': 128,
             'maxImageMeta': 128, 'maxPersonality': 5,
             'maxPersonalitySize': 10240, 'maxSecurityGroups': 10,
             'maxSecurityGroupRules': 20, 'maxServerGroups': 10,
             'maxServerGroupMembers': 10, 'totalRAMUsed': 1536,
             'totalCoresUsed': 6, 'totalInstancesUsed': 2,
             'totalFloatingIpsUsed': 0, 'totalSecurityGroupsUsed': 0,
             'totalServerGroupsUsed': 0}, absolute)

    def test_versions_drop_fields(self):
        resp, absolute = self.absolute('2.36')
        api_env.check_tempest(self, resp, 'v2_36', 'limits', 'get_limit')
        for name in ('maxTotalFloatingIps', 'maxSecurityGroups',
                     'maxSecurityGroupRules', 'totalFloatingIpsUsed',
                     'totalSecurityGroupsUsed'):
            self.assertNotIn(name, absolute)
        self.assertIn('maxImageMeta', absolute)
        resp, absolute = self.absolute('2.39')
        api_env.check_tempest(self, resp, 'v2_39', 'limits', 'get_limit')
        self.assertNotIn('maxImageMeta', absolute)
        self.assertIn('maxPersonality', absolute)
        resp, absolute = self.absolute('2.57')
        api_env.check_tempest(self, resp, 'v2_57', 'limits', 'get_limit')
        self.assertNotIn('maxPersonality', absolute)
        self.assertNotIn('maxPersonalitySize', absolute)
        self.assertEqual(10, absolute['maxServerGroups'])

    def test_config_and_other_project(self):
        self.api.conf.config(group='quota', cores=-1, instances=3)
        _resp, absolute = self.absolute('2.65')
        self.assertEqual((-1, 3), (absolute['maxTotalCores'],
                                   absolute['maxTotalInstances']))
        query = '?tenant_id=%s' % api_env.OTHER_PROJECT
        resp = self.api.get('/v2.1/limits' + query)
        self.assertEqual(403, resp.status_int)
        resp = self.api.get('/v2.1/limits' + query, **api_env.ADMIN)
        absolute = resp.json['limits']['absolute']
        self.assertEqual((1, 8, 4096), (absolute['totalInstancesUsed'],
                                        absolute['totalCoresUsed'],
                                        absolute['totalRAMUsed']))

    def test_server_groups_counted(self):
        from nova_rocky.db.models import api as api_models
        from nova_rocky.db import api as db_api

        @db_api.api_writer
        def add_group(context):
            context.session.add(api_models.InstanceGroup(
                uuid='7a8b3c1e-0f7e-4d0b-9b0a-0d8a2c9f1e11', name='g',
                project_id=api_env.PROJECT, user_id='demo'))
        add_group(self.env.ctxt)
        _resp, absolute = self.absolute('2.65')
        self.assertEqual(1, absolute['totalServerGroupsUsed'])
