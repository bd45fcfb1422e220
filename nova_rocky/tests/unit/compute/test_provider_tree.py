"""The in-memory ProviderTree the compute and its driver share."""

import threading

import testtools

from nova_rocky.compute import provider_tree

VCPU = {'total': 8, 'reserved': 0, 'min_unit': 1, 'max_unit': 8,
        'step_size': 1, 'allocation_ratio': 16.0}


class ProviderTreeTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tree = provider_tree.ProviderTree()
        self.tree.new_root('cn1', 'uuid-cn1', generation=0)

    def test_new_root_and_lookup(self):
        self.assertTrue(self.tree.exists('cn1'))
        self.assertTrue(self.tree.exists('uuid-cn1'))
        self.assertFalse(self.tree.exists('cn2'))
        data = self.tree.data('cn1')
        self.assertEqual(('uuid-cn1', 'cn1', None, 0),
                         (data.uuid, data.name, data.parent_uuid,
                          data.generation))
        self.assertEqual({}, data.inventory)
        self.assertEqual(frozenset(), data.traits)
        self.assertEqual(frozenset(), data.aggregates)

    def test_duplicates_refused(self):
        self.assertRaises(ValueError, self.tree.new_root, 'cn1', 'other')
        self.assertRaises(ValueError, self.tree.new_root, 'other', 'uuid-cn1')

    def test_unknown_provider(self):
        for call in (lambda: self.tree.data('nope'),
                     lambda: self.tree.update_inventory('nope', {}),
                     lambda: self.tree.add_traits('nope', 'CUSTOM_X'),
                     lambda: self.tree.update_aggregates('nope', [])):
            self.assertRaises(ValueError, call)

    def test_children_and_remove(self):
        self.tree.new_child('pf1', 'cn1', 'uuid-pf1')
        child = self.tree.new_child('pf1-vf', 'uuid-pf1')
        self.tree.new_root('cn2', 'uuid-cn2')
        self.assertEqual('uuid-pf1', self.tree.data(child).parent_uuid)
        self.assertEqual(['uuid-cn1', 'uuid-pf1', child],
                         self.tree.get_provider_uuids('cn1'))
        self.assertEqual({'uuid-cn1', 'uuid-pf1', child, 'uuid-cn2'},
                         set(self.tree.get_provider_uuids()))
        self.tree.remove('cn1')
        self.assertFalse(self.tree.exists('pf1'))
        self.assertFalse(self.tree.exists(child))
        self.assertEqual(['uuid-cn2'], self.tree.get_provider_uuids())
        # The name is free again.
        self.tree.new_root('cn1', 'uuid-cn1-new')

    def test_update_inventory(self):
        self.assertTrue(self.tree.update_inventory('cn1', {'VCPU': VCPU}))
        self.assertFalse(self.tree.update_inventory('cn1', {'VCPU': VCPU}))
        self.assertFalse(self.tree.has_inventory_changed(
            'cn1', {'VCPU': dict(VCPU)}))
        self.assertTrue(self.tree.has_inventory_changed(
            'cn1', {'VCPU': dict(VCPU, total=16)}))
        self.assertTrue(self.tree.has_inventory_changed('cn1', {}))
        self.assertTrue(self.tree.update_inventory(
            'uuid-cn1', {'VCPU': dict(VCPU, reserved=1)}, generation=4))
        self.assertEqual(
            1, self.tree.data('cn1').inventory['VCPU']['reserved'])
        self.assertEqual(4, self.tree.data('cn1').generation)

    def test_missing_fields_count_as_placement_defaults(self):
        self.tree.update_inventory('cn1', {'DISK_GB': {'total': 10}})
        full = {'DISK_GB': {'total': 10, 'reserved': 0, 'min_unit': 1,
                            'max_unit': 2147483647, 'step_size': 1,
                            'allocation_ratio': 1.0}}
        self.assertFalse(self.tree.has_inventory_changed('cn1', full))

    def test_generation_kept_when_not_given(self):
        self.tree.update_inventory('cn1', {'VCPU': VCPU})
        self.tree.update_traits('cn1', ['CUSTOM_A'])
        self.assertEqual(0, self.tree.data('cn1').generation)
        self.tree.update_generation('cn1', 7)
        self.assertEqual(7, self.tree.data('cn1').generation)

    def test_snapshot_is_independent(self):
        self.tree.update_inventory('cn1', {'VCPU': VCPU})
        snap = self.tree.data('cn1')
        snap.inventory['VCPU']['total'] = 1
        self.tree.add_traits('cn1', 'CUSTOM_LATER')
        self.assertEqual(8, self.tree.data('cn1').inventory['VCPU']['total'])
        self.assertNotIn('CUSTOM_LATER', snap.traits)
        # The stored copy is independent of the caller's dict too.
        inv = {'VCPU': dict(VCPU)}
        self.tree.update_inventory('cn1', inv)
        inv['VCPU']['total'] = 99
        self.assertEqual(8, self.tree.data('cn1').inventory['VCPU']['total'])

    def test_traits(self):
        self.assertTrue(self.tree.update_traits('cn1', ['HW_ARCH_X86_64']))
        self.assertFalse(self.tree.update_traits('cn1', {'HW_ARCH_X86_64'}))
        self.assertTrue(self.tree.add_traits('cn1', 'CUSTOM_A', 'CUSTOM_B'))
        self.assertFalse(self.tree.add_traits('cn1', 'CUSTOM_A'))
        self.assertTrue(self.tree.has_traits('cn1', ['CUSTOM_A',
                                                     'HW_ARCH_X86_64']))
        self.assertFalse(self.tree.has_traits('cn1', ['CUSTOM_C']))
        self.assertTrue(self.tree.remove_traits('cn1', 'CUSTOM_A',
                                                'CUSTOM_NEVER'))
        self.assertFalse(self.tree.remove_traits('cn1', 'CUSTOM_A'))
        self.assertEqual({'HW_ARCH_X86_64', 'CUSTOM_B'},
                         self.tree.data('cn1').traits)
        self.assertFalse(self.tree.have_traits_changed(
            'cn1', ['CUSTOM_B', 'HW_ARCH_X86_64']))
        self.assertTrue(self.tree.have_traits_changed('cn1', ['CUSTOM_B']))

    def test_aggregates(self):
        self.assertTrue(self.tree.update_aggregates('cn1', ['agg1', 'agg2'],
                                                    generation=3))
        self.assertFalse(self.tree.update_aggregates('cn1', ['agg2', 'agg1']))
        self.assertTrue(self.tree.in_aggregates('cn1', ['agg1']))
        self.assertFalse(self.tree.in_aggregates('cn1', ['agg3']))
        self.assertEqual(3, self.tree.data('cn1').generation)
        self.assertEqual(frozenset({'agg1', 'agg2'}),
                         self.tree.data('cn1').aggregates)

    def test_concurrent_updates(self):
        names = ['CUSTOM_T%d' % i for i in range(200)]

        def worker(chunk):
            for name in chunk:
                self.tree.add_traits('cn1', name)

        threads = [threading.Thread(target=worker, args=(names[i::8],))
                   for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(set(names), self.tree.data('cn1').traits)
