"""Server lifecycle actions through the REST API, like a user.

Each action goes API -> compute RPC cast -> fake driver and back; the
tests watch the server's status, its states and its action history.
"""

from nova_rocky import conf
from nova_rocky.tests.functional import base


class ServerActionsBase(base.FunctionalTestCase):

    def _flavor(self):
        body = {'flavor': {'name': self.unique_name('flavor'), 'ram': 128,
                           'vcpus': 1, 'disk': 1}}
        flavor = self.admin_api.post('/flavors', body,
                                     expect=200).json()['flavor']
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/flavors/%s' % flavor['id'])
        return flavor

    def boot(self, name=None):
        server = self.api.create_server(name or self.unique_name('vm'),
                                        self._flavor()['id'],
                                        self.demo_image_id())
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/servers/%s' % server['id'])
        return self.api.wait_for_server(server['id'])

    def action(self, server_id, body, expect=202, api=None,
               microversion=None):
        return (api or self.api).post('/servers/%s/action' % server_id,
                                      body, expect=expect,
                                      microversion=microversion)

    def wait_for_task_done(self, server_id, status, api=None):
        api = api or self.api

        def done():
            server = api.get('/servers/%s' % server_id)['server']
            if server['status'] == status and \
                    server['OS-EXT-STS:task_state'] is None:
                return server
            return None
        return self.cloud_wait(done, 'server %s %s' % (server_id, status))

    def cloud_wait(self, predicate, what):
        import time
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.1)
        raise AssertionError('timed out waiting for %s' % what)

    def actions(self, server_id, microversion='2.1', api=None):
        return (api or self.api).get(
            '/servers/%s/os-instance-actions' % server_id,
            microversion=microversion)['instanceActions']


class TestPowerActions(ServerActionsBase):

    def test_stop_start_pause_suspend_reboot(self):
        from nova_rocky import rpc
        from nova_rocky.tests.fixtures import notifications
        collector = notifications.NotificationCollector()
        self.useFixture(notifications.NotificationListener(
            rpc.NOTIFICATION_TRANSPORT, collector,
            pool='test-%s' % self.project_id))
        server = self.boot()
        sid = server['id']
        steps = [({'os-stop': None}, 'SHUTOFF', 'stopped', 4),
                 ({'os-start': None}, 'ACTIVE', 'active', 1),
                 ({'pause': None}, 'PAUSED', 'paused', 3),
                 ({'unpause': None}, 'ACTIVE', 'active', 1),
                 ({'suspend': None}, 'SUSPENDED', 'suspended', 7),
                 ({'resume': None}, 'ACTIVE', 'active', 1),
                 ({'reboot': {'type': 'SOFT'}}, 'ACTIVE', 'active', 1),
                 ({'reboot': {'type': 'HARD'}}, 'ACTIVE', 'active', 1)]
        for body, status, vm_state, power in steps:
            resp = self.action(sid, body)
            self.assertEqual(b'', resp.content)
            shown = self.wait_for_task_done(sid, status)
            self.assertEqual(vm_state, shown['OS-EXT-STS:vm_state'])
            self.assertEqual(power, shown['OS-EXT-STS:power_state'])
        names = [a['action'] for a in self.actions(sid)]
        self.assertEqual(['reboot', 'reboot', 'resume', 'suspend',
                          'unpause', 'pause', 'start', 'stop', 'create'],
                         names)
        # Each action announced its start and end, as the samples show.
        collector.wait_for('instance.reboot.end', sid)
        seen = [item['event_type'] for item in collector.for_instance(sid)]
        for action in ('power_off', 'power_on', 'pause', 'unpause',
                       'suspend', 'resume', 'reboot'):
            for phase in ('start', 'end'):
                self.assertIn('instance.%s.%s' % (action, phase), seen)
        for item in collector.for_instance(sid):
            notifications.assert_matches_sample(self, item)
            self.assertTrue(item['payload']['nova_object.data'][
                'request_id'].startswith('req-'))

    def test_action_events_record_the_compute_step(self):
        server = self.boot()
        self.action(server['id'], {'os-stop': None})
        self.wait_for_task_done(server['id'], 'SHUTOFF')
        stop = self.actions(server['id'])[0]
        detail = self.api.get('/servers/%s/os-instance-actions/%s' % (
            server['id'], stop['request_id']),
            microversion='2.51')['instanceAction']
        self.assertEqual('stop', detail['action'])
        self.assertEqual(['compute_stop_instance'],
                         [e['event'] for e in detail['events']])
        self.assertEqual('Success', detail['events'][0]['result'])
        self.assertNotIn('traceback', detail['events'][0])

    def test_wrong_state_is_a_conflict_naming_the_state(self):
        server = self.boot()
        resp = self.action(server['id'], {'os-start': None}, expect=409)
        message = resp.json()['conflictingRequest']['message']
        self.assertIn("Cannot 'start' instance", message)
        self.assertIn('vm_state active', message)
        resp = self.action(server['id'], {'unpause': None}, expect=409)
        self.assertIn('vm_state active',
                      resp.json()['conflictingRequest']['message'])

    def test_bad_bodies_are_rejected_by_the_schema(self):
        server = self.boot()
        sid = server['id']
        for body in ({'reboot': {'type': 'SOFT', 'force': True}},
                     {'reboot': {}}, {'reboot': {'type': 'WARM'}},
                     {'pause': {'now': True}}, {'no-such-action': None},
                     {'pause': None, 'unpause': None}):
            resp = self.action(sid, body, expect=400)
            self.assertIn('badRequest', resp.json())
        # Nothing was started by the refused requests.
        self.assertEqual(['create'], [a['action']
                                      for a in self.actions(sid)])


class TestLock(ServerActionsBase):

    def test_locked_server_refuses_its_owner_not_the_admin(self):
        server = self.boot()
        sid = server['id']
        self.action(sid, {'lock': None})
        shown = self.api.get('/servers/%s' % sid,
                             microversion='2.9')['server']
        self.assertTrue(shown['locked'])
        resp = self.action(sid, {'os-stop': None}, expect=409)
        self.assertIn('is locked',
                      resp.json()['conflictingRequest']['message'])
        resp = self.api.delete('/servers/%s' % sid, expect=409)
        # The admin may act on it.
        self.action(sid, {'os-stop': None}, api=self.admin_api)
        self.wait_for_task_done(sid, 'SHUTOFF')
        self.action(sid, {'unlock': None})
        self.action(sid, {'os-start': None})
        self.wait_for_task_done(sid, 'ACTIVE')
        names = [a['action'] for a in self.actions(sid)]
        self.assertEqual(['start', 'unlock', 'stop', 'lock', 'create'],
                         names)

    def test_owner_cannot_unlock_what_an_admin_locked(self):
        server = self.boot()
        sid = server['id']
        other_admin = self.admin_api.__class__(
            self.cloud.url + '/v2.1', user='admin', project='admins')
        self.action(sid, {'lock': None}, api=other_admin)
        resp = self.action(sid, {'unlock': None}, expect=403)
        self.assertIn('forbidden', resp.json())
        self.action(sid, {'unlock': None}, api=other_admin)


class TestSoftDelete(ServerActionsBase):
    """DELETE with [DEFAULT]reclaim_instance_interval keeps the server."""

    def setUp(self):
        super().setUp()
        # Not oslo.config's Config fixture: its clean-up resets every
        # override and default, the shared in-process cloud's included.
        conf.CONF.set_override('reclaim_instance_interval', 3600)
        self.addCleanup(conf.CONF.clear_override,
                        'reclaim_instance_interval')

    def _compute_manager(self, host):
        for svc in self.cloud.runner.services:
            if svc.binary == 'nova-compute' and svc.host == host:
                return svc.manager
        raise AssertionError('no compute %s' % host)

    def test_soft_delete_restore_and_force_delete(self):
        server = self.boot()
        sid = server['id']
        self.api.delete('/servers/%s' % sid)
        shown = self.wait_for_task_done(sid, 'SOFT_DELETED')
        self.assertEqual(4, shown['OS-EXT-STS:power_state'])
        self.action(sid, {'restore': None})
        shown = self.wait_for_task_done(sid, 'ACTIVE')
        self.assertEqual(1, shown['OS-EXT-STS:power_state'])
        resp = self.action(sid, {'restore': None}, expect=409)
        self.assertIn('vm_state active',
                      resp.json()['conflictingRequest']['message'])
        self.api.delete('/servers/%s' % sid)
        self.wait_for_task_done(sid, 'SOFT_DELETED')
        self.action(sid, {'forceDelete': None})
        self.api.wait_for_deleted(sid)
        self.assertEqual({}, self.allocations(sid))

    def test_periodic_task_reclaims_after_the_interval(self):
        import time

        from nova_rocky import context as nova_context
        server = self.boot()
        sid = server['id']
        self.api.delete('/servers/%s' % sid)
        self.wait_for_task_done(sid, 'SOFT_DELETED')
        manager = self._compute_manager(
            self.admin_api.get('/servers/%s' % sid)['server'][
                'OS-EXT-SRV-ATTR:host'])
        ctxt = nova_context.get_admin_context()
        # Not yet: the interval has not passed.
        conf.CONF.set_override('reclaim_instance_interval', 3600)
        manager._last_reclaim = 0
        manager._periodic_reclaim_queued_deletes(ctxt)
        self.assertEqual('SOFT_DELETED', self.api.get(
            '/servers/%s' % sid)['server']['status'])
        conf.CONF.set_override('reclaim_instance_interval', 1)
        time.sleep(1.1)
        manager._last_reclaim = 0
        manager._periodic_reclaim_queued_deletes(ctxt)
        self.api.wait_for_deleted(sid)
        self.assertEqual({}, self.allocations(sid))
        actions = self.actions(sid, microversion='2.21')
        self.assertEqual(['delete', 'delete', 'create'],
                         [a['action'] for a in actions])
