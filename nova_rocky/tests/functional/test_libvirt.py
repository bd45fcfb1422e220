"""A compute running the libvirt driver on test:///default, through the
REST API: boot, delete, os-hypervisors and traits read from placement.

The compute service is added to the shared in-process cloud for the
test and removed again (service deleted through the API) afterwards;
servers are sent to it with the admin's forced-host zone 'nova:<host>'.
"""

import os
import shutil
import tempfile
import threading
import time
import uuid

import fixtures
import requests

from nova_rocky.cmd import common
from nova_rocky.compute import manager as compute_manager
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.image import api as image_api
from nova_rocky import objects
from nova_rocky import service
from nova_rocky.tests.functional import base
from nova_rocky.tests.unit.virt.libvirt import helpers
from nova_rocky.virt.libvirt import driver as libvirt_driver

CONF = conf.CONF
IMAGE_DATA = b'\xebc\x90' + b'\0' * 509


class _LibvirtComputeTestBase(base.FunctionalTestCase):
    """Adds a libvirt compute (test:///default) to the cloud per test."""

    secure_firmware = True

    def setUp(self):
        super().setUp()
        tmp = tempfile.mkdtemp(prefix='libvirt-functional-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        self.instances = tmp
        for name, value in (
                ('connection_uri', 'test:///default'),
                ('instances_path', tmp),
                ('firmware_descriptor_paths', [helpers.firmware_dir(
                    self, secure=self.secure_firmware)])):
            CONF.set_override(name, value, group='libvirt')
            self.addCleanup(CONF.clear_override, name, group='libvirt')
        self.host = 'libvirt-%s' % uuid.uuid4().hex[:8]
        self.driver, self.service = self._start_compute(self.host)

    def _start_compute(self, host):
        manager = compute_manager.ComputeManager(host=host)
        manager.driver = libvirt_driver.LibvirtDriver(
            compute_manager.ComputeVirtAPI(manager))
        # The in-process cloud's embedded catalog, as nova-all's computes
        # use it, whatever [glance]backend other tests left behind.
        manager.driver.image_api = image_api.API(backend='local')
        svc = service.Service.create('nova-compute', host=host,
                                     manager=manager)
        svc.start()
        self.addCleanup(self._remove_compute, svc)
        deadline = time.monotonic() + 30
        while host not in self._mapped_hosts():
            if time.monotonic() > deadline:
                self.fail('compute %s was never mapped' % host)
            self.cloud.runner.discover_hosts()
            time.sleep(0.2)
        return manager.driver, svc

    @staticmethod
    def _mapped_hosts():
        return {m.host for m in objects.HostMappingList.get_all(
            nova_context.get_admin_context())}

    def _remove_compute(self, svc):
        svc.stop()
        services = self.admin_api.get(
            '/os-services?binary=nova-compute&host=%s' % svc.host,
            microversion='2.53')['services']
        for entry in services:
            self.admin_api.delete('/os-services/%s' % entry['id'],
                                  microversion='2.53')

    def _flavor(self):
        body = {'flavor': {'name': self.unique_name('flavor'), 'ram': 256,
                           'vcpus': 1, 'disk': 1}}
        flavor = self.admin_api.post('/flavors', body,
                                     expect=200).json()['flavor']
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/flavors/%s' % flavor['id'])
        return flavor

    def _image(self, **properties):
        url = self.cloud.url + '/image/v2/images'
        headers = {'X-Auth-Token': 'admin:admin'}
        body = dict(name=self.unique_name('image'), disk_format='raw',
                    container_format='bare', visibility='public',
                    **properties)
        resp = requests.post(url, json=body, headers=headers, timeout=30)
        self.assertEqual(201, resp.status_code, resp.text)
        image_id = resp.json()['id']
        self.addCleanup(requests.delete, url + '/' + image_id,
                        headers=headers, timeout=30)
        resp = requests.put(url + '/%s/file' % image_id, data=IMAGE_DATA,
                            headers=dict(headers, **{
                                'Content-Type': 'application/octet-stream'}),
                            timeout=30)
        self.assertEqual(204, resp.status_code, resp.text)
        return image_id

    def _boot(self, image_id):
        return self.admin_api.create_server(
            self.unique_name('vm'), self._flavor()['id'], image_id,
            availability_zone='nova:%s' % self.host)

    def _provider(self):
        providers = self.placement_get(
            '/resource_providers?name=%s' % self.host)['resource_providers']
        self.assertEqual(1, len(providers))
        return providers[0]['uuid']

    def _traits(self):
        return self.placement_get('/resource_providers/%s/traits'
                                  % self._provider())['traits']


class TestLibvirtCompute(_LibvirtComputeTestBase):

    def test_boot_and_delete_a_libvirt_guest(self):
        image_id = self._image(hw_firmware_type='uefi',
                               os_secure_boot='required')
        server = self._boot(image_id)
        active = self.admin_api.wait_for_server(server['id'])
        self.assertEqual(self.host, active['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(1, active['OS-EXT-STS:power_state'])
        guest = self.driver.host.get_connection().lookupByUUIDString(
            server['id'])
        self.assertTrue(guest.isActive())
        xml = guest.XMLDesc(0)
        self.assertIn("secure='yes'", xml)
        self.assertIn("<smm state='on'/>", xml)
        disk = os.path.join(self.instances, server['id'], 'disk')
        self.assertIn("<source file='%s'" % disk, xml)
        with open(disk, 'rb') as handle:
            self.assertEqual(IMAGE_DATA, handle.read(len(IMAGE_DATA)))

        self.admin_api.delete('/servers/%s' % server['id'])
        self.admin_api.wait_for_deleted(server['id'])
        self.assertNotIn(server['id'], self.driver.list_instance_uuids())
        self.assertFalse(os.path.exists(disk))
        self.assertEqual({}, self.allocations(server['id']))

    def test_guest_powered_off_behind_novas_back_is_noticed(self):
        server = self._boot(self._image())
        self.admin_api.wait_for_server(server['id'])
        # Another libvirt client stops the domain; the libvirt event
        # reaches the compute manager, which saves the power state.
        self.driver.host.get_connection().lookupByUUIDString(
            server['id']).destroy()
        deadline = time.monotonic() + 30
        while True:
            shown = self.admin_api.get('/servers/%s' % server['id'])['server']
            if shown['OS-EXT-STS:power_state'] == 4:
                break
            if time.monotonic() > deadline:
                self.fail('power state still %s'
                          % shown['OS-EXT-STS:power_state'])
            time.sleep(0.1)
        self.admin_api.delete('/servers/%s' % server['id'])
        self.admin_api.wait_for_deleted(server['id'])

    def test_hypervisor_shows_what_libvirt_reported(self):
        hypervisors = self.admin_api.get(
            '/os-hypervisors/detail?hypervisor_hostname_pattern=%s'
            % self.host, microversion='2.53')['hypervisors']
        self.assertEqual(1, len(hypervisors))
        hypervisor = hypervisors[0]
        info = self.driver.host.get_connection().getInfo()
        self.assertEqual('TEST', hypervisor['hypervisor_type'])
        self.assertEqual(info[2], hypervisor['vcpus'])
        self.assertEqual(info[1], hypervisor['memory_mb'])
        self.assertEqual('i686', hypervisor['cpu_info']['arch'])

    def test_traits_reported_to_placement(self):
        rp_uuid = self._provider()
        traits = self._traits()
        self.assertIn('COMPUTE_SECURITY_UEFI_SECURE_BOOT', traits)
        self.assertIn('HW_ARCH_I686', traits)
        self.assertNotIn('COMPUTE_VOLUME_MULTI_ATTACH', traits)
        inventory = self.placement_get(
            '/resource_providers/%s/inventories' % rp_uuid)['inventories']
        info = self.driver.host.get_connection().getInfo()
        self.assertEqual(info[2], inventory['VCPU']['total'])
        self.assertEqual(info[1], inventory['MEMORY_MB']['total'])

    def test_impossible_firmware_request_is_a_400(self):
        for props in ({'os_secure_boot': 'required',
                       'hw_machine_type': 'pc'},
                      {'os_secure_boot': 'required',
                       'hw_firmware_type': 'bios'}):
            self._assert_boot_refused(props, 'os_secure_boot=required needs')

    def test_unknown_firmware_values_are_a_400(self):
        for props in ({'hw_firmware_type': 'coreboot'},
                      {'os_secure_boot': 'sometimes'}):
            self._assert_boot_refused(props, 'Invalid image property')

    def _assert_boot_refused(self, image_properties, message):
        image_id = self._image(**image_properties)
        resp = self.admin_api.post('/servers', {'server': {
            'name': 'x', 'flavorRef': self._flavor()['id'],
            'imageRef': image_id, 'networks': 'none'}},
            microversion='2.37')
        self.assertEqual(400, resp.status_code, resp.text)
        self.assertIn(message, resp.json()['badRequest']['message'])


class TestLibvirtComputeWithoutSecureBoot(_LibvirtComputeTestBase):
    """A host whose firmware offers UEFI but not secure boot."""

    secure_firmware = False

    def test_no_secure_boot_trait(self):
        self.assertNotIn('COMPUTE_SECURITY_UEFI_SECURE_BOOT', self._traits())

    def test_secure_boot_request_never_lands_here(self):
        # The request filter requires COMPUTE_SECURITY_UEFI_SECURE_BOOT,
        # which this host does not report: the scheduler finds no host.
        server = self._boot(self._image(os_secure_boot='required'))
        errored = self.admin_api.wait_for_server(server['id'],
                                                 statuses=('ERROR',))
        self.assertIn('No valid host was found',
                      errored['fault']['message'])
        self.assertNotIn(server['id'], self.driver.list_instance_uuids())
        self.assertFalse(os.path.exists(
            os.path.join(self.instances, server['id'])))
        self.admin_api.delete('/servers/%s' % server['id'])
        self.admin_api.wait_for_deleted(server['id'])

    def test_plain_uefi_still_boots(self):
        server = self._boot(self._image(hw_firmware_type='uefi'))
        self.admin_api.wait_for_server(server['id'])
        xml = self.driver.host.get_connection().lookupByUUIDString(
            server['id']).XMLDesc(0)
        self.assertIn('CODE.fd</loader>', xml)
        self.assertNotIn("secure='yes'", xml)
        self.admin_api.delete('/servers/%s' % server['id'])
        self.admin_api.wait_for_deleted(server['id'])


class TestLibvirtComputeStart(base.FunctionalTestCase):
    """nova-compute with the libvirt driver refuses to start, in one line,
    when libvirt is unreachable or too old."""

    def setUp(self):
        super().setUp()
        self.host = 'libvirt-bad-%s' % uuid.uuid4().hex[:8]
        self.addCleanup(self._forget_service)
        for group, name, value in (
                (None, 'compute_driver', 'libvirt.LibvirtDriver'),
                ('libvirt', 'connection_uri', 'test:///default'),
                ('libvirt', 'connection_retries', 1),
                ('libvirt', 'connection_retry_interval', 0)):
            CONF.set_override(name, value, group=group)
            self.addCleanup(CONF.clear_override, name, group=group)
        self.log = self.useFixture(fixtures.FakeLogger(
            name='nova_rocky.cmd.common'))

    def _forget_service(self):
        services = self.admin_api.get(
            '/os-services?binary=nova-compute&host=%s' % self.host,
            microversion='2.53')['services']
        for entry in services:
            self.admin_api.delete('/os-services/%s' % entry['id'],
                                  microversion='2.53')

    def _run(self):
        stop = threading.Event()
        stop.set()
        return common.run_service('nova-compute', host=self.host,
                                  stop_event=stop)

    def test_unreachable_libvirt(self):
        CONF.set_override('connection_uri', 'qemu+unix:///system?socket='
                          '/nonexistent/libvirt-sock', group='libvirt')
        self.assertEqual(1, self._run())
        lines = self.log.output.splitlines()
        self.assertEqual(1, len(lines), self.log.output)
        self.assertIn('nova-compute failed to start: Cannot connect to '
                      'libvirt at qemu+unix:///system?socket=/nonexistent/'
                      'libvirt-sock after 2 attempt(s)', lines[0])

    def test_libvirt_below_the_floor(self):
        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.virt.libvirt.driver.MIN_LIBVIRT_VERSION',
            (99, 0, 0)))
        self.assertEqual(1, self._run())
        lines = self.log.output.splitlines()
        self.assertEqual(1, len(lines), self.log.output)
        self.assertIn('nova-compute failed to start: libvirt or QEMU is too '
                      'old: nova-compute needs libvirt >= 99.0.0 and QEMU '
                      '>= 2.8.0', lines[0])
