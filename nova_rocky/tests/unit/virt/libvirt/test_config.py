"""Domain XML from the config classes: golden files, libvirt's schemas.

Every document built here is validated with virt-xml-validate against
the schemas libvirt installs; the golden files pin the exact output of
the cases the driver cares about (BIOS, UEFI, secure boot, queue sizes,
perf events). Set NOVA_ROCKY_REGENERATE_GOLDEN=1 to rewrite them after an
intended change, and review the diff.
"""

import os

import fixtures
import testtools

from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.unit.virt.libvirt import helpers
from nova_rocky.virt.libvirt.config import boot
from nova_rocky.virt.libvirt.config import capabilities as caps_config
from nova_rocky.virt.libvirt.config import devices
from nova_rocky.virt.libvirt.config import guest as guest_config
from nova_rocky.virt.libvirt import designer
from nova_rocky.virt.libvirt import firmware

UUID = 'c5a1f0d2-7b3e-4c1a-9f8e-2d4b6a8c0e13'
BRIDGE_VIF = {'id': '8a3c1e52-4d6f-4b7a-9c2e-1f3a5b7d9e01',
              'address': 'fa:16:3e:11:22:33', 'type': 'bridge',
              'devname': 'tap8a3c1e52-4d', 'network': {'bridge': 'qbr8a3c',
                                                       'mtu': 1450}}
VHOSTUSER_VIF = {'id': '2b4d6f80-1a3c-4e5f-8b7d-9c0e2f4a6b8d',
                 'address': 'fa:16:3e:44:55:66', 'type': 'vhostuser',
                 'details': {'vhostuser_socket': '/var/run/openvswitch/vhu2b',
                             'vhostuser_mode': 'server'}}


class GoldenDomainXMLTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.flags.config(group='libvirt', virt_type='kvm')
        objects.register_all()
        self.host = helpers.QemuHost()

    def _xml(self, props=None, network_info=None, perf_events=(),
             descriptors=None):
        image = objects.ImageMeta.from_dict({'properties': props or {}})
        if descriptors is None:
            descriptors = firmware.load_descriptors(
                [helpers.SYSTEM_FIRMWARE_DIR])
        config = designer.build_guest_config(
            helpers.make_instance(uuid=UUID, name='instance-00000001'),
            image, self.host, descriptors, perf_events=perf_events,
            network_info=network_info)
        xml = config.to_xml()
        helpers.validate_domain_xml(self, xml)
        return xml

    def _check_golden(self, name, xml):
        path = os.path.join(helpers.GOLDEN, name + '.xml')
        if os.environ.get('NOVA_ROCKY_REGENERATE_GOLDEN'):
            with open(path, 'w') as handle:
                handle.write(xml)
        with open(path) as handle:
            self.assertEqual(handle.read(), xml)

    def test_bios_guest(self):
        self._check_golden('bios', self._xml())

    def test_perf_events_are_written(self):
        self._check_golden('perf', self._xml(
            perf_events=['cpu_cycles', 'instructions']))

    def test_queue_sizes(self):
        self.flags.config(group='libvirt', rx_queue_size=512,
                          tx_queue_size=1024)
        self._check_golden('queue_sizes', self._xml(
            network_info=[BRIDGE_VIF, VHOSTUSER_VIF]))

    @testtools.skipUnless(helpers.HAVE_OVMF, 'needs the ovmf package')
    def test_uefi_guest(self):
        self._check_golden('uefi', self._xml(
            {'hw_firmware_type': 'uefi', 'hw_machine_type': 'q35'}))

    @testtools.skipUnless(helpers.HAVE_OVMF, 'needs the ovmf package')
    def test_secure_boot_guest(self):
        xml = self._xml({'hw_firmware_type': 'uefi',
                         'os_secure_boot': 'required'})
        self._check_golden('secure_boot', xml)

    @testtools.skipUnless(helpers.HAVE_OVMF, 'needs the ovmf package')
    def test_optional_secure_boot_on_pc_gets_plain_uefi(self):
        xml = self._xml({'hw_firmware_type': 'uefi',
                         'os_secure_boot': 'optional',
                         'hw_machine_type': 'pc'})
        self.assertIn('OVMF_CODE_4M.fd', xml)
        self.assertNotIn('secure=', xml)
        self.assertNotIn('<smm', xml)


class ConfigRoundTripTestCase(testtools.TestCase):
    """What format_dom writes, parse_dom reads back."""

    def test_guest_round_trip(self):
        guest = guest_config.LibvirtConfigGuest()
        guest.virt_type = 'kvm'
        guest.name = 'instance-1'
        guest.uuid = UUID
        guest.memory_kib = 2097152
        guest.vcpus = 4
        guest.os.arch = 'x86_64'
        guest.os.machine = 'q35'
        guest.os.loader_path = '/fw/CODE.fd'
        guest.os.loader_secure = True
        guest.os.nvram_path = '/nvram/x.fd'
        guest.os.nvram_template = '/fw/VARS.fd'
        guest.features.smm = True
        guest.perf_events = ['cpu_cycles']
        iface = devices.LibvirtConfigGuestInterface()
        iface.source_dev = 'br0'
        iface.driver_name = 'vhost'
        iface.rx_queue_size = 1024
        disk = devices.LibvirtConfigGuestDisk()
        disk.source_path = '/var/lib/nova/instances/x/disk'
        disk.target_dev = 'vda'
        guest.devices = [disk, iface]
        xml = guest.to_xml()
        helpers.validate_domain_xml(self, xml)

        parsed = guest_config.LibvirtConfigGuest().parse_str(xml)
        self.assertEqual(('kvm', 'instance-1', UUID, 2097152, 4),
                         (parsed.virt_type, parsed.name, parsed.uuid,
                          parsed.memory_kib, parsed.vcpus))
        self.assertEqual(('q35', '/fw/CODE.fd', True, '/nvram/x.fd',
                          '/fw/VARS.fd'),
                         (parsed.os.machine, parsed.os.loader_path,
                          parsed.os.loader_secure, parsed.os.nvram_path,
                          parsed.os.nvram_template))
        self.assertTrue(parsed.features.smm)
        self.assertEqual(['cpu_cycles'], parsed.perf_events)
        parsed_iface = parsed.interfaces()[0]
        self.assertEqual(('vhost', 1024, None),
                         (parsed_iface.driver_name,
                          parsed_iface.rx_queue_size,
                          parsed_iface.tx_queue_size))

    def test_os_without_loader_has_no_nvram(self):
        os_config = boot.LibvirtConfigGuestOS()
        os_config.nvram_path = '/nvram/x.fd'
        self.assertNotIn('nvram', os_config.to_xml())

    def test_capabilities_of_a_qemu_host(self):
        caps = caps_config.LibvirtConfigCaps().parse_str(
            helpers.QEMU_CAPABILITIES)
        self.assertEqual(('x86_64', 'Skylake-Client-IBRS', 'Intel', 1, 4, 2),
                         (caps.host_cpu.arch, caps.host_cpu.model,
                          caps.host_cpu.vendor, caps.host_cpu.sockets,
                          caps.host_cpu.cores, caps.host_cpu.threads))
        self.assertEqual({'vmx', 'pdpe1gb'}, caps.host_cpu.features)
        self.assertEqual(['qemu', 'kvm'], caps.domain_types_for('x86_64'))
        self.assertIn('q35', caps.guests[0].machines)
        self.assertEqual([['x86_64', 'qemu', 'hvm'], ['x86_64', 'kvm', 'hvm']],
                         caps.supported_instances())
