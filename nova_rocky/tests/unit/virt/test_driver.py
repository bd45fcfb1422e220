"""The driver interface: loading, capabilities as traits, events."""

import importlib.machinery
import sys
import types

import fixtures
import os_traits
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


class TestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # Keep expected error logs out of the output (shown on failure).
        self.logs = self.useFixture(fixtures.FakeLogger())
        self.flags = self.useFixture(conf_fixture.ConfFixture())


class LoadComputeDriverTestCase(TestCase):

    def test_load_by_name(self):
        virtapi = fake.FakeVirtAPI()
        drv = driver.load_compute_driver(virtapi, 'fake.FakeDriver')
        self.assertIsInstance(drv, fake.FakeDriver)
        self.assertIs(virtapi, drv.virtapi)

    def test_load_from_config(self):
        self.flags.config(compute_driver='fake.FakeDriver')
        self.assertIsInstance(driver.load_compute_driver(None),
                              fake.FakeDriver)

    def _assert_fails(self, name, reason):
        exc = self.assertRaises(exception.VirtDriverNotFound,
                                driver.load_compute_driver, None, name)
        self.assertEqual("Could not load the virt driver %r: %s"
                         % (name, reason), str(exc))

    def test_unknown_module(self):
        self._assert_fails('nosuch.Driver',
                           'there is no module nova_rocky.virt.nosuch')

    def test_unknown_class(self):
        self._assert_fails('fake.NoSuchDriver',
                           'module nova_rocky.virt.fake has no class '
                           'NoSuchDriver')

    def test_malformed_names(self):
        for name in ('fake', 'fake..FakeDriver', '.fake.FakeDriver',
                     'fake/x.Y'):
            exc = self.assertRaises(exception.VirtDriverNotFound,
                                    driver.load_compute_driver, None, name)
            self.assertIn('must be "<module>.<Class>"', str(exc))

    def test_not_a_driver(self):
        self._assert_fails('power_state.STATE_MAP',
                           'power_state.STATE_MAP is not a ComputeDriver')
        self._assert_fails('fake.FakeVirtAPI',
                           'fake.FakeVirtAPI is not a ComputeDriver')

    def test_abstract_driver(self):
        self._assert_fails('driver.ComputeDriver',
                           'driver.ComputeDriver is abstract')

    def test_broken_dependency_is_not_reported_as_typo(self):
        # A driver module whose own import fails (a hypervisor library not
        # installed) is reported as such, not as a missing driver.
        name = 'nova_rocky.virt._broken_for_test'
        finder = _BrokenModuleFinder(name)
        sys.meta_path.insert(0, finder)
        self.addCleanup(sys.meta_path.remove, finder)
        self.addCleanup(sys.modules.pop, name, None)
        exc = self.assertRaises(exception.VirtDriverNotFound,
                                driver.load_compute_driver, None,
                                '_broken_for_test.Driver')
        self.assertIn('importing %s failed' % name, str(exc))
        self.assertIn('nosuch_hypervisor_lib', str(exc))


class _BrokenModuleFinder(object):
    """Makes one module name importable; running it imports a missing lib."""

    def __init__(self, fullname):
        self.fullname = fullname

    def find_spec(self, fullname, path, target=None):
        if fullname != self.fullname:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        return types.ModuleType(spec.name)

    def exec_module(self, module):
        import nosuch_hypervisor_lib  # noqa: F401


class CapabilityTraitsTestCase(TestCase):

    def test_map_uses_known_traits(self):
        known = set(os_traits.get_traits())
        for cap, trait in driver.CAPABILITY_TRAITS_MAP.items():
            self.assertIn(cap, driver.ComputeDriver.capabilities)
            self.assertTrue(trait in known or os_traits.is_custom(trait),
                            trait)

    def test_upstream_capability_keys(self):
        for cap in ('has_imagecache', 'supports_evacuate',
                    'supports_attach_interface', 'supports_device_tagging',
                    'supports_tagged_attach_interface',
                    'supports_tagged_attach_volume', 'supports_extend_volume',
                    'supports_multiattach', 'supports_trusted_certs',
                    'supports_live_resize', 'supports_secure_boot'):
            self.assertIn(cap, driver.ComputeDriver.capabilities)
            self.assertFalse(driver.ComputeDriver.capabilities[cap])

    def test_capability_traits(self):
        drv = fake.FakeDriver(fake.FakeVirtAPI())
        drv.capabilities['supports_trusted_certs'] = False
        traits = driver.capability_traits(drv)
        self.assertEqual(set(driver.CAPABILITY_TRAITS_MAP.values()),
                         set(traits))
        self.assertFalse(traits[os_traits.COMPUTE_TRUSTED_CERTS])
        self.assertTrue(traits[os_traits.COMPUTE_VOLUME_MULTI_ATTACH])
        self.assertTrue(traits[driver.COMPUTE_LIVE_RESIZE])

    def test_set_capability_traits_keeps_other_traits(self):
        drv = fake.FakeDriver(fake.FakeVirtAPI())
        drv.capabilities['supports_extend_volume'] = False
        tree = provider_tree.ProviderTree()
        tree.new_root('n1', 'uuid-1')
        tree.update_traits('n1', ['COMPUTE_VOLUME_EXTEND', 'CUSTOM_GOLD',
                                  'COMPUTE_STATUS_DISABLED'])
        driver.set_capability_traits(tree, 'n1', drv)
        traits = tree.data('n1').traits
        self.assertNotIn('COMPUTE_VOLUME_EXTEND', traits)
        self.assertIn('CUSTOM_GOLD', traits)
        self.assertIn('COMPUTE_STATUS_DISABLED', traits)
        self.assertIn('COMPUTE_DEVICE_TAGGING', traits)

    def test_arch_traits(self):
        self.assertEqual({'HW_ARCH_X86_64'}, driver.arch_traits('x86_64'))
        self.assertEqual({'HW_ARCH_PPC64LE'}, driver.arch_traits('ppc64le'))
        self.assertEqual(set(), driver.arch_traits('z80'))


class StandardInventoryTestCase(TestCase):

    def test_zero_ratio_means_upstream_default(self):
        self.flags.config(cpu_allocation_ratio=0.0, ram_allocation_ratio=0.0,
                          disk_allocation_ratio=0.0)
        inv = driver.standard_inventory(4, 1024, 10)
        self.assertEqual([16.0, 1.5, 1.0],
                         [inv[rc]['allocation_ratio']
                          for rc in ('VCPU', 'MEMORY_MB', 'DISK_GB')])

    def test_reserved_is_capped_at_total(self):
        self.flags.config(reserved_host_memory_mb=4096, reserved_host_cpus=8)
        inv = driver.standard_inventory(4, 1024, 10)
        self.assertEqual(4, inv['VCPU']['reserved'])
        self.assertEqual(1024, inv['MEMORY_MB']['reserved'])

    def test_empty_resource_is_left_out(self):
        inv = driver.standard_inventory(4, 1024, 0)
        self.assertEqual({'VCPU', 'MEMORY_MB'}, set(inv))


class EventsTestCase(TestCase):

    def test_lifecycle_event(self):
        ev = virtevent.LifecycleEvent('u1', virtevent.EVENT_LIFECYCLE_PAUSED,
                                      timestamp=12.5)
        self.assertEqual(('u1', 12.5, 'Paused'),
                         (ev.uuid, ev.timestamp, ev.get_name()))
        self.assertIn('Paused', repr(ev))
        self.assertRaises(ValueError, virtevent.LifecycleEvent, 'u1', 99)

    def test_emit_without_listener_is_dropped(self):
        drv = fake.FakeDriver(fake.FakeVirtAPI())
        drv.emit_event(virtevent.LifecycleEvent(
            'u1', virtevent.EVENT_LIFECYCLE_STARTED))

    def test_failing_listener_does_not_fail_the_driver(self):
        drv = fake.FakeDriver(fake.FakeVirtAPI())
        calls = []

        def listener(ev):
            calls.append(ev)
            raise RuntimeError('listener bug')

        drv.register_event_listener(listener)
        drv.emit_event(virtevent.LifecycleEvent(
            'u1', virtevent.EVENT_LIFECYCLE_STOPPED))
        self.assertEqual(1, len(calls))
        self.assertIn('listener bug', self.logs.output)
        drv.register_event_listener(None)
        drv.emit_event(virtevent.LifecycleEvent(
            'u1', virtevent.EVENT_LIFECYCLE_STOPPED))
        self.assertEqual(1, len(calls))


class MiscTestCase(TestCase):

    def test_power_states(self):
        self.assertEqual((0, 1, 3, 4, 6, 7),
                         (power_state.NOSTATE, power_state.RUNNING,
                          power_state.PAUSED, power_state.SHUTDOWN,
                          power_state.CRASHED, power_state.SUSPENDED))
        self.assertEqual('running', power_state.STATE_MAP[1])
        self.assertEqual(6, len(power_state.STATE_MAP))

    def test_instance_info(self):
        self.assertEqual(driver.InstanceInfo(power_state.RUNNING, 3),
                         driver.InstanceInfo(state=1, internal_id=3))
        self.assertNotEqual(driver.InstanceInfo(1), driver.InstanceInfo(4))

    def test_virtapi(self):
        self.assertRaises(NotImplementedError,
                          driver.VirtAPI().wait_for_instance_event,
                          None, ['network-vif-plugged-x'])
        with fake.FakeVirtAPI().wait_for_instance_event(None, ['x']):
            pass

    def test_base_class_optional_methods(self):
        drv = fake.FakeDriver(fake.FakeVirtAPI())
        self.assertEqual('192.0.2.1', drv.get_host_ip_addr())
        drv.cleanup_host('h')
        base = driver.ComputeDriver
        for method, args in ((base.list_instances, ()),
                             (base.get_host_ip_addr, ())):
            self.assertRaises(NotImplementedError, method, drv, *args)
