"""/os-server-groups through the real app, on the real API database."""

import testtools

from nova_rocky import conf
from nova_rocky.tests.unit.api.handlers import env as api_env

CONF = conf.CONF
URL = '/v2.1/os-server-groups'


class ServerGroupsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api

    def create(self, version='2.1', user='demo', **group):
        group.setdefault('name', 'g1')
        return self.api.post(URL, {'server_group': group}, version=version,
                             user=user)

    def tempest(self, resp, version_dir, name):
        api_env.check_tempest(self, resp, version_dir, 'server_groups', name)

    def test_create_show_list_delete_2_1(self):
        resp = self.create(policies=['anti-affinity'])
        self.assertEqual(200, resp.status_int)
        self.tempest(resp, 'v2_1', 'create_show_server_group')
        group = resp.json['server_group']
        self.assertEqual(['anti-affinity'], group['policies'])
        self.assertEqual({}, group['metadata'])
        self.assertEqual([], group['members'])
        self.assertNotIn('project_id', group)
        shown = self.api.get('%s/%s' % (URL, group['id']))
        self.tempest(shown, 'v2_1', 'create_show_server_group')
        self.assertEqual(group, shown.json['server_group'])
        listed = self.api.get(URL)
        self.tempest(listed, 'v2_1', 'list_server_groups')
        self.assertEqual([group['id']],
                         [g['id'] for g in listed.json['server_groups']])
        resp = self.api.delete('%s/%s' % (URL, group['id']))
        self.tempest(resp, 'v2_1', 'delete_server_group')
        self.assertEqual(404, self.api.get(
            '%s/%s' % (URL, group['id'])).status_int)
        self.assertEqual(404, self.api.delete(
            '%s/%s' % (URL, group['id'])).status_int)

    def test_owner_ids_from_2_13(self):
        resp = self.create('2.13', policies=['affinity'])
        self.tempest(resp, 'v2_13', 'create_show_server_group')
        group = resp.json['server_group']
        self.assertEqual(api_env.PROJECT, group['project_id'])
        self.assertEqual('demo', group['user_id'])
        self.tempest(self.api.get(URL, version='2.13'), 'v2_13',
                     'list_server_groups')

    def test_soft_policies_need_2_15(self):
        self.assertEqual(400, self.create(
            '2.14', policies=['soft-affinity']).status_int)
        for policy in ('soft-affinity', 'soft-anti-affinity'):
            resp = self.create('2.15', policies=[policy])
            self.assertEqual(200, resp.status_int)
            self.assertEqual([policy],
                             resp.json['server_group']['policies'])

    def test_empty_or_missing_policy_is_400_at_every_version(self):
        for version in ('2.1', '2.15', '2.63'):
            for bad in ({'policies': []}, {},
                        {'policies': ['affinity', 'anti-affinity']},
                        {'policies': ['bogus']}, {'policies': 'affinity'}):
                resp = self.create(version, **bad)
                self.assertEqual(400, resp.status_int, (version, bad))
                self.assertIn('badRequest', resp.json)
        for bad in ({}, {'policy': ''}, {'policy': None},
                    {'policies': ['affinity']},
                    {'policy': 'affinity', 'policies': ['affinity']}):
            resp = self.create('2.64', **bad)
            self.assertEqual(400, resp.status_int, bad)
            self.assertIn('badRequest', resp.json)

    def test_policy_and_rules_2_64(self):
        resp = self.create('2.64', policy='anti-affinity',
                           rules={'max_server_per_host': 3})
        self.assertEqual(200, resp.status_int)
        self.tempest(resp, 'v2_64', 'create_show_server_group')
        group = resp.json['server_group']
        self.assertEqual('anti-affinity', group['policy'])
        self.assertEqual({'max_server_per_host': 3}, group['rules'])
        self.assertNotIn('policies', group)
        self.assertNotIn('metadata', group)
        # Older microversions see the same group the old way.
        old = self.api.get('%s/%s' % (URL, group['id'])).json
        self.assertEqual(['anti-affinity'], old['server_group']['policies'])
        listed = self.api.get(URL, version='2.64')
        self.tempest(listed, 'v2_64', 'list_server_groups')
        resp = self.create('2.64', name='g2', policy='affinity')
        self.assertEqual({}, resp.json['server_group']['rules'])
        resp = self.create('2.64', name='g3', policy='anti-affinity',
                           rules={'max_server_per_host': '2'})
        self.assertEqual({'max_server_per_host': 2},
                         resp.json['server_group']['rules'])

    def test_bad_rules_2_64(self):
        resp = self.create('2.64', policy='affinity',
                           rules={'max_server_per_host': 2})
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Only anti-affinity policy supports rules.',
                         resp.json['badRequest']['message'])
        for policy in ('soft-affinity', 'soft-anti-affinity'):
            self.assertEqual(400, self.create(
                '2.64', policy=policy,
                rules={'max_server_per_host': 2}).status_int)
        for value in (0, -1, '0', 'x', 1.5, None):
            resp = self.create('2.64', policy='anti-affinity',
                               rules={'max_server_per_host': value})
            self.assertEqual(400, resp.status_int, value)
        resp = self.create('2.64', policy='anti-affinity',
                           rules={'unknown_rule': 1})
        self.assertEqual(400, resp.status_int)

    def test_quota(self):
        CONF.set_override('server_groups', 2, group='quota')
        self.addCleanup(CONF.clear_override, 'server_groups', group='quota')
        for i in range(2):
            self.assertEqual(200, self.create(
                name='g%d' % i, policies=['affinity']).status_int)
        resp = self.create(name='g3', policies=['affinity'])
        self.assertEqual(403, resp.status_int)
        self.assertEqual('Quota exceeded, too many server groups.',
                         resp.json['forbidden']['message'])
        limits = self.api.get('/v2.1/limits').json['limits']['absolute']
        self.assertEqual(2, limits['totalServerGroupsUsed'])

    def test_other_projects_and_all_projects(self):
        mine = self.create(policies=['affinity']).json['server_group']
        other = self.api.post(URL, {'server_group': {
            'name': 'theirs', 'policies': ['affinity']}},
            project=api_env.OTHER_PROJECT).json['server_group']
        self.assertEqual([mine['id']], [
            g['id'] for g in self.api.get(URL).json['server_groups']])
        self.assertEqual(403, self.api.get(
            '%s/%s' % (URL, other['id'])).status_int)
        self.assertEqual(403, self.api.delete(
            '%s/%s' % (URL, other['id'])).status_int)
        # all_projects is for administrators; others see their own.
        self.assertEqual([mine['id']], [g['id'] for g in self.api.get(
            URL + '?all_projects=True').json['server_groups']])
        everyone = self.api.get(URL + '?all_projects=True',
                                **api_env.ADMIN).json['server_groups']
        self.assertEqual({mine['id'], other['id']},
                         {g['id'] for g in everyone})
        paged = self.api.get(URL + '?all_projects=1&limit=1&offset=1',
                             **api_env.ADMIN).json['server_groups']
        self.assertEqual([everyone[1]['id']], [g['id'] for g in paged])
        self.assertEqual(400, self.api.get(URL + '?limit=-1').status_int)
