"""ImageMeta and ImageMetaProps (no database)."""

import testtools

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers  # noqa: F401 (registers)

IMAGE_ID = '8a6a5a2e-2f0e-4f36-9a5e-0f1f3f2b1c11'


class FakeImageAPI(object):
    def __init__(self, image):
        self.image = image

    def get(self, context, image_id):
        assert image_id == self.image['id']
        return self.image


class ImageMetaTestCase(testtools.TestCase):

    def test_from_glance_v2_dict(self):
        image = {'id': IMAGE_ID, 'name': 'cirros', 'status': 'active',
                 'visibility': 'public', 'protected': False, 'size': 1024,
                 'virtual_size': None, 'checksum': None,
                 'disk_format': 'qcow2', 'container_format': 'bare',
                 'min_ram': 0, 'min_disk': 1, 'tags': ['a'],
                 'created_at': '2018-08-01T10:00:00Z', 'file': '/v2/x',
                 'architecture': 'x86_64', 'hw_disk_bus': 'scsi',
                 'hw_firmware_type': 'uefi', 'os_secure_boot': 'required',
                 'hypervisor_type': 'qemu', 'vm_mode': 'hvm',
                 'hw_qemu_guest_agent': 'yes', 'trait:CUSTOM_A': 'required',
                 'trait:CUSTOM_B': 'forbidden', 'unknown_prop': 'ignored'}
        meta = objects.ImageMeta.from_image_ref(None, FakeImageAPI(image),
                                                IMAGE_ID)
        self.assertEqual('cirros', meta.name)
        self.assertEqual(1, meta.min_disk)
        self.assertEqual(2018, meta.created_at.year)
        props = meta.properties
        self.assertEqual('x86_64', props.hw_architecture)
        self.assertEqual('qemu', props.img_hv_type)
        self.assertEqual('hvm', props.hw_vm_mode)
        self.assertEqual('scsi', props.hw_disk_bus)
        self.assertEqual('uefi', props.hw_firmware_type)
        self.assertEqual('required', props.os_secure_boot)
        self.assertTrue(props.hw_qemu_guest_agent)
        self.assertEqual(['CUSTOM_A'], props.traits_required)
        self.assertEqual('virtio', props.get('hw_vif_model', 'virtio'))
        self.assertEqual({'trait:CUSTOM_A': 'required'},
                         {k: v for k, v in props.to_dict().items()
                          if k.startswith('trait:')})

    def test_legacy_properties_dict(self):
        meta = objects.ImageMeta.from_dict({
            'id': IMAGE_ID, 'min_ram': None,
            'properties': {'architecture': 'amd64',
                           'hw_architecture': 'aarch64'}})
        self.assertEqual(0, meta.min_ram)
        # The current name wins over the legacy one.
        self.assertEqual('aarch64', meta.properties.hw_architecture)

    def test_invalid_enum_value(self):
        for key, value in (('hw_vm_mode', 'bogus'),
                           ('hw_firmware_type', 'coreboot'),
                           ('os_secure_boot', 'maybe'),
                           ('img_hv_type', 'vbox'),
                           ('architecture', 'z80')):
            exc = self.assertRaises(exception.ImageMetaPropsInvalid,
                                    objects.ImageMeta.from_dict,
                                    {'id': IMAGE_ID, key: value})
            self.assertEqual(400, exc.code)

    def test_from_instance_system_metadata(self):
        instance = objects.Instance(
            image_ref=IMAGE_ID,
            system_metadata={'image_min_ram': '512', 'image_hw_disk_bus':
                             'ide', 'image_disk_format': 'raw',
                             'other': 'x'})
        meta = objects.ImageMeta.from_instance(instance)
        self.assertEqual(IMAGE_ID, meta.id)
        self.assertEqual(512, meta.min_ram)
        self.assertEqual('raw', meta.disk_format)
        self.assertEqual('ide', meta.properties.hw_disk_bus)
