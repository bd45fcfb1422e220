"""HostManager: cached host states, refreshed cheaply."""

from unittest import mock

import fixtures

from nova_rocky import objects
from nova_rocky.scheduler import host_manager
from nova_rocky.tests.unit.scheduler import base


class HostManagerTestCase(base.SchedulerDBTestCase):

    def setUp(self):
        super().setUp()
        self.hm = host_manager.HostManager()
        self.nodes = self.add_hosts(3)
        self.uuids = [n.uuid for n in self.nodes]

    def _states(self, uuids=None, summaries=None):
        return {s.host: s for s in self.hm.get_host_states_by_uuids(
            self.ctxt, uuids or self.uuids, summaries)}

    def test_states_from_nodes_and_summaries(self):
        summaries = {self.nodes[0].uuid: {'resources': {
            'MEMORY_MB': {'capacity': 4096, 'used': 1024},
            'DISK_GB': {'capacity': 100, 'used': 10},
            'VCPU': {'capacity': 4, 'used': 3}}}}
        states = self._states(summaries=summaries)
        self.assertEqual({'host0', 'host1', 'host2'}, set(states))
        s0 = states['host0']
        self.assertEqual(self.nodes[0].uuid, s0.uuid)
        self.assertEqual(self.cell.uuid, s0.cell_uuid)
        self.assertEqual(3072, s0.free_ram_mb)
        self.assertEqual(90 * 1024, s0.free_disk_mb)
        self.assertEqual(3, s0.vcpus_used)
        self.assertEqual(4096, states['host1'].free_ram_mb)
        self.assertEqual([['x86_64', 'qemu', 'hvm']],
                         s0.supported_instances)
        # Each call builds new objects: requests never share them.
        self.assertIsNot(s0, self._states()['host0'])

    def test_cache_reused_within_interval(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=3600)
        self._states()
        self.nodes[0].hypervisor_version = 7000000
        self.nodes[0].save()
        with mock.patch.object(objects.ComputeNodeList,
                               'get_changed_since') as changed:
            states = self._states()
        changed.assert_not_called()
        self.assertEqual(6001000, states['host0'].hypervisor_version)

    def test_incremental_refresh_reads_changed_nodes_only(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=0)
        self._states()
        self.nodes[1].hypervisor_version = 7000000
        self.nodes[1].save()
        get_all = mock.patch.object(
            objects.ComputeNodeList, 'get_all',
            wraps=objects.ComputeNodeList.get_all).start()
        self.addCleanup(mock.patch.stopall)
        changed = mock.patch.object(
            objects.ComputeNodeList, 'get_changed_since',
            wraps=objects.ComputeNodeList.get_changed_since).start()
        states = self._states()
        get_all.assert_not_called()
        self.assertEqual(1, changed.call_count)
        self.assertEqual(7000000, states['host1'].hypervisor_version)

    def test_full_reload_every_nth_refresh(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=0)
        self.hm.FULL_RELOAD_EVERY = 3
        with mock.patch.object(
                objects.ComputeNodeList, 'get_all',
                wraps=objects.ComputeNodeList.get_all) as get_all:
            for _ in range(6):
                self._states()
        self.assertEqual(2, get_all.call_count)

    def test_deleted_node_dropped_on_incremental_refresh(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=0)
        self._states()
        self.nodes[2].destroy()
        self.assertEqual({'host0', 'host1'}, set(self._states()))

    def test_disabled_service_seen_on_refresh(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=0)
        self._states()
        svc = objects.Service.get_by_id(self.ctxt, self.nodes[0].service_id)
        svc.disabled = True
        svc.save()
        self.assertEqual({'host1', 'host2'}, set(self._states()))

    def test_unmapped_host_lookup_cached(self):
        node = self.add_host('loose', mapped=False)
        with mock.patch.object(
                objects.HostMapping, 'get_by_host',
                wraps=objects.HostMapping.get_by_host) as lookup:
            for _ in range(3):
                self.assertNotIn('loose', self._states(
                    self.uuids + [node.uuid]))
        self.assertEqual(1, lookup.call_count)

    def test_host_mapped_later_is_scheduled_to(self):
        node = self.add_host('late', mapped=False)
        self.assertNotIn('late', self._states(self.uuids + [node.uuid]))
        cell = objects.CellMappingList.get_all(self.ctxt)
        cell = [c for c in cell if not c.is_cell0()][0]
        objects.HostMapping(self.ctxt, host='late',
                            cell_mapping=cell).create()
        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.scheduler.host_manager.UNMAPPED_RECHECK', 0))
        self.assertIn('late', self._states(self.uuids + [node.uuid]))

    def test_unknown_uuid_ignored(self):
        self.assertEqual({}, self._states(['not-a-node']))

    def test_get_host_states_by_host(self):
        states = self.hm.get_host_states_by_host(self.ctxt, 'host1')
        self.assertEqual([self.nodes[1].uuid], [s.uuid for s in states])
        self.assertEqual([], self.hm.get_host_states_by_host(
            self.ctxt, 'host1', 'othernode'))

    def test_consume_from_request(self):
        from nova_rocky.tests.unit.scheduler import fakes
        state = self._states()['host0']
        state.consume_from_request(fakes.make_spec(flavor=fakes.make_flavor(
            vcpus=2, memory_mb=1024, root_gb=1, swap=512)))
        self.assertEqual(3072, state.free_ram_mb)
        self.assertEqual(2, state.vcpus_used)
        self.assertEqual(100 * 1024 - 1536, state.free_disk_mb)

    def test_deleted_service_not_used(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=0)
        self._states()
        objects.Service.get_by_id(self.ctxt,
                                  self.nodes[0].service_id).destroy()
        self.assertEqual({'host1', 'host2'}, set(self._states()))
