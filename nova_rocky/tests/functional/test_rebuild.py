"""Rebuild: the scheduler judges a new image before anything is saved.

The seed's central flow. A rebuild the server's host cannot take (the
image asks for another architecture) must leave the server and its
request spec exactly as they were, record a failed ``rebuild_server``
event and an ``instance.rebuild.error`` notification; retrying the same
rebuild is scheduled again (upstream bug 1746032).
"""

import requests

from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky import rpc
from nova_rocky.tests.fixtures import notifications
from nova_rocky.tests.functional import test_server_actions as base


class TestRebuild(base.ServerActionsBase):

    def setUp(self):
        super().setUp()
        self.collector = notifications.NotificationCollector()
        self.useFixture(notifications.NotificationListener(
            rpc.NOTIFICATION_TRANSPORT, self.collector,
            pool='test-%s' % self.project_id))

    def create_image(self, **properties):
        headers = {'X-Auth-Token': 'admin:admin'}
        url = self.cloud.url + '/image/v2/images'
        body = dict(name=self.unique_name('image'), disk_format='raw',
                    container_format='bare', visibility='public',
                    **properties)
        resp = requests.post(url, json=body, headers=headers, timeout=30)
        resp.raise_for_status()
        image = resp.json()
        resp = requests.put('%s/%s/file' % (url, image['id']), data=b'x' * 64,
                            headers=dict(headers, **{
                                'Content-Type': 'application/octet-stream'}),
                            timeout=30)
        resp.raise_for_status()
        self.addCleanup(requests.delete, '%s/%s' % (url, image['id']),
                        headers=headers, timeout=30)
        return image['id']

    def rebuild(self, server_id, image_id, expect=202, microversion='2.57',
                **extra):
        body = {'rebuild': dict(imageRef=image_id, **extra)}
        return self.action(server_id, body, expect=expect,
                           microversion=microversion)

    def records(self, server_id):
        """The instance and request spec as the databases hold them."""
        ctxt = nova_context.get_admin_context()
        mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt,
                                                               server_id)
        with nova_context.target_cell(ctxt, mapping.cell_mapping) as cctxt:
            instance = objects.Instance.get_by_uuid(
                cctxt, server_id, expected_attrs=['metadata',
                                                  'system_metadata'])
        spec = objects.RequestSpec.get_by_instance_uuid(ctxt, server_id)
        fields = ('image_ref', 'display_name', 'display_description',
                  'key_name', 'key_data', 'user_data', 'vm_state',
                  'task_state', 'power_state', 'host', 'node',
                  'access_ip_v4', 'launched_at', 'metadata',
                  'system_metadata')
        record = {name: getattr(instance, name) for name in fields}
        record['spec_image'] = spec.image.id
        record['spec_hints'] = dict(spec.scheduler_hints or {})
        record['spec_force_hosts'] = spec.force_hosts
        return record

    def rebuild_events(self, server_id, api=None, microversion='2.51'):
        api = api or self.api
        actions = [a for a in self.actions(server_id, api=api)
                   if a['action'] == 'rebuild']
        return [api.get('/servers/%s/os-instance-actions/%s' % (
            server_id, a['request_id']),
            microversion=microversion)['instanceAction']
            for a in actions]

    def test_same_image_stays_on_the_host_and_saves_the_changes(self):
        server = self.boot()
        sid = server['id']
        resp = self.rebuild(sid, server['image']['id'], name='renamed',
                            metadata={'a': 'b'}, adminPass='secret',
                            user_data='aGVsbG8=')
        body = resp.json()['server']
        self.assertEqual('renamed', body['name'])
        self.assertEqual('REBUILD', body['status'])
        self.assertEqual('secret', body['adminPass'])
        self.assertEqual('aGVsbG8=', body['user_data'])
        self.assertIn('Location', resp.headers)
        shown = self.wait_for_task_done(sid, 'ACTIVE')
        self.assertEqual('renamed', shown['name'])
        self.assertEqual({'a': 'b'}, shown['metadata'])
        self.assertEqual(server['hostId'], shown['hostId'])
        detail = self.rebuild_events(sid)[0]
        self.assertEqual(['compute_rebuild_instance', 'rebuild_server'],
                         sorted(e['event'] for e in detail['events']))
        self.assertEqual({'Success'},
                         {e['result'] for e in detail['events']})
        end = self.collector.wait_for('instance.rebuild.end', sid)
        for item in self.collector.for_instance(sid):
            notifications.assert_matches_sample(self, item)
        data = end['payload']['nova_object.data']
        self.assertEqual('InstanceActionRebuildPayload',
                         end['payload']['nova_object.name'])
        self.assertEqual(detail['request_id'], data['request_id'])

    def test_new_image_that_fits_is_saved_after_scheduling(self):
        server = self.boot()
        sid = server['id']
        new_image = self.create_image(hw_architecture='x86_64')
        self.rebuild(sid, new_image, name='new-image')
        shown = self.wait_for_task_done(sid, 'ACTIVE')
        self.assertEqual(new_image, shown['image']['id'])
        after = self.records(sid)
        self.assertEqual(new_image, after['spec_image'])
        # The rebuild hint and forced host were only for that check.
        self.assertNotIn('_nova_check_type', after['spec_hints'])
        self.assertFalse(after['spec_force_hosts'])

    def test_refused_rebuild_leaves_the_server_as_it_was(self):
        server = self.boot()
        sid = server['id']
        self.action(sid, {'os-stop': None})
        self.wait_for_task_done(sid, 'SHUTOFF')
        before = self.records(sid)
        allocations = self.allocations(sid)
        alien = self.create_image(hw_architecture='ppc64le')

        resp = self.rebuild(sid, alien, name='never', metadata={'x': 'y'},
                            user_data='aGVsbG8=', key_name=None)
        self.assertEqual('REBUILD', resp.json()['server']['status'])
        shown = self.wait_for_task_done(sid, 'SHUTOFF')
        self.assertEqual(server['name'], shown['name'])
        self.assertEqual(server['image']['id'], shown['image']['id'])
        self.assertNotIn('fault', shown)
        self.assertEqual(before, self.records(sid))
        self.assertEqual(allocations, self.allocations(sid))

        detail = self.rebuild_events(sid)[0]
        self.assertEqual('Error', detail['message'])
        scheduling = [e for e in detail['events']
                      if e['event'] == 'rebuild_server']
        self.assertEqual('Error', scheduling[0]['result'])
        # The reason is for operators (the traceback of the event).
        admin_detail = self.rebuild_events(sid, api=self.admin_api,
                                           microversion='2.62')[0]
        admin_event = [e for e in admin_detail['events']
                       if e['event'] == 'rebuild_server'][0]
        self.assertIn('No valid host', admin_event['traceback'] or '')
        self.assertTrue(admin_event['host'])

        error = self.collector.wait_for('instance.rebuild.error', sid)
        notifications.assert_matches_sample(self, error)
        self.assertEqual('ERROR', error['priority'])
        data = error['payload']['nova_object.data']
        self.assertEqual('NoValidHost',
                         data['fault']['nova_object.data']['exception'])
        self.assertEqual(server['image']['id'], data['image_uuid'])
        self.assertEqual(detail['request_id'], data['request_id'])

        # Bug 1746032: the retry is judged by the scheduler again, not
        # taken for a same-image rebuild.
        self.rebuild(sid, alien)
        self.wait_for_task_done(sid, 'SHUTOFF')
        self.assertEqual(before, self.records(sid))
        retries = self.rebuild_events(sid)
        self.assertEqual(2, len(retries))
        self.assertEqual(['Error', 'Error'],
                         [d['message'] for d in retries])

    def test_bad_rebuild_requests(self):
        server = self.boot()
        sid = server['id']
        resp = self.rebuild(sid, 'f1b1d7a2-0000-4000-8000-000000000000',
                            expect=400)
        self.assertEqual('Cannot find image for rebuild',
                         resp.json()['badRequest']['message'])
        self.rebuild(sid, server['image']['id'], expect=400, flavor='x')
        # key_name arrived in 2.54, user_data in 2.57.
        self.rebuild(sid, server['image']['id'], expect=400,
                     microversion='2.53', key_name=None)
        self.rebuild(sid, server['image']['id'], expect=400,
                     microversion='2.56', user_data='aGVsbG8=')
        self.rebuild(sid, server['image']['id'], expect=400,
                     key_name='no-such-key')
        self.assertEqual([], self.rebuild_events(sid))

    def test_concurrent_action_conflicts_with_a_rebuild(self):
        server = self.boot()
        sid = server['id']
        self.rebuild(sid, server['image']['id'])
        resp = self.action(sid, {'os-stop': None}, expect=None)
        if resp.status_code == 409:
            self.assertIn('task_state rebuilding',
                          resp.json()['conflictingRequest']['message'])
        else:
            # The rebuild finished first; the stop then ran normally.
            self.assertEqual(202, resp.status_code)
        self.cloud_wait(lambda: self.api.get('/servers/%s' % sid)[
            'server']['OS-EXT-STS:task_state'] is None, 'rebuild done')
