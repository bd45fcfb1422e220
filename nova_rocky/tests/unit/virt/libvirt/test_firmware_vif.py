"""UEFI firmware descriptors, firmware plans and virtio queue sizes."""

import os

import fixtures
import testtools

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.unit.virt.libvirt import helpers
from nova_rocky.virt.libvirt import designer
from nova_rocky.virt.libvirt import firmware
from nova_rocky.virt.libvirt import vif as libvirt_vif


class FirmwareDescriptorTestCase(testtools.TestCase):

    def test_priority_and_shadowing(self):
        first = helpers.firmware_dir(self, secure=False)
        second = helpers.firmware_dir(self, secure=True)
        descriptors = firmware.load_descriptors([first, second])
        # 50-secure.json only exists in the second directory; the first
        # directory's 60-plain.json shadows the second's.
        self.assertEqual([os.path.join(second, '50-secure.json'),
                          os.path.join(first, '60-plain.json')],
                         [d.path for d in descriptors])

    def test_invalid_files_are_skipped(self):
        directory = helpers.firmware_dir(self)
        with open(os.path.join(directory, '10-broken.json'), 'w') as handle:
            handle.write('{not json')
        logs = self.useFixture(fixtures.FakeLogger())
        self.assertEqual(2, len(firmware.load_descriptors([directory])))
        self.assertIn('Ignoring firmware descriptor', logs.output)

    def test_missing_firmware_files_make_a_descriptor_unusable(self):
        directory = helpers.firmware_dir(self)
        os.unlink(os.path.join(directory, 'CODE.secboot.fd'))
        descriptors = firmware.load_descriptors([directory])
        self.assertFalse(firmware.supports_secure_boot(descriptors, 'i686'))
        self.assertTrue(firmware.supports_uefi(descriptors, 'i686'))

    def test_machine_matching(self):
        descriptors = firmware.load_descriptors(
            [helpers.firmware_dir(self)])
        secure = firmware.find_loader(descriptors, 'i686', 'q35', True)
        self.assertTrue(secure.secure_boot)
        self.assertIsNone(firmware.find_loader(descriptors, 'i686', 'pc',
                                               True))
        plain = firmware.find_loader(descriptors, 'i686', 'pc-i440fx-7.2',
                                     False)
        self.assertFalse(plain.secure_boot)
        self.assertIsNone(firmware.find_loader(descriptors, 'aarch64',
                                               None, False))

    @testtools.skipUnless(helpers.HAVE_OVMF, 'needs the ovmf package')
    def test_debian_ovmf_descriptors(self):
        descriptors = firmware.load_descriptors(
            [helpers.SYSTEM_FIRMWARE_DIR])
        self.assertTrue(firmware.supports_secure_boot(descriptors, 'x86_64'))
        secure = firmware.find_loader(descriptors, 'x86_64', 'q35', True)
        # Keys enrolled: a signed OS boots without further set-up.
        self.assertIn(firmware.ENROLLED_KEYS, secure.features)
        plain = firmware.find_loader(descriptors, 'x86_64', 'pc', False)
        self.assertEqual('/usr/share/OVMF/OVMF_CODE_4M.fd', plain.executable)


class FirmwarePlanTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        objects.register_all()
        self.descriptors = firmware.load_descriptors(
            [helpers.firmware_dir(self)])

    def _plan(self, props, arch='i686', descriptors=None):
        image = objects.ImageMeta.from_dict({'properties': props})
        return designer.plan_firmware(
            image, arch, self.descriptors if descriptors is None
            else descriptors)

    def test_bios_by_default(self):
        plan = self._plan({})
        self.assertIsNone(plan.descriptor)
        self.assertFalse(plan.secure_boot)

    def test_uefi_without_secure_boot(self):
        plan = self._plan({'hw_firmware_type': 'uefi'})
        self.assertFalse(plan.secure_boot)
        self.assertTrue(plan.descriptor.executable.endswith('/CODE.fd'))

    def test_secure_boot_picks_q35(self):
        plan = self._plan({'os_secure_boot': 'required'})
        self.assertEqual(('q35', True), (plan.machine, plan.secure_boot))

    def test_optional_secure_boot_falls_back_to_plain_uefi(self):
        plain_only = firmware.load_descriptors(
            [helpers.firmware_dir(self, secure=False)])
        plan = self._plan({'os_secure_boot': 'optional'},
                          descriptors=plain_only)
        self.assertFalse(plan.secure_boot)
        self.assertIsNotNone(plan.descriptor)

    def test_impossible_combinations(self):
        self.assertRaises(exception.ImageFirmwareRequestInvalid, self._plan,
                          {'os_secure_boot': 'required',
                           'hw_firmware_type': 'bios'})
        self.assertRaises(exception.ImageFirmwareRequestInvalid, self._plan,
                          {'os_secure_boot': 'required',
                           'hw_machine_type': 'pc-i440fx-7.2'})
        self.flags.config(group='libvirt', hw_machine_type=['i686=pc'])
        self.assertRaises(exception.ImageFirmwareRequestInvalid, self._plan,
                          {'os_secure_boot': 'required',
                           'hw_firmware_type': 'uefi'})

    def test_no_uefi_firmware(self):
        exc = self.assertRaises(exception.UEFINotSupported, self._plan,
                                {'hw_firmware_type': 'uefi'},
                                descriptors=[])
        self.assertIn('no UEFI firmware for i686', exc.format_message())

    def test_machine_type_option(self):
        self.flags.config(group='libvirt',
                          hw_machine_type=['x86_64=q35', 'aarch64=virt'])
        image = objects.ImageMeta.from_dict({'properties': {}})
        self.assertEqual('q35', designer.machine_type(image, 'x86_64'))
        self.assertIsNone(designer.machine_type(image, 's390x'))
        image = objects.ImageMeta.from_dict(
            {'properties': {'hw_machine_type': 'pc'}})
        self.assertEqual('pc', designer.machine_type(image, 'x86_64'))


class QueueSizeTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logs = self.useFixture(fixtures.FakeLogger())
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.flags.config(group='libvirt', rx_queue_size=1024,
                          tx_queue_size=512)
        objects.register_all()
        self.image = objects.ImageMeta.from_dict({'properties': {}})

    def test_new_enough_host(self):
        self.assertEqual((1024, 512),
                         libvirt_vif.virtio_queue_sizes(helpers.QemuHost()))

    def test_tx_needs_libvirt_3_7_and_qemu_2_10(self):
        host = helpers.QemuHost(libvirt_version=(3, 6, 0))
        self.assertEqual((1024, None), libvirt_vif.virtio_queue_sizes(host))
        host = helpers.QemuHost(qemu_version=(2, 9, 0))
        self.assertEqual((1024, None), libvirt_vif.virtio_queue_sizes(host))
        self.assertIn('tx_queue_size needs libvirt 3.7.0 and QEMU 2.10.0',
                      self.logs.output)

    def test_rx_needs_libvirt_2_3_and_qemu_2_7(self):
        host = helpers.QemuHost(qemu_version=(2, 6, 0))
        self.assertEqual((None, None), libvirt_vif.virtio_queue_sizes(host))
        self.assertIn('rx_queue_size needs libvirt 2.3.0 and QEMU 2.7.0',
                      self.logs.output)

    def test_tx_only_on_vhostuser(self):
        host = helpers.QemuHost()
        bridge = libvirt_vif.get_config(
            {'type': 'bridge', 'address': 'fa:16:3e:00:00:01',
             'network': {'bridge': 'br0'}}, self.image, host)
        self.assertEqual(('vhost', 1024, None),
                         (bridge.driver_name, bridge.rx_queue_size,
                          bridge.tx_queue_size))
        vhu = libvirt_vif.get_config(
            {'type': 'vhostuser', 'id': 'abc',
             'details': {'vhostuser_socket': '/run/vhu'}}, self.image, host)
        self.assertEqual((None, 1024, 512),
                         (vhu.driver_name, vhu.rx_queue_size,
                          vhu.tx_queue_size))

    def test_non_virtio_models_keep_defaults(self):
        image = objects.ImageMeta.from_dict(
            {'properties': {'hw_vif_model': 'e1000'}})
        iface = libvirt_vif.get_config({'type': 'bridge'}, image,
                                       helpers.QemuHost())
        self.assertEqual((None, None), (iface.rx_queue_size,
                                        iface.tx_queue_size))

    def test_bad_values_are_refused_by_the_option(self):
        self.assertRaises(ValueError, self.flags.config, group='libvirt',
                          rx_queue_size=128)
