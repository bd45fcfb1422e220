"""Selection (no database)."""

import testtools

from nova_rocky import objects
from nova_rocky.objects import base
from nova_rocky.tests.unit.objects import helpers  # noqa: F401 (registers)

NODE = 'c7b6c2a4-64b4-4a44-8a2c-0c3e4f1b2d3a'
CELL = '1e0c2c55-7a1b-4f0e-9d8e-3c2b1a0f9e8d'


class FakeHostState(object):
    uuid = NODE
    host = 'host1'
    nodename = 'node1'
    cell_uuid = CELL
    limits = {'memory_mb': 2048}


class SelectionTestCase(testtools.TestCase):

    def test_from_candidate(self):
        alloc = {'allocations': {NODE: {'resources': {'VCPU': 1}}}}
        sel = objects.Selection.from_candidate(NODE, 'host1', 'node1', CELL,
                                               alloc, '1.25')
        self.assertEqual(alloc, sel.get_allocation_request())
        self.assertEqual('1.25', sel.allocation_request_version)
        self.assertIsNone(sel.limits)
        self.assertEqual({'host': 'host1', 'nodename': 'node1',
                          'limits': {}}, sel.to_dict())

    def test_from_host_state_and_round_trip(self):
        sel = objects.Selection.from_host_state(FakeHostState())
        self.assertEqual({'memory_mb': '2048'}, sel.limits)
        self.assertIsNone(sel.get_allocation_request())
        serializer = base.NovaObjectSerializer()
        copy = serializer.deserialize_entity(
            None, serializer.serialize_entity(None, sel))
        self.assertEqual(NODE, copy.compute_node_uuid)
        self.assertEqual(CELL, copy.cell_uuid)
