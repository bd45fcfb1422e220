"""The libvirt driver against libvirt's built-in test:///default.

These are real libvirt calls: domains are defined, started, paused,
saved and destroyed by libvirt's test hypervisor, lifecycle events come
from libvirt's event loop, and resources from its node info. What the test
hypervisor cannot do is said where it matters: it accepts only domain type
'test', has i686 guests only, and a soft reboot there restarts the domain
without sending lifecycle events.
"""

import os
import threading
import time

import fixtures
import testtools

from nova_rocky.compute import provider_tree
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.unit.virt.libvirt import helpers
from nova_rocky.virt import driver as virt_driver
from nova_rocky.virt import fake
from nova_rocky.virt.libvirt import driver as libvirt_driver
from nova_rocky.virt import power_state

TEST_URI = 'test:///default'
IMAGE_ID = '5f1c9e3a-2b7d-4c6e-8a0f-1d3e5b7c9a2e'


class _ImageCatalog(object):
    """Stands in for Glance (another service): image data by id."""

    def __init__(self, images):
        self.images = images
        self.downloads = 0

    def download(self, context, image_id):
        self.downloads += 1
        return iter([self.images[image_id]])


class LibvirtDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logs = self.useFixture(fixtures.FakeLogger(level='INFO'))
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.instances = self.useFixture(fixtures.TempDir()).path
        self.flags.config(group='libvirt', connection_uri=TEST_URI,
                          instances_path=self.instances,
                          firmware_descriptor_paths=[
                              helpers.firmware_dir(self)])
        objects.register_all()
        self.events = []
        self._events_cond = threading.Condition()

    def _driver(self, host='compute1', init=True):
        drv = virt_driver.load_compute_driver(fake.FakeVirtAPI(),
                                              'libvirt.LibvirtDriver')
        drv.register_event_listener(self._on_event)
        if init:
            drv.init_host(host)
            self.addCleanup(drv.cleanup_host, host)
        return drv

    def _on_event(self, event):
        with self._events_cond:
            self.events.append((event.uuid, event.get_name()))
            self._events_cond.notify_all()

    def _wait_events(self, uuid, names, timeout=10):
        """Wait until the events of ``uuid`` end with ``names``."""
        deadline = time.monotonic() + timeout
        with self._events_cond:
            while True:
                got = [n for u, n in self.events if u == uuid]
                if got[-len(names):] == list(names):
                    return got
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.fail('expected events %s for %s, got %s'
                              % (names, uuid, got))
                self._events_cond.wait(remaining)

    @staticmethod
    def _image(props=None):
        return objects.ImageMeta.from_dict({'properties': props or {}})

    def _spawn(self, drv, props=None, instance=None):
        instance = instance or helpers.make_instance()
        drv.spawn(None, instance, self._image(props), [], None, {})
        return instance

    # -- loading and starting ---------------------------------------------

    def test_loaded_by_name(self):
        drv = self._driver(init=False)
        self.assertIsInstance(drv, libvirt_driver.LibvirtDriver)

    def test_node_and_resources_come_from_libvirt(self):
        drv = self._driver()
        self.assertEqual(['compute1'], drv.get_available_nodes())
        conn = drv.host.get_connection()
        info = conn.getInfo()
        res = drv.get_available_resource('compute1')
        self.assertEqual(info[2], res['vcpus'])
        self.assertEqual(info[1], res['memory_mb'])
        self.assertEqual('TEST', res['hypervisor_type'])
        self.assertEqual(conn.getVersion(), res['hypervisor_version'])
        self.assertEqual([['i686', 'test', 'hvm'], ['i686', 'test', 'xen']],
                         res['supported_instances'])
        stat = os.statvfs(self.instances)
        self.assertEqual(stat.f_frsize * stat.f_blocks // 1024 ** 3,
                         res['local_gb'])
        # The test hypervisor starts with one running domain of its own.
        before = res['vcpus_used']
        self._spawn(drv, instance=helpers.make_instance(vcpus=3))
        self.assertEqual(before + 3,
                         drv.get_available_resource('compute1')['vcpus_used'])
        self.assertRaises(exception.ComputeNodeNotFound,
                          drv.get_available_resource, 'other')

    def test_provider_tree_inventory_and_traits(self):
        drv = self._driver()
        tree = provider_tree.ProviderTree()
        tree.new_root('compute1', 'a7c2e6f0-1d3b-4e5a-8c9d-0b1f2e3d4c5a')
        drv.update_provider_tree(tree, 'compute1')
        data = tree.data('compute1')
        info = drv.host.get_connection().getInfo()
        self.assertEqual(info[2], data.inventory['VCPU']['total'])
        self.assertEqual(info[1], data.inventory['MEMORY_MB']['total'])
        self.assertIn('DISK_GB', data.inventory)
        self.assertIn('HW_ARCH_I686', data.traits)
        # The descriptor directory has a secure-boot build for i686.
        self.assertIn('COMPUTE_SECURITY_UEFI_SECURE_BOOT', data.traits)
        self.assertNotIn('COMPUTE_VOLUME_MULTI_ATTACH', data.traits)

    def test_no_secure_boot_trait_without_secure_firmware(self):
        self.flags.config(group='libvirt', firmware_descriptor_paths=[
            helpers.firmware_dir(self, secure=False)])
        drv = self._driver()
        self.assertFalse(drv.capabilities['supports_secure_boot'])
        tree = provider_tree.ProviderTree()
        tree.new_root('compute1', 'a7c2e6f0-1d3b-4e5a-8c9d-0b1f2e3d4c5b')
        drv.update_provider_tree(tree, 'compute1')
        self.assertNotIn('COMPUTE_SECURITY_UEFI_SECURE_BOOT',
                         tree.data('compute1').traits)

    @testtools.skipUnless(helpers.HAVE_OVMF, 'needs the ovmf package')
    def test_x86_64_firmware_gives_no_secure_boot_to_i686_host(self):
        # The host's own OVMF descriptors are for x86_64 guests only,
        # and the test hypervisor runs i686 guests.
        self.flags.config(group='libvirt', firmware_descriptor_paths=[
            helpers.SYSTEM_FIRMWARE_DIR])
        self.assertFalse(
            self._driver().capabilities['supports_secure_boot'])

    def test_version_floor_refuses_to_start(self):
        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.virt.libvirt.driver.MIN_LIBVIRT_VERSION',
            (99, 0, 0)))
        drv = self._driver(init=False)
        self.addCleanup(drv.cleanup_host, 'compute1')
        exc = self.assertRaises(exception.HypervisorVersionTooOld,
                                drv.init_host, 'compute1')
        message = exc.format_message()
        self.assertIn('libvirt >= 99.0.0', message)
        self.assertIn('QEMU >= 2.8.0', message)
        self.assertNotIn('\n', message)

    def test_below_next_floor_warns(self):
        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.virt.libvirt.driver.NEXT_MIN_LIBVIRT_VERSION',
            (99, 0, 0)))
        self._driver()
        self.assertIn('the next release needs libvirt >= 99.0.0',
                      self.logs.output)

    def test_unreachable_daemon_is_retried_then_one_error(self):
        self.flags.config(group='libvirt', connection_retries=2,
                          connection_retry_interval=0,
                          connection_uri='qemu+unix:///system?socket='
                                         '/nonexistent/libvirt-sock')
        drv = self._driver(init=False)
        exc = self.assertRaises(exception.LibvirtConnectionFailed,
                                drv.init_host, 'compute1')
        self.assertIn('after 3 attempt(s)', exc.format_message())
        self.assertIn('/nonexistent/libvirt-sock', exc.format_message())
        self.assertEqual(2, self.logs.output.count('retrying in'))

    def test_bad_queue_size_refuses_to_start(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'nova.conf')
        with open(path, 'w') as handle:
            handle.write('[libvirt]\nconnection_uri = %s\n'
                         'tx_queue_size = 2048\n' % TEST_URI)
        self.flags.conf(['--config-file', path], project='nova',
                        default_config_files=[])
        drv = self._driver(init=False)
        exc = self.assertRaises(exception.InvalidDriverConfiguration,
                                drv.init_host, 'compute1')
        self.assertIn('[libvirt]tx_queue_size must be 256, 512 or 1024',
                      exc.format_message())

    def test_perf_event_deprecation_and_removed_events(self):
        self.flags.config(group='libvirt', enabled_perf_events=[
            'cmt', 'cpu_cycles', 'mbml', 'mbmt'])
        drv = self._driver()
        self.assertIn('enabled_perf_events is deprecated', self.logs.output)
        for name in ('cmt', 'mbml', 'mbmt'):
            self.assertIn('%s is refused: Linux 4.14 removed' % name,
                          self.logs.output)
        instance = self._spawn(drv)
        config = drv.host.get_guest(instance).get_config()
        self.assertEqual(['cpu_cycles'], config.perf_events)

    # -- guests -----------------------------------------------------------

    def test_spawn_defines_and_starts_the_domain(self):
        drv = self._driver()
        instance = self._spawn(drv)
        dom = drv.host.get_connection().lookupByUUIDString(instance.uuid)
        self.assertTrue(dom.isActive())
        self.assertEqual(instance.name, dom.name())
        self.assertEqual(power_state.RUNNING, drv.get_info(instance).state)
        self.assertIn(instance.uuid, drv.list_instance_uuids())
        self.assertIn(instance.name, drv.list_instances())
        helpers.validate_domain_xml(self, dom.XMLDesc(0))
        self._wait_events(instance.uuid, ['Started'])
        self.assertRaises(exception.InstanceExists, self._spawn, drv,
                          None, instance)

    def test_root_disk_from_the_image_cache(self):
        drv = self._driver()
        drv.image_api = _ImageCatalog({IMAGE_ID: b'\xeb\x63' * 256})
        instance = helpers.make_instance()
        image = objects.ImageMeta.from_dict(
            {'id': IMAGE_ID, 'disk_format': 'raw', 'properties': {}})
        drv.spawn(None, instance, image, [], None, {})
        path = os.path.join(self.instances, instance.uuid, 'disk')
        config = drv.host.get_guest(instance).get_config()
        disks = [d for d in config.devices if d.root_name == 'disk']
        self.assertEqual([(path, 'raw', 'vda')],
                         [(d.source_path, d.driver_format, d.target_dev)
                          for d in disks])
        # Raw disks grow (sparsely) to the flavor's root_gb.
        self.assertEqual(1024 ** 3, os.path.getsize(path))
        with open(path, 'rb') as handle:
            self.assertEqual(b'\xeb\x63', handle.read(2))
        self.assertTrue(os.path.exists(
            os.path.join(self.instances, '_base', IMAGE_ID)))
        drv.destroy(None, instance)
        self.assertFalse(os.path.exists(os.path.dirname(path)))
        self.assertEqual(1, drv.image_api.downloads)

    def test_unsupported_disk_format_fails_the_build(self):
        drv = self._driver()
        drv.image_api = _ImageCatalog({IMAGE_ID: b'data'})
        instance = helpers.make_instance()
        image = objects.ImageMeta.from_dict(
            {'id': IMAGE_ID, 'disk_format': 'vmdk', 'properties': {}})
        exc = self.assertRaises(exception.InstanceDeployFailure, drv.spawn,
                                None, instance, image, [], None, {})
        self.assertIn('not vmdk', exc.format_message())
        self.assertFalse(drv.instance_exists(instance))

    def test_destroy_undefines_and_ignores_unknown(self):
        drv = self._driver()
        instance = self._spawn(drv)
        drv.destroy(None, instance)
        self.assertNotIn(instance.uuid, drv.list_instance_uuids())
        self.assertRaises(exception.InstanceNotFound, drv.get_info, instance)
        self._wait_events(instance.uuid, ['Started', 'Stopped'])
        drv.destroy(None, instance)

    def test_power_state_changes_and_their_events(self):
        drv = self._driver()
        instance = self._spawn(drv)

        def state():
            return drv.get_info(instance).state

        drv.pause(instance)
        self.assertEqual(power_state.PAUSED, state())
        self.assertRaises(exception.InstancePowerStateConflict, drv.pause,
                          instance)
        drv.unpause(instance)
        self.assertEqual(power_state.RUNNING, state())
        drv.suspend(None, instance)
        self.assertEqual(power_state.SUSPENDED, state())
        drv.resume(None, instance, None)
        self.assertEqual(power_state.RUNNING, state())
        drv.power_off(instance)
        self.assertEqual(power_state.SHUTDOWN, state())
        drv.power_on(None, instance, None)
        self.assertEqual(power_state.RUNNING, state())
        self._wait_events(instance.uuid, [
            'Started', 'Paused', 'Resumed', 'Suspended', 'Started',
            'Stopped', 'Started'])

    def test_clean_power_off(self):
        drv = self._driver()
        instance = self._spawn(drv)
        # The test hypervisor shuts a guest down at once on request.
        drv.power_off(instance, timeout=5, retry_interval=1)
        self.assertEqual(power_state.SHUTDOWN, drv.get_info(instance).state)

    def test_reboots(self):
        drv = self._driver()
        instance = self._spawn(drv)
        drv.reboot(None, instance, None, 'SOFT')
        self.assertEqual(power_state.RUNNING, drv.get_info(instance).state)
        drv.reboot(None, instance, None, 'HARD')
        self._wait_events(instance.uuid, ['Stopped', 'Started'])
        drv.power_off(instance)
        drv.reboot(None, instance, None, 'HARD')
        self.assertEqual(power_state.RUNNING, drv.get_info(instance).state)

    def test_rebuild_redefines_from_the_new_image(self):
        drv = self._driver()
        instance = self._spawn(drv)
        drv.rebuild(None, instance, self._image({'hw_firmware_type': 'uefi'}),
                    [], None, {}, [], None, None)
        config = drv.host.get_guest(instance).get_config()
        self.assertTrue(config.os.loader_path.endswith('CODE.fd'))
        self.assertEqual(power_state.RUNNING, drv.get_info(instance).state)

    def test_secure_boot_guest_on_the_test_hypervisor(self):
        drv = self._driver()
        instance = self._spawn(drv, {'os_secure_boot': 'required'})
        config = drv.host.get_guest(instance).get_config()
        self.assertTrue(config.os.loader_secure)
        self.assertTrue(config.os.loader_path.endswith('CODE.secboot.fd'))
        self.assertEqual('q35', config.os.machine)
        self.assertTrue(config.features.smm)

    def test_secure_boot_without_firmware_fails_the_build(self):
        self.flags.config(group='libvirt', firmware_descriptor_paths=[
            helpers.firmware_dir(self, secure=False)])
        drv = self._driver()
        instance = helpers.make_instance()
        exc = self.assertRaises(exception.SecureBootNotSupported, self._spawn,
                                drv, {'os_secure_boot': 'required'}, instance)
        self.assertIn('no secure-boot firmware', exc.format_message())
        self.assertFalse(drv.instance_exists(instance))

    def test_secure_boot_with_pc_machine_is_refused(self):
        drv = self._driver()
        self.assertRaises(exception.ImageFirmwareRequestInvalid, self._spawn,
                          drv, {'os_secure_boot': 'required',
                                'hw_machine_type': 'pc'})

    def test_test_hypervisor_is_shared_while_connections_are_open(self):
        # test:///default keeps one in-memory hypervisor while any
        # connection to it is open (two drivers then see the same guests)
        # and starts afresh only after the last one closed: a driver must
        # keep its one connection open for as long as it runs.
        first, second = self._driver('compute1'), self._driver('compute2')
        instance = self._spawn(first)
        self.assertIs(first.host.get_connection(),
                      first.host.get_connection())
        self.assertTrue(second.instance_exists(instance))

    def test_events_stop_after_cleanup(self):
        drv = self._driver()
        instance = self._spawn(drv)
        self._wait_events(instance.uuid, ['Started'])
        drv.register_event_listener(None)
        drv.pause(instance)
        self.assertEqual(['Started'],
                         [n for u, n in self.events if u == instance.uuid])
