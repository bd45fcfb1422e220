"""nova-manage placement sync_aggregates on real databases and placement."""

import fixtures
from oslo_utils import uuidutils

from nova_rocky.cmd import manage_placement
from nova_rocky import objects
from nova_rocky.tests.unit.scheduler import base

objects.register_all()


class SyncAggregatesTestCase(base.SchedulerDBTestCase):

    def setUp(self):
        super().setUp()
        self.stdout = self.useFixture(fixtures.StringStream('stdout'))
        self.useFixture(fixtures.MonkeyPatch('sys.stdout',
                                             self.stdout.stream))
        self.commands = manage_placement.PlacementCommands()

    def aggregate(self, hosts, metadata=None):
        # Written to the database only: placement knows nothing yet (the
        # drift the command repairs).
        agg = objects.Aggregate(self.ctxt, uuid=uuidutils.generate_uuid(),
                                name=uuidutils.generate_uuid(),
                                metadata=metadata or {})
        agg.create()
        for host in hosts:
            agg.add_host(host)
        return agg

    def test_repairs_membership_and_traits(self):
        nodes = self.add_hosts(2)
        agg = self.aggregate([nodes[0].host],
                             {'trait:CUSTOM_FAST': 'required'})
        self.assertEqual(0, self.commands.sync_aggregates(verbose=True))
        self.assertEqual({agg.uuid}, self.client.get_provider_aggregates(
            self.ctxt, nodes[0].uuid))
        self.assertIn('CUSTOM_FAST', self.client.get_provider_traits(
            self.ctxt, nodes[0].uuid))
        self.assertEqual(set(), self.client.get_provider_aggregates(
            self.ctxt, nodes[1].uuid))
        # A second run has nothing to do.
        self.stdout.stream.truncate(0)
        self.assertEqual(0, self.commands.sync_aggregates(verbose=True))
        self.assertNotIn('Updated provider', self.stdout.getDetails()[
            'stdout'].as_text())

    def test_unmapped_and_nodeless_hosts(self):
        node = self.add_host('mapped')
        self.add_host('unmapped', mapped=False)
        objects.HostMapping(self.ctxt, host='nodeless',
                            cell_mapping=self.cell).create()
        self.aggregate(['mapped', 'unmapped'])
        self.assertEqual(4, self.commands.sync_aggregates())
        self.aggregate(['nodeless'])
        self.assertEqual(4, self.commands.sync_aggregates())
        out = self.stdout.getDetails()['stdout'].as_text()
        self.assertIn('unmapped', out)
        self.assertIn('nodeless', out)
        # The host that could be synced was.
        self.assertEqual(1, len(self.client.get_provider_aggregates(
            self.ctxt, node.uuid)))
