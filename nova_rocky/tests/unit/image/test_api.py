"""image.API backend selection and the demo image seed."""

from nova_rocky import exception
from nova_rocky import image
from nova_rocky.image import local
from nova_rocky.image import seed
from nova_rocky.tests.unit.image import base


class APITest(base.ImageTestCase):

    def test_local_backend(self):
        api = image.API()
        self.assertIsInstance(api.backend, local.LocalImageService)
        created = api.create(self.alice, {'name': 'x'})
        self.assertEqual(created, api.get(self.alice, created['id']))
        self.assertEqual([created['id']],
                         [i['id'] for i in api.get_all(self.alice)])

    def test_explicit_backend(self):
        backend = local.LocalImageService()
        self.assertIs(backend, image.API(backend).backend)
        self.assertIsInstance(image.API('local').backend,
                              local.LocalImageService)


class SeedTest(base.ImageTestCase):

    def test_demo_image_once(self):
        api = image.API()
        first = seed.ensure_demo_image(self.admin, api)
        again = seed.ensure_demo_image(self.admin, api)
        self.assertEqual(first, again)
        self.assertEqual(seed.DEMO_IMAGE_ID, first['id'])
        self.assertEqual('cirros-0.6.2-x86_64-disk', first['name'])
        self.assertEqual(('active', 'public', 'qcow2', 'bare', 1),
                         (first['status'], first['visibility'],
                          first['disk_format'], first['container_format'],
                          first['min_disk']))
        self.assertEqual('x86_64', first['hw_architecture'])
        self.assertEqual(4096, first['size'])
        self.assertEqual(1, len(api.get_all(self.admin)))
        # Everyone sees it, and its data downloads.
        self.assertEqual(seed.demo_image_data(), b''.join(
            api.download(self.alice, seed.DEMO_IMAGE_ID)))

    def test_completes_a_queued_demo_image(self):
        api = image.API()
        values = dict(seed.DEMO_IMAGE)
        api.create(self.admin, values)
        image_doc = seed.ensure_demo_image(self.admin, api)
        self.assertEqual('active', image_doc['status'])

    def test_needs_admin_to_publish(self):
        self.assertRaises(exception.ImageNotAuthorized,
                          seed.ensure_demo_image, self.alice, image.API())


class ImageMetaTest(base.ImageTestCase):
    """The documents image.API returns feed the ImageMeta object."""

    def test_from_image_ref(self):
        from nova_rocky.objects import image_meta
        api = image.API()
        seed.ensure_demo_image(self.admin, api)
        meta = image_meta.ImageMeta.from_image_ref(self.alice, api,
                                                   seed.DEMO_IMAGE_ID)
        self.assertEqual(seed.DEMO_IMAGE_NAME, meta.name)
        self.assertEqual(1, meta.min_disk)
        self.assertEqual('x86_64', meta.properties.hw_architecture)
        self.assertIsNotNone(meta.created_at)
