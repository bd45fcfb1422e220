"""GET /servers/{id}/os-instance-actions across microversions."""

import hashlib


from nova_rocky import conf
from nova_rocky.tests.functional import test_server_actions as base


class TestInstanceActionsAPI(base.ServerActionsBase):

    def _stopped_and_started(self):
        server = self.boot()
        sid = server['id']
        for body, status in (({'os-stop': None}, 'SHUTOFF'),
                             ({'os-start': None}, 'ACTIVE')):
            self.action(sid, body)
            self.wait_for_task_done(sid, status)
        return sid

    def _show(self, sid, request_id, microversion, api=None):
        return (api or self.api).get(
            '/servers/%s/os-instance-actions/%s' % (sid, request_id),
            microversion=microversion)['instanceAction']

    def test_list_and_show_shapes(self):
        sid = self._stopped_and_started()
        listed = self.actions(sid)
        self.assertEqual(['start', 'stop', 'create'],
                         [a['action'] for a in listed])
        for item in listed:
            self.assertEqual({'action', 'instance_uuid', 'request_id',
                              'user_id', 'project_id', 'start_time',
                              'message'}, set(item))
            self.assertTrue(item['request_id'].startswith('req-'))
        start = listed[0]
        # Before 2.51 the owner sees no events, the admin does.
        self.assertNotIn('events', self._show(sid, start['request_id'],
                                              '2.50'))
        admin_view = self._show(sid, start['request_id'], '2.50',
                                api=self.admin_api)
        self.assertEqual({'event', 'start_time', 'finish_time', 'result',
                          'traceback'}, set(admin_view['events'][0]))
        owner_view = self._show(sid, start['request_id'], '2.51')
        self.assertEqual({'event', 'start_time', 'finish_time', 'result'},
                         set(owner_view['events'][0]))
        resp = self.api.request(
            'GET', '/servers/%s/os-instance-actions/req-nope' % sid)
        self.assertEqual(404, resp.status_code)

    def test_host_id_for_everyone_host_for_admins_from_2_62(self):
        sid = self._stopped_and_started()
        request_id = self.actions(sid)[0]['request_id']
        host = self.admin_api.get('/servers/%s' % sid)['server'][
            'OS-EXT-SRV-ATTR:host']
        expected_id = hashlib.sha224(
            (self.project_id + host).encode()).hexdigest()
        owner = self._show(sid, request_id, '2.62')['events'][0]
        self.assertEqual(expected_id, owner['hostId'])
        self.assertNotIn('host', owner)
        admin = self._show(sid, request_id, '2.62',
                           api=self.admin_api)['events'][0]
        self.assertEqual(host, admin['host'])
        self.assertEqual(expected_id, admin['hostId'])
        self.assertNotIn('hostId', self._show(sid, request_id,
                                              '2.61')['events'][0])

    def test_paging_from_2_58(self):
        sid = self._stopped_and_started()
        everything = self.actions(sid, microversion='2.58')
        self.assertIn('updated_at', everything[0])
        page = self.api.get('/servers/%s/os-instance-actions?limit=2' % sid,
                            microversion='2.58')
        self.assertEqual(['start', 'stop'],
                         [a['action'] for a in page['instanceActions']])
        self.assertEqual('next', page['links'][0]['rel'])
        self.assertIn('marker=%s' % page['instanceActions'][-1][
            'request_id'], page['links'][0]['href'])
        rest = self.api.get(
            '/servers/%s/os-instance-actions?marker=%s' % (
                sid, page['instanceActions'][-1]['request_id']),
            microversion='2.58')['instanceActions']
        self.assertEqual(['create'], [a['action'] for a in rest])
        since = everything[0]['updated_at']
        recent = self.api.get(
            '/servers/%s/os-instance-actions?changes-since=%s' % (
                sid, since), microversion='2.58')['instanceActions']
        self.assertEqual(['start'], [a['action'] for a in recent])
        for query in ('marker=req-unknown', 'limit=-1', 'limit=x',
                      'changes-since=yesterday', 'sort=up'):
            resp = self.api.request(
                'GET', '/servers/%s/os-instance-actions?%s' % (sid, query),
                microversion='2.58')
            self.assertEqual(400, resp.status_code, query)
        # Before 2.58 paging parameters are ignored.
        self.assertEqual(3, len(self.api.get(
            '/servers/%s/os-instance-actions?limit=1' % sid,
            microversion='2.57')['instanceActions']))

    def test_deleted_server_history_from_2_21(self):
        server = self.boot()
        sid = server['id']
        self.api.delete('/servers/%s' % sid)
        self.api.wait_for_deleted(sid)
        resp = self.api.request('GET',
                                '/servers/%s/os-instance-actions' % sid,
                                microversion='2.20')
        self.assertEqual(404, resp.status_code)
        actions = self.actions(sid, microversion='2.21')
        self.assertEqual(['delete', 'create'],
                         [a['action'] for a in actions])

    def test_other_projects_cannot_read_the_history(self):
        sid = self.boot()['id']
        stranger = self.api.__class__(self.cloud.url + '/v2.1',
                                      user='demo', project='someone-else')
        resp = stranger.request('GET',
                                '/servers/%s/os-instance-actions' % sid)
        self.assertEqual(404, resp.status_code)


class TestFault(base.ServerActionsBase):

    def test_error_server_shows_its_fault_details_to_admins_only(self):
        # Not oslo.config's Config fixture: its clean-up resets every
        # override and default, the shared in-process cloud's included.
        name = self.unique_name('doomed')
        conf.CONF.set_override('fail_spawn_for_names', [name], group='fake')
        self.addCleanup(conf.CONF.clear_override, 'fail_spawn_for_names',
                        group='fake')
        server = self.api.create_server(name, self._flavor()['id'],
                                        self.demo_image_id())
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/servers/%s' % server['id'])
        errored = self.api.wait_for_server(server['id'],
                                           statuses=('ERROR',))
        fault = errored['fault']
        self.assertEqual({'code', 'created', 'message'}, set(fault))
        admin_fault = self.admin_api.get(
            '/servers/%s' % server['id'])['server']['fault']
        self.assertEqual(fault['message'], admin_fault['message'])
        self.assertIn('details', admin_fault)
