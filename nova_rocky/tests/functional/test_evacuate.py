"""Evacuate: the conductor's rebuild path with another destination."""

from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.tests.functional import test_server_actions as base


class TestEvacuate(base.ServerActionsBase):

    def _service(self, host):
        services = self.admin_api.get(
            '/os-services?binary=nova-compute&host=%s' % host,
            microversion='2.53')['services']
        self.assertEqual(1, len(services))
        return services[0]

    def _force_down(self, host, down=True):
        service = self._service(host)
        self.admin_api.request(
            'PUT', '/os-services/%s' % service['id'],
            json={'forced_down': down}, expect=200, microversion='2.53')

    def _source_and_other(self, server_id):
        source = self.admin_api.get('/servers/%s' % server_id)['server'][
            'OS-EXT-SRV-ATTR:host']
        others = [h for h in self.cloud.compute_hosts if h != source]
        return source, others[0]

    def _migrations(self, server_id):
        ctxt = nova_context.get_admin_context()
        mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt,
                                                               server_id)
        with nova_context.target_cell(ctxt, mapping.cell_mapping) as cctxt:
            return list(objects.MigrationList.get_by_filters(
                cctxt, {'instance_uuid': server_id}))

    def _manager(self, host):
        for svc in self.cloud.runner.services:
            if svc.binary == 'nova-compute' and svc.host == host:
                return svc.manager
        raise AssertionError(host)

    def _wait_on(self, server_id, host):
        def moved():
            server = self.admin_api.get('/servers/%s' % server_id)['server']
            if server['OS-EXT-SRV-ATTR:host'] == host and \
                    server['OS-EXT-STS:task_state'] is None:
                return server
            return None
        return self.cloud_wait(moved, 'server on %s' % host)

    def _provider_uuid(self, host):
        providers = self.placement_get('/resource_providers?name=%s' % host)
        return providers['resource_providers'][0]['uuid']

    def test_evacuate_while_the_host_is_up_is_refused(self):
        server = self.boot()
        source, _other = self._source_and_other(server['id'])
        resp = self.action(server['id'], {'evacuate': {}}, expect=400,
                           api=self.admin_api, microversion='2.29')
        self.assertEqual('Compute service of %s is still in use.' % source,
                         resp.json()['badRequest']['message'])
        # Owners may not evacuate (admin policy).
        self.action(server['id'], {'evacuate': {}}, expect=403,
                    microversion='2.29')
        self.action(server['id'], {'evacuate': {'force': True}},
                    expect=400, api=self.admin_api, microversion='2.29')
        # Before 2.14 onSharedStorage is required.
        self.action(server['id'], {'evacuate': {}}, expect=400,
                    api=self.admin_api, microversion='2.13')
        self.assertEqual([], self._migrations(server['id']))

    def test_scheduler_picks_another_host_and_the_source_cleans_up(self):
        server = self.boot()
        sid = server['id']
        source, other = self._source_and_other(sid)
        self._force_down(source)
        self.addCleanup(self._force_down, source, False)
        resp = self.action(sid, {'evacuate': {}}, expect=200,
                           api=self.admin_api, microversion='2.29')
        self.assertEqual(b'', resp.content)
        shown = self._wait_on(sid, other)
        self.assertEqual('ACTIVE', shown['status'])
        self.assertEqual(server['image']['id'], shown['image']['id'])

        migration, = self._migrations(sid)
        self.assertEqual('evacuation', migration.migration_type)
        self.assertEqual('done', migration.status)
        self.assertEqual((source, other), (migration.source_compute,
                                           migration.dest_compute))
        self.assertEqual([self._provider_uuid(other)],
                         list(self.allocations(sid)))
        self.assertEqual([self._provider_uuid(source)],
                         list(self.allocations(migration.uuid)))
        actions = self.actions(sid)
        self.assertEqual('evacuate', actions[0]['action'])
        detail = self.admin_api.get('/servers/%s/os-instance-actions/%s' % (
            sid, actions[0]['request_id']))['instanceAction']
        self.assertEqual({'rebuild_server', 'compute_rebuild_instance'},
                         {e['event'] for e in detail['events']})
        self.assertEqual({'Success'},
                         {e['result'] for e in detail['events']})

        # The source comes back: it drops the old guest and allocations.
        self._force_down(source, False)
        manager = self._manager(source)
        self.assertIn(sid, manager.driver.list_instance_uuids())
        ctxt = nova_context.get_admin_context()
        self.assertEqual([sid], manager.clean_up_evacuations(ctxt))
        self.assertNotIn(sid, manager.driver.list_instance_uuids())
        self.assertEqual({}, self.allocations(migration.uuid))
        self.assertEqual('completed', self._migrations(sid)[0].status)
        self.assertEqual([self._provider_uuid(other)],
                         list(self.allocations(sid)))

    def test_forced_host_skips_the_scheduler(self):
        server = self.boot()
        sid = server['id']
        source, other = self._source_and_other(sid)
        self._force_down(source)
        self.addCleanup(self._force_down, source, False)
        resp = self.action(sid, {'evacuate': {'host': 'no-such-host'}},
                           expect=404, api=self.admin_api,
                           microversion='2.29')
        self.assertIn('no-such-host',
                      resp.json()['itemNotFound']['message'])
        resp = self.action(sid, {'evacuate': {'host': source}}, expect=400,
                           api=self.admin_api, microversion='2.29')
        self.action(sid, {'evacuate': {'host': other, 'force': True}},
                    expect=200, api=self.admin_api, microversion='2.29')
        self._wait_on(sid, other)
        self.assertEqual([self._provider_uuid(other)],
                         list(self.allocations(sid)))
        self.assertEqual('done', self._migrations(sid)[0].status)
        self._force_down(source, False)
        self._manager(source).clean_up_evacuations(
            nova_context.get_admin_context())
