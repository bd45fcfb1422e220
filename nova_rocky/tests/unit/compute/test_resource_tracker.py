"""The resource tracker: compute node records and the provider tree."""

from unittest import mock

import testtools

from nova_rocky.compute import resource_tracker
from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.virt import fake


class ResourceTrackerTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(db_fixture.Database())
        objects.register_all()
        self.ctxt = nova_context.get_admin_context()
        self.driver = fake.FakeDriver(None)
        self.driver.init_host('host1')
        self.report = mock.Mock()
        self.report.cached_traits_and_aggregates.return_value = (None, None)
        self.rt = resource_tracker.ResourceTracker('host1', self.driver,
                                                   self.report)

    def test_first_update_creates_the_node_and_provider(self):
        self.rt.update_available_resource(self.ctxt, service_id=None)
        node = objects.ComputeNode.get_by_host_and_nodename(
            self.ctxt, 'host1', 'host1')
        self.assertEqual(64, node.vcpus)
        self.assertEqual(16.0, node.cpu_allocation_ratio)
        self.report.ensure_resource_provider.assert_called_once_with(
            self.ctxt, node.uuid, 'host1')
        tree = self.report.update_from_provider_tree.call_args[0][1]
        self.assertEqual(64, tree.data(node.uuid).inventory['VCPU']['total'])
        self.assertEqual(node.uuid, self.rt.get_node_uuid('host1'))

    def test_unchanged_update_writes_nothing(self):
        self.rt.update_available_resource(self.ctxt)
        counter = self.useFixture(db_fixture.QueryCounter())
        self.rt.update_available_resource(self.ctxt)
        self.assertEqual([], counter.statements)
        # Asked every time: the report client answers from its cache (no
        # request) unless its copy is old.
        self.assertEqual(2, self.report.ensure_resource_provider.call_count)

    def test_traits_and_aggregates_set_by_others_are_kept(self):
        self.rt.update_available_resource(self.ctxt)
        uuid = self.rt.get_node_uuid('host1')
        self.report.cached_traits_and_aggregates.return_value = (
            {'CUSTOM_GOLD', 'COMPUTE_VOLUME_MULTI_ATTACH'}, {'agg-1'})
        self.driver.capabilities['supports_multiattach'] = False
        self.rt.update_available_resource(self.ctxt)
        tree = self.report.update_from_provider_tree.call_args[0][1]
        traits = tree.data(uuid).traits
        self.assertIn('CUSTOM_GOLD', traits)
        self.assertIn('COMPUTE_DEVICE_TAGGING', traits)
        self.assertNotIn('COMPUTE_VOLUME_MULTI_ATTACH', traits)
        self.assertEqual({'agg-1'}, set(tree.data(uuid).aggregates))

    def test_changed_ratio_is_saved(self):
        self.rt.update_available_resource(self.ctxt)
        self.cfg.config(cpu_allocation_ratio=4.0)
        self.rt.update_available_resource(self.ctxt)
        node = objects.ComputeNode.get_by_host_and_nodename(
            self.ctxt, 'host1', 'host1')
        self.assertEqual(4.0, node.cpu_allocation_ratio)

    def test_restart_reuses_the_record(self):
        self.rt.update_available_resource(self.ctxt)
        first = self.rt.get_node_uuid('host1')
        again = resource_tracker.ResourceTracker('host1', self.driver,
                                                 self.report)
        again.update_available_resource(self.ctxt)
        self.assertEqual(first, again.get_node_uuid('host1'))
