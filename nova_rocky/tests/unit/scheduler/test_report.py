"""SchedulerReportClient against the real placement code, in-process."""

from unittest import mock

import fixtures
from keystoneauth1 import exceptions as ks_exc
from oslo_utils import uuidutils
import testtools

from nova_rocky.compute import provider_tree
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky.scheduler.client import direct
from nova_rocky.scheduler.client import report
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import placement as placement_fixture

INVENTORY = {
    'VCPU': {'total': 8, 'allocation_ratio': 16.0},
    'MEMORY_MB': {'total': 4096, 'reserved': 512},
    'DISK_GB': {'total': 100},
}


class ReportClientTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger(level='INFO'))
        self.useFixture(conf_fixture.ConfFixture())
        self.placement = self.useFixture(placement_fixture.Placement())
        self.client = self.placement.client
        self.ctxt = nova_context.get_admin_context()
        self.transport = self.placement.transport

    def _tree(self, name='cn1', uuid=None, inventory=INVENTORY,
              traits=('HW_CPU_X86_AVX',)):
        tree = provider_tree.ProviderTree()
        uuid = uuid or uuidutils.generate_uuid()
        tree.new_root(name, uuid)
        tree.update_inventory(uuid, inventory)
        tree.update_traits(uuid, traits)
        return tree, uuid

    def _calls(self):
        count = self.transport.request_count
        self.transport.reset_counters()
        return count

    def test_get_client_is_process_wide(self):
        self.assertIs(report.get_client(), report.get_client())

    def test_adapter_is_scoped(self):
        # The in-process adapter must not patch keystoneauth globally.
        from keystoneauth1 import session as ks_session
        self.assertNotIsInstance(ks_session.Session.get_endpoint,
                                 mock.Mock)
        self.assertTrue(self.client.adapter.endpoint_override.startswith(
            direct.BASE_URL))

    def test_ensure_resource_provider(self):
        uuid = uuidutils.generate_uuid()
        self.client.ensure_resource_provider(self.ctxt, uuid, 'cn-ensure')
        self.assertEqual(2, self._calls())      # GET (404) + POST
        self.client.ensure_resource_provider(self.ctxt, uuid, 'cn-ensure')
        self.assertEqual(0, self._calls())      # cached
        # A new client (service restart) finds it and reads it: 4 GETs.
        fresh = report.SchedulerReportClient(self.client.adapter)
        fresh.ensure_resource_provider(self.ctxt, uuid, 'cn-ensure')
        self.assertEqual(4, self._calls())

    def test_update_from_provider_tree(self):
        tree, uuid = self._tree(traits=('HW_CPU_X86_AVX', 'CUSTOM_GOLD'))
        self.client.update_from_provider_tree(self.ctxt, tree)
        inv = self.client.get_provider_inventory(self.ctxt, uuid)
        self.assertEqual(8, inv['VCPU']['total'])
        self.assertEqual(16.0, inv['VCPU']['allocation_ratio'])
        self.assertEqual(512, inv['MEMORY_MB']['reserved'])
        self.assertEqual({'HW_CPU_X86_AVX', 'CUSTOM_GOLD'},
                         self.client.get_provider_traits(self.ctxt, uuid))
        # The tree got placement's generation back (create 0, inv 1,
        # traits 2).
        self.assertEqual(2, tree.data(uuid).generation)

    def test_unchanged_update_makes_no_request(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        # GET 404, POST provider, PUT inventory, PUT traits.
        self.assertEqual(4, self._calls())
        for _ in range(3):
            self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual(0, self._calls())
        self.client.set_inventory_and_traits(
            self.ctxt, uuid, 'cn1', INVENTORY, ['HW_CPU_X86_AVX'])
        self.assertEqual(0, self._calls())
        # One change, one write.
        tree.update_inventory(uuid, dict(INVENTORY, DISK_GB={'total': 50}))
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual(1, self._calls())
        self.assertEqual(50, self.client.get_provider_inventory(
            self.ctxt, uuid)['DISK_GB']['total'])

    def test_custom_trait_created_on_demand(self):
        tree, uuid = self._tree(traits=['CUSTOM_FOO', 'CUSTOM_BAR'])
        self.client.update_from_provider_tree(self.ctxt, tree)
        resp = self.placement.adapter.get('/traits?name=startswith:CUSTOM_',
                                          microversion='1.6')
        self.assertEqual(['CUSTOM_BAR', 'CUSTOM_FOO'],
                         sorted(resp.json()['traits']))
        tree.update_traits(uuid, ['CUSTOM_FOO'])
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual({'CUSTOM_FOO'},
                         self.client.get_provider_traits(self.ctxt, uuid))

    def test_generation_conflict_refreshes_and_retries(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        # Someone else changes the provider behind the client's back.
        resp = self.placement.adapter.put(
            '/resource_providers/%s/traits' % uuid,
            json={'resource_provider_generation': 2,
                  'traits': ['HW_CPU_X86_SSE']}, microversion='1.6')
        self.assertEqual(200, resp.status_code)
        self._calls()
        tree.update_inventory(uuid, dict(INVENTORY, DISK_GB={'total': 60}))
        self.client.update_from_provider_tree(self.ctxt, tree)
        # PUT 409, 3 GETs to refresh, PUT 200; then the traits differ
        # from the refreshed cache: PUT traits.
        self.assertEqual(6, self._calls())
        self.assertEqual(60, self.client.get_provider_inventory(
            self.ctxt, uuid)['DISK_GB']['total'])
        self.assertEqual({'HW_CPU_X86_AVX'},
                         self.client.get_provider_traits(self.ctxt, uuid))

    def test_nested_providers_and_removal(self):
        tree, root = self._tree()
        child = tree.new_child('cn1_gpu', root)
        tree.update_inventory(child, {'VGPU': {'total': 4}})
        self.client.update_from_provider_tree(self.ctxt, tree)
        uuids = {rp['uuid'] for rp in self.client.get_providers_in_tree(
            self.ctxt, root)}
        self.assertEqual({root, child}, uuids)
        tree.remove(child)
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual([root], [rp['uuid'] for rp in
                                  self.client.get_providers_in_tree(
                                      self.ctxt, root)])

    def _alloc_req(self, uuid, vcpu=2, ram=1024):
        return {'allocations': {uuid: {'resources': {
            'VCPU': vcpu, 'MEMORY_MB': ram}}}}

    def test_claim_and_delete_allocations(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        consumer = uuidutils.generate_uuid()
        self.assertTrue(self.client.claim_resources(
            self.ctxt, consumer, self._alloc_req(uuid), 'p1', 'u1',
            allocation_request_version='1.36'))
        allocs = self.client.get_allocations_for_consumer(self.ctxt,
                                                          consumer)
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 1024},
                         allocs[uuid]['resources'])
        self.assertEqual(
            [consumer], list(self.client.get_allocations_for_resource_provider(
                self.ctxt, uuid)))
        # Too much memory (4096 - 512 reserved): refused, not raised.
        self.assertFalse(self.client.claim_resources(
            self.ctxt, uuidutils.generate_uuid(),
            self._alloc_req(uuid, ram=4000), 'p1', 'u1'))
        self.assertTrue(self.client.delete_allocation_for_instance(
            self.ctxt, consumer))
        self.assertFalse(self.client.delete_allocation_for_instance(
            self.ctxt, consumer))
        self.assertEqual({}, self.client.get_allocations_for_consumer(
            self.ctxt, consumer))

    def test_claim_consumer_generation_conflict(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        consumer = uuidutils.generate_uuid()
        self.assertTrue(self.client.claim_resources(
            self.ctxt, consumer, self._alloc_req(uuid), 'p1', 'u1'))
        # Claiming again as a new consumer (generation None) conflicts.
        self.assertRaises(exception.AllocationUpdateFailed,
                          self.client.claim_resources, self.ctxt, consumer,
                          self._alloc_req(uuid), 'p1', 'u1')

    def test_inventory_in_use(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertTrue(self.client.claim_resources(
            self.ctxt, uuidutils.generate_uuid(), self._alloc_req(uuid),
            'p1', 'u1'))
        tree.update_inventory(uuid, {'DISK_GB': {'total': 100}})
        self.assertRaises(exception.InventoryInUse,
                          self.client.update_from_provider_tree, self.ctxt,
                          tree)

    def test_delete_resource_provider(self):
        tree, uuid = self._tree()
        child = tree.new_child('cn1_child', uuid)
        tree.update_inventory(child, {'VGPU': {'total': 1}})
        self.client.update_from_provider_tree(self.ctxt, tree)
        consumer = uuidutils.generate_uuid()
        self.client.claim_resources(self.ctxt, consumer,
                                    self._alloc_req(uuid), 'p1', 'u1')
        self.assertRaises(exception.ResourceProviderInUse,
                          self.client.delete_resource_provider, self.ctxt,
                          uuid, cascade=False)
        self.client.delete_resource_provider(self.ctxt, uuid, cascade=True)
        self.assertIsNone(self.client._get_provider(self.ctxt, uuid))
        self.assertIsNone(self.client._get_provider(self.ctxt, child))
        self.assertEqual({}, self.client.get_allocations_for_consumer(
            self.ctxt, consumer))
        # Deleting what is gone is fine; the next update re-creates it.
        self.client.delete_resource_provider(self.ctxt, uuid)
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual(100, self.client.get_provider_inventory(
            self.ctxt, uuid)['DISK_GB']['total'])

    def test_cascade_keeps_other_providers_share(self):
        tree1, rp1 = self._tree('cn-a')
        tree2, rp2 = self._tree('cn-b')
        self.client.update_from_provider_tree(self.ctxt, tree1)
        self.client.update_from_provider_tree(self.ctxt, tree2)
        consumer = uuidutils.generate_uuid()
        both = {'allocations': {
            rp1: {'resources': {'VCPU': 1}},
            rp2: {'resources': {'VCPU': 2}}}}
        self.assertTrue(self.client.claim_resources(self.ctxt, consumer,
                                                    both, 'p1', 'u1'))
        self.client.delete_resource_provider(self.ctxt, rp1)
        allocs = self.client.get_allocations_for_consumer(self.ctxt,
                                                          consumer)
        self.assertEqual([rp2], list(allocs))

    def test_provider_deleted_behind_back_is_recreated(self):
        tree, uuid = self._tree()
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.placement.adapter.delete('/resource_providers/%s' % uuid,
                                      microversion='1.14')
        tree.update_inventory(uuid, dict(INVENTORY, DISK_GB={'total': 7}))
        self.assertRaises(exception.ResourceProviderUpdateFailed,
                          self.client.update_from_provider_tree, self.ctxt,
                          tree)
        self.client.update_from_provider_tree(self.ctxt, tree)
        self.assertEqual(7, self.client.get_provider_inventory(
            self.ctxt, uuid)['DISK_GB']['total'])

    def test_connection_failure_is_wrapped(self):
        adapter = mock.Mock()
        adapter.request.side_effect = ks_exc.ConnectFailure('refused')
        client = report.SchedulerReportClient(adapter)
        exc = self.assertRaises(exception.PlacementAPIConnectFailure,
                                client.get_provider_traits, self.ctxt,
                                uuidutils.generate_uuid())
        self.assertIn('refused', str(exc))
        adapter.request.side_effect = ks_exc.EndpointNotFound()
        exc = self.assertRaises(exception.PlacementAPIConnectFailure,
                                client.delete_allocation_for_instance,
                                self.ctxt, uuidutils.generate_uuid())
        self.assertIn('[placement]', str(exc))

    def test_http_adapter_from_conf(self):
        # Without direct_connection the keystoneauth options are used.
        self.useFixture(conf_fixture.ConfFixture()).config(
            group='placement', direct_connection=None,
            endpoint_override='http://127.0.0.1:1/placement')
        client = report.SchedulerReportClient()
        self.assertEqual('placement', client.adapter.service_type)
        self.assertRaises(exception.PlacementAPIConnectFailure,
                          client.get_provider_traits, self.ctxt,
                          uuidutils.generate_uuid())

    def test_one_placement_per_process(self):
        self.assertRaises(direct.PlacementDirectError, direct.get_placement,
                          'sqlite:///elsewhere.sqlite')
        self.assertIs(direct.get_running(), direct.get_placement(
            self.placement.url))
