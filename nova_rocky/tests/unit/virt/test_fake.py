"""The fake virt driver: guests, power states, events, resources, traits."""

import json
import threading
import time
import types

import fixtures
from oslo_utils import uuidutils
import testtools

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.compute import provider_tree
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.virt import driver
from nova_rocky.virt import event as virtevent
from nova_rocky.virt import fake
from nova_rocky.virt import power_state

CONF = conf.CONF


def make_instance(name='vm1', vcpus=2, memory_mb=2048, root_gb=20,
                  ephemeral_gb=0, swap=0, node=None):
    """An object shaped like the Instance versioned object."""
    flavor = types.SimpleNamespace(vcpus=vcpus, memory_mb=memory_mb,
                                   root_gb=root_gb, ephemeral_gb=ephemeral_gb,
                                   swap=swap)
    return types.SimpleNamespace(uuid=uuidutils.generate_uuid(),
                                 display_name=name, flavor=flavor,
                                 host='compute1', node=node)


class FakeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # Keep expected error logs out of the output (shown on failure).
        self.logs = self.useFixture(fixtures.FakeLogger())
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.flags.config(group='fake', vcpus=8, memory_mb=16384,
                          local_gb=100)
        self.driver = self._new_driver('compute1')
        self.events = []
        self.driver.register_event_listener(self.events.append)

    def _new_driver(self, host):
        drv = driver.load_compute_driver(fake.FakeVirtAPI(),
                                         'fake.FakeDriver')
        drv.init_host(host)
        return drv

    def _spawn(self, instance=None, drv=None):
        instance = instance or make_instance()
        (drv or self.driver).spawn(None, instance, {}, [], 'pw', {})
        return instance

    def _wait_for_guest(self):
        # A spawn running in another thread has reserved its guest.
        deadline = time.monotonic() + 2
        while not self.driver.list_instance_uuids():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)

    def _state(self, instance):
        return self.driver.get_info(instance).state

    def _transitions(self):
        return [e.transition for e in self.events]

    # -- spawn and destroy --------------------------------------------------

    def test_spawn_runs_guest_and_emits_started(self):
        inst = self._spawn()
        self.assertEqual(power_state.RUNNING, self._state(inst))
        self.assertEqual([inst.uuid], self.driver.list_instance_uuids())
        self.assertTrue(self.driver.instance_exists(inst))
        self.assertEqual(1, self.driver.get_num_instances())
        self.assertEqual(1, len(self.events))
        self.assertIsInstance(self.events[0], virtevent.LifecycleEvent)
        self.assertEqual(inst.uuid, self.events[0].uuid)
        self.assertEqual('Started', self.events[0].get_name())

    def test_spawn_twice_raises_instance_exists(self):
        inst = self._spawn()
        self.assertRaises(exception.InstanceExists, self._spawn, inst)
        self.assertEqual(power_state.RUNNING, self._state(inst))

    def test_destroy_removes_guest_and_emits_stopped(self):
        inst = self._spawn()
        self.driver.destroy(None, inst)
        self.assertFalse(self.driver.instance_exists(inst))
        self.assertRaises(exception.InstanceNotFound, self.driver.get_info,
                          inst)
        self.assertEqual([virtevent.EVENT_LIFECYCLE_STARTED,
                          virtevent.EVENT_LIFECYCLE_STOPPED],
                         self._transitions())

    def test_destroy_unknown_guest_is_quiet(self):
        self.driver.destroy(None, make_instance())
        self.assertEqual([], self.events)

    def test_spawn_delay(self):
        self.flags.config(group='fake', spawn_delay=0.2)
        start = time.monotonic()
        self._spawn()
        self.assertGreaterEqual(time.monotonic() - start, 0.2)

    def test_guest_being_built_holds_resources(self):
        self.flags.config(group='fake', spawn_delay=0.3)
        inst = make_instance(vcpus=3)
        thread = threading.Thread(target=self._spawn, args=(inst,))
        thread.start()
        self.addCleanup(thread.join)
        self._wait_for_guest()
        self.assertEqual(power_state.NOSTATE, self._state(inst))
        res = self.driver.get_available_resource('compute1')
        self.assertEqual(3, res['vcpus_used'])
        thread.join()
        self.assertEqual(power_state.RUNNING, self._state(inst))

    def test_delete_during_build_fails_the_spawn(self):
        self.flags.config(group='fake', spawn_delay=0.3)
        inst = make_instance()
        errors = []

        def build():
            try:
                self._spawn(inst)
            except exception.InstanceNotFound as exc:
                errors.append(exc)

        thread = threading.Thread(target=build)
        thread.start()
        self.addCleanup(thread.join)
        self._wait_for_guest()
        self.driver.destroy(None, inst)
        thread.join()
        self.assertEqual(1, len(errors))
        self.assertEqual([], self.driver.list_instance_uuids())
        self.assertEqual([], self.events)

    # -- failures a functional test can trigger -----------------------------

    def test_fail_spawn_for_names(self):
        self.flags.config(group='fake', fail_spawn_for_names=['doomed'])
        inst = make_instance(name='doomed')
        exc = self.assertRaises(exception.InstanceDeployFailure,
                                self._spawn, inst)
        self.assertIn('fail_spawn_for_names', str(exc))
        self.assertEqual([], self.driver.list_instance_uuids())
        self.assertEqual([], self.events)
        self._spawn(make_instance(name='fine'))

    def test_fail_spawn_for_uuid(self):
        inst = make_instance()
        self.flags.config(group='fake', fail_spawn_for_names=[inst.uuid])
        self.assertRaises(exception.InstanceDeployFailure, self._spawn, inst)

    def test_fail_spawn_on_hosts_only_fails_that_host(self):
        self.flags.config(group='fake', fail_spawn_on_hosts=['compute1'])
        other = self._new_driver('compute2')
        inst = make_instance()
        self.assertRaises(exception.InstanceDeployFailure, self._spawn, inst)
        self._spawn(inst, drv=other)
        self.assertEqual([inst.uuid], other.list_instance_uuids())
        self.assertEqual([], self.driver.list_instance_uuids())

    # -- power state transitions --------------------------------------------

    def test_power_off_and_on(self):
        inst = self._spawn()
        self.driver.power_off(inst, timeout=10, retry_interval=1)
        self.assertEqual(power_state.SHUTDOWN, self._state(inst))
        self.driver.power_off(inst)  # already off: no second event
        self.driver.power_on(None, inst, [])
        self.assertEqual(power_state.RUNNING, self._state(inst))
        self.driver.power_on(None, inst, [])  # already on: no event
        self.assertEqual([virtevent.EVENT_LIFECYCLE_STARTED,
                          virtevent.EVENT_LIFECYCLE_STOPPED,
                          virtevent.EVENT_LIFECYCLE_STARTED],
                         self._transitions())

    def test_destroy_of_stopped_guest_sends_no_event(self):
        inst = self._spawn()
        self.driver.power_off(inst)
        del self.events[:]
        self.driver.destroy(None, inst)
        self.assertEqual([], self.events)

    def test_reboot(self):
        for reboot_type in ('SOFT', 'HARD'):
            inst = self._spawn()
            del self.events[:]
            self.driver.reboot(None, inst, [], reboot_type)
            self.assertEqual(power_state.RUNNING, self._state(inst))
            self.assertEqual([virtevent.EVENT_LIFECYCLE_STOPPED,
                              virtevent.EVENT_LIFECYCLE_STARTED],
                             self._transitions())

    def test_hard_reboot_starts_stopped_guest(self):
        inst = self._spawn()
        self.driver.power_off(inst)
        del self.events[:]
        self.driver.reboot(None, inst, [], 'HARD')
        self.assertEqual(power_state.RUNNING, self._state(inst))
        self.assertEqual([virtevent.EVENT_LIFECYCLE_STARTED],
                         self._transitions())

    def test_reboot_rejects_unknown_type(self):
        inst = self._spawn()
        self.assertRaises(ValueError, self.driver.reboot, None, inst, [],
                          'GENTLE')

    def test_pause_unpause(self):
        inst = self._spawn()
        self.driver.pause(inst)
        self.assertEqual(power_state.PAUSED, self._state(inst))
        self.driver.unpause(inst)
        self.assertEqual(power_state.RUNNING, self._state(inst))
        self.assertEqual([virtevent.EVENT_LIFECYCLE_STARTED,
                          virtevent.EVENT_LIFECYCLE_PAUSED,
                          virtevent.EVENT_LIFECYCLE_RESUMED],
                         self._transitions())

    def test_suspend_resume(self):
        inst = self._spawn()
        self.driver.pause(inst)
        self.driver.suspend(None, inst)  # a paused guest may be suspended
        self.assertEqual(power_state.SUSPENDED, self._state(inst))
        self.driver.resume(None, inst, [])
        self.assertEqual(power_state.RUNNING, self._state(inst))
        self.assertEqual([virtevent.EVENT_LIFECYCLE_SUSPENDED,
                          virtevent.EVENT_LIFECYCLE_RESUMED],
                         self._transitions()[2:])

    def test_actions_in_wrong_state_are_refused(self):
        inst = self._spawn()
        self.assertRaises(exception.InstancePowerStateConflict,
                          self.driver.unpause, inst)
        self.assertRaises(exception.InstancePowerStateConflict,
                          self.driver.resume, None, inst, [])
        self.driver.power_off(inst)
        exc = self.assertRaises(exception.InstancePowerStateConflict,
                                self.driver.pause, inst)
        self.assertIn('shutdown', str(exc))
        self.assertRaises(exception.InstancePowerStateConflict,
                          self.driver.suspend, None, inst)
        self.assertEqual(power_state.SHUTDOWN, self._state(inst))

    def test_actions_on_unknown_guest_raise_not_found(self):
        inst = make_instance()
        for call in (lambda: self.driver.power_off(inst),
                     lambda: self.driver.power_on(None, inst, []),
                     lambda: self.driver.reboot(None, inst, [], 'HARD'),
                     lambda: self.driver.pause(inst),
                     lambda: self.driver.get_info(inst)):
            self.assertRaises(exception.InstanceNotFound, call)

    def test_rebuild_is_left_to_the_manager(self):
        inst = self._spawn()
        self.assertRaises(NotImplementedError, self.driver.rebuild, None,
                          inst, {}, [], 'pw', {}, [], None, None)

    def test_simulate_power_change(self):
        inst = self._spawn()
        self.driver.simulate_power_change(inst.uuid, power_state.SHUTDOWN)
        self.driver.simulate_power_change(inst.uuid, power_state.SHUTDOWN)
        self.driver.simulate_power_change(inst.uuid, power_state.RUNNING)
        self.driver.simulate_power_change(inst.uuid, power_state.PAUSED)
        self.driver.simulate_power_change(inst.uuid, power_state.RUNNING)
        self.assertEqual([virtevent.EVENT_LIFECYCLE_STARTED,
                          virtevent.EVENT_LIFECYCLE_STOPPED,
                          virtevent.EVENT_LIFECYCLE_STARTED,
                          virtevent.EVENT_LIFECYCLE_PAUSED,
                          virtevent.EVENT_LIFECYCLE_RESUMED],
                         self._transitions())
        self.assertRaises(ValueError, self.driver.simulate_power_change,
                          inst.uuid, 42)

    def test_listener_may_call_back_into_driver(self):
        # The manager's handler typically asks the driver for the state.
        seen = []
        self.driver.register_event_listener(
            lambda ev: seen.append(self.driver.get_info(
                types.SimpleNamespace(uuid=ev.uuid)).state))
        inst = self._spawn()
        self.driver.pause(inst)
        self.assertEqual([power_state.RUNNING, power_state.PAUSED], seen)

    # -- resources ----------------------------------------------------------

    def test_available_resource_and_usage(self):
        res = self.driver.get_available_resource('compute1')
        self.assertEqual((8, 16384, 100, 0, 0, 0, 100),
                         (res['vcpus'], res['memory_mb'], res['local_gb'],
                          res['vcpus_used'], res['memory_mb_used'],
                          res['local_gb_used'], res['disk_available_least']))
        self._spawn(make_instance(vcpus=2, memory_mb=2048, root_gb=20))
        gone = self._spawn(make_instance(vcpus=1, memory_mb=512, root_gb=1))
        self._spawn(make_instance(vcpus=1, memory_mb=1024, root_gb=10,
                                  ephemeral_gb=5, swap=1500))
        self.driver.destroy(None, gone)
        res = self.driver.get_available_resource('compute1')
        # swap of 1500 MiB counts as 2 GiB, as placement counts it.
        self.assertEqual((3, 3072, 37, 63),
                         (res['vcpus_used'], res['memory_mb_used'],
                          res['local_gb_used'], res['disk_available_least']))

    def test_host_description(self):
        self.flags.config(group='fake', hypervisor_type='QEMU',
                          hypervisor_version=2011000)
        res = self.driver.get_available_resource('compute1')
        self.assertEqual('QEMU', res['hypervisor_type'])
        self.assertEqual(2011000, res['hypervisor_version'])
        self.assertEqual('compute1', res['hypervisor_hostname'])
        self.assertIsNone(res['numa_topology'])
        self.assertEqual([['x86_64', 'QEMU', 'hvm'], ['i686', 'QEMU', 'hvm']],
                         res['supported_instances'])
        cpu = json.loads(res['cpu_info'])
        self.assertEqual('x86_64', cpu['arch'])
        self.assertEqual('Intel', cpu['vendor'])
        self.assertIn('avx2', cpu['features'])
        topo = cpu['topology']
        self.assertEqual(8, topo['sockets'] * topo['cores'] * topo['threads'])

    def test_unknown_node(self):
        self.assertRaises(exception.ComputeNodeNotFound,
                          self.driver.get_available_resource, 'elsewhere')

    def test_drivers_are_isolated(self):
        other = self._new_driver('compute2')
        inst = self._spawn()
        self.assertEqual(['compute1'], self.driver.get_available_nodes())
        self.assertEqual(['compute2'], other.get_available_nodes())
        self.assertFalse(other.instance_exists(inst))
        self.assertEqual(
            0, other.get_available_resource('compute2')['vcpus_used'])

    def test_several_nodes(self):
        self.driver.set_nodes(['n1', 'n2'])
        self._spawn(make_instance(vcpus=4, node='n2'))
        self._spawn(make_instance(vcpus=1))  # no node: the first one
        self.assertTrue(self.driver.node_is_available('n2'))
        self.assertFalse(self.driver.node_is_available('compute1'))
        self.assertEqual(1, self.driver.get_available_resource(
            'n1')['vcpus_used'])
        self.assertEqual(4, self.driver.get_available_resource(
            'n2')['vcpus_used'])

    def test_concurrent_spawns(self):
        instances = [make_instance(name='vm%d' % i, vcpus=1)
                     for i in range(40)]
        threads = [threading.Thread(target=self._spawn, args=(inst,))
                   for inst in instances]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(i.uuid for i in instances),
                         sorted(self.driver.list_instance_uuids()))
        self.assertEqual(40, self.driver.get_available_resource(
            'compute1')['vcpus_used'])
        self.assertEqual(40, len(self.events))

    # -- provider tree ------------------------------------------------------

    def _tree(self):
        tree = provider_tree.ProviderTree()
        tree.new_root('compute1', uuidutils.generate_uuid(), 1)
        return tree

    def test_update_provider_tree_inventory(self):
        self.flags.config(reserved_host_memory_mb=1024,
                          reserved_host_disk_mb=1500, reserved_host_cpus=1,
                          cpu_allocation_ratio=4.0, ram_allocation_ratio=1.0,
                          disk_allocation_ratio=2.0)
        tree = self._tree()
        self.driver.update_provider_tree(tree, 'compute1')
        inv = tree.data('compute1').inventory
        self.assertEqual(
            {'total': 8, 'reserved': 1, 'min_unit': 1, 'max_unit': 8,
             'step_size': 1, 'allocation_ratio': 4.0}, inv['VCPU'])
        self.assertEqual(
            {'total': 16384, 'reserved': 1024, 'min_unit': 1,
             'max_unit': 16384, 'step_size': 1, 'allocation_ratio': 1.0},
            inv['MEMORY_MB'])
        self.assertEqual(
            {'total': 100, 'reserved': 2, 'min_unit': 1, 'max_unit': 100,
             'step_size': 1, 'allocation_ratio': 2.0}, inv['DISK_GB'])
        # A second run with nothing changed leaves the inventory alone.
        self.assertFalse(tree.has_inventory_changed('compute1', inv))

    def test_update_provider_tree_traits(self):
        tree = self._tree()
        tree.add_traits('compute1', 'CUSTOM_OPERATOR_SET')
        self.driver.update_provider_tree(tree, 'compute1')
        traits = tree.data('compute1').traits
        for trait in ('HW_ARCH_X86_64', 'HW_CPU_X86_AVX2', 'HW_CPU_X86_SSE42',
                      'COMPUTE_DEVICE_TAGGING', 'COMPUTE_VOLUME_MULTI_ATTACH',
                      'COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG',
                      'COMPUTE_VOLUME_ATTACH_WITH_TAG',
                      'COMPUTE_VOLUME_EXTEND', 'COMPUTE_TRUSTED_CERTS',
                      'COMPUTE_NET_ATTACH_INTERFACE',
                      'COMPUTE_SECURITY_UEFI_SECURE_BOOT',
                      driver.COMPUTE_LIVE_RESIZE, 'CUSTOM_OPERATOR_SET'):
            self.assertIn(trait, traits)

    def test_capability_switched_off_drops_its_trait(self):
        tree = self._tree()
        self.driver.update_provider_tree(tree, 'compute1')
        self.driver.capabilities['supports_multiattach'] = False
        self.driver.update_provider_tree(tree, 'compute1')
        self.assertNotIn('COMPUTE_VOLUME_MULTI_ATTACH',
                         tree.data('compute1').traits)
        # Only this driver object changed.
        other = self._new_driver('compute2')
        self.assertTrue(other.capabilities['supports_multiattach'])

    def test_disabled_capabilities_option(self):
        self.flags.config(group='fake', disabled_capabilities=[
            'supports_secure_boot', 'supports_teleport'])
        drv = self._new_driver('compute3')
        self.assertFalse(drv.capabilities['supports_secure_boot'])
        self.assertNotIn('supports_teleport', drv.capabilities)
        self.assertIn('unknown capability supports_teleport',
                      self.logs.output)
        tree = provider_tree.ProviderTree()
        tree.new_root('compute3', uuidutils.generate_uuid())
        drv.update_provider_tree(tree, 'compute3')
        self.assertFalse(tree.has_traits(
            'compute3', ['COMPUTE_SECURITY_UEFI_SECURE_BOOT']))
        self.assertTrue(tree.has_traits(
            'compute3', ['COMPUTE_VOLUME_MULTI_ATTACH']))

    def test_aarch64_host(self):
        self.flags.config(group='fake', cpu_arch='aarch64')
        res = self.driver.get_available_resource('compute1')
        self.assertEqual([['aarch64', 'fake', 'hvm']],
                         res['supported_instances'])
        self.assertEqual('ARM', json.loads(res['cpu_info'])['vendor'])
        tree = self._tree()
        self.driver.update_provider_tree(tree, 'compute1')
        traits = tree.data('compute1').traits
        self.assertIn('HW_ARCH_AARCH64', traits)
        self.assertNotIn('HW_ARCH_X86_64', traits)
        self.assertFalse([t for t in traits if t.startswith('HW_CPU_X86')])
