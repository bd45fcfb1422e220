"""The local image backend: Glance v2 semantics on the API database."""

import hashlib
import os

from nova_rocky import exception
from nova_rocky.image import local
from nova_rocky.tests.unit.image import base

RAW = {'container_format': 'bare', 'disk_format': 'raw'}


class LocalBackendTestCase(base.ImageTestCase):

    def setUp(self):
        super().setUp()
        self.service = local.LocalImageService()

    def _create(self, ctxt, data=None, **values):
        values.setdefault('name', 'img')
        for key, value in RAW.items():
            values.setdefault(key, value)
        return self.service.create(ctxt, values, data=data)


class CreateTest(LocalBackendTestCase):

    def test_defaults_and_shape(self):
        image = self._create(self.alice, tags=['b', 'a'], hw_foo='1')
        self.assertEqual('queued', image['status'])
        self.assertEqual('shared', image['visibility'])
        self.assertEqual('p1', image['owner'])
        self.assertFalse(image['protected'])
        self.assertEqual(0, image['min_ram'])
        self.assertEqual(0, image['min_disk'])
        self.assertIsNone(image['size'])
        self.assertIsNone(image['checksum'])
        self.assertEqual(['a', 'b'], image['tags'])
        # Custom properties are top-level keys, as in Glance v2.
        self.assertEqual('1', image['hw_foo'])
        self.assertRegex(image['created_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual(image, self.service.get(self.alice, image['id']))

    def test_given_id_and_duplicate(self):
        image_id = 'a2459075-d96c-40d5-893e-577ff92e721c'
        image = self._create(self.alice, id=image_id.upper())
        self.assertEqual(image_id, image['id'])
        self.assertRaises(exception.ImageExists, self._create, self.alice,
                          id=image_id)

    def test_read_only_attribute(self):
        self.assertRaises(exception.ImageAttributeReadOnly, self._create,
                          self.alice, status='active')
        self.assertRaises(exception.ImageAttributeReadOnly, self._create,
                          self.alice, checksum='x')

    def test_invalid_values(self):
        for values in ({'disk_format': 'floppy'}, {'min_ram': -1},
                       {'min_disk': 'big'}, {'visibility': 'world'},
                       {'protected': 'yes'}, {'hw_foo': 1},
                       {'tags': 'notalist'}, {'id': 'not-a-uuid'},
                       {'name': 'x' * 256}):
            self.assertRaises(exception.InvalidImageRequest, self._create,
                              self.alice, **values)

    def test_only_admin_publicizes(self):
        self.assertRaises(exception.ImageNotAuthorized, self._create,
                          self.alice, visibility='public')
        image = self._create(self.admin, visibility='public')
        self.assertEqual('public', image['visibility'])
        # community is open to everyone
        self._create(self.alice, visibility='community')

    def test_owner_only_admin(self):
        self.assertRaises(exception.ImageNotAuthorized, self._create,
                          self.alice, owner='p2')
        self.assertEqual('p2', self._create(self.admin, owner='p2')['owner'])

    def test_create_with_data(self):
        image = self._create(self.alice, data=b'x' * 10)
        self.assertEqual('active', image['status'])
        self.assertEqual(10, image['size'])


class VisibilityTest(LocalBackendTestCase):

    def setUp(self):
        super().setUp()
        self.public = self._create(self.admin, name='public',
                                   visibility='public')
        self.community = self._create(self.alice, name='community',
                                      visibility='community')
        self.private = self._create(self.alice, name='private',
                                    visibility='private')
        self.shared = self._create(self.alice, name='shared')
        self.bobs = self._create(self.bob, name='bobs',
                                 visibility='private')

    def _names(self, ctxt, **filters):
        return sorted(i['name'] for i in self.service.get_all(
            ctxt, filters=filters))

    def test_get(self):
        for image in (self.public, self.community):
            self.service.get(self.bob, image['id'])
        for image in (self.private, self.shared):
            self.assertRaises(exception.ImageNotFound, self.service.get,
                              self.bob, image['id'])
            self.service.get(self.alice, image['id'])
            self.service.get(self.admin, image['id'])
        self.assertRaises(exception.ImageNotFound, self.service.get,
                          self.bob, 'not-a-uuid')

    def test_default_list(self):
        self.assertEqual(['bobs', 'public'], self._names(self.bob))
        self.assertEqual(['community', 'private', 'public', 'shared'],
                         self._names(self.alice))
        self.assertEqual(['bobs', 'community', 'private', 'public',
                          'shared'], self._names(self.admin))

    def test_visibility_filter(self):
        self.assertEqual(['community'],
                         self._names(self.bob, visibility='community'))
        self.assertEqual(['bobs', 'community', 'public'],
                         self._names(self.bob, visibility='all'))
        self.assertEqual([], self._names(self.bob, visibility='shared'))
        self.assertEqual(['shared'],
                         self._names(self.alice, visibility='shared'))
        self.assertEqual(['bobs', 'private'],
                         self._names(self.admin, visibility='private'))
        self.assertRaises(exception.InvalidImageRequest, self._names,
                          self.bob, visibility='bogus')

    def test_changes_by_others(self):
        # Visible but not theirs: 403; invisible: 404.
        self.assertRaises(exception.ImageNotAuthorized, self.service.update,
                          self.bob, self.community['id'], {'name': 'x'})
        self.assertRaises(exception.ImageNotAuthorized, self.service.delete,
                          self.bob, self.public['id'])
        self.assertRaises(exception.ImageNotFound, self.service.update,
                          self.bob, self.private['id'], {'name': 'x'})
        self.assertRaises(exception.ImageNotFound, self.service.upload,
                          self.bob, self.private['id'], b'data')
        self.service.update(self.admin, self.private['id'], {'name': 'x'})


class ListTest(LocalBackendTestCase):

    def setUp(self):
        super().setUp()
        self.images = [
            self._create(self.alice, name='img%d' % i, min_ram=i,
                         tags=['even'] if i % 2 == 0 else ['odd'],
                         hw_index=str(i), data=b'x' * i if i else None)
            for i in range(5)]

    def _list(self, **kwargs):
        return self.service.get_all(self.alice, **kwargs)

    def test_filters(self):
        def names(**filters):
            return sorted(i['name'] for i in self._list(filters=filters))
        self.assertEqual(['img3'], names(name='img3'))
        self.assertEqual(['img0'], names(status='queued'))
        self.assertEqual(['img0', 'img2', 'img4'], names(tag=['even']))
        self.assertEqual([], names(tag=['even', 'odd']))
        self.assertEqual(['img2'], names(hw_index='2'))
        self.assertEqual(['img3', 'img4'], names(size_min='3'))
        self.assertEqual(['img1', 'img2'], names(size_min=1, size_max=2))
        self.assertEqual(['img1', 'img4'], names(name='in:img1,img4'))
        self.assertEqual(['img0', 'img1', 'img2', 'img3', 'img4'],
                         names(protected='false'))
        self.assertRaises(exception.InvalidImageRequest, names,
                          size_min='big')

    def test_sort_and_paging(self):
        page = self._list(limit=2, sort_key='name', sort_dir='asc')
        self.assertEqual(['img0', 'img1'], [i['name'] for i in page])
        page = self._list(limit=2, marker=page[-1]['id'], sort_key='name',
                          sort_dir='asc')
        self.assertEqual(['img2', 'img3'], [i['name'] for i in page])
        page = self._list(limit=2, marker=page[-1]['id'], sort_key='name',
                          sort_dir='asc')
        self.assertEqual(['img4'], [i['name'] for i in page])
        desc = self._list(sort_key=['min_ram'], sort_dir=['desc'])
        self.assertEqual([4, 3, 2, 1, 0], [i['min_ram'] for i in desc])

    def test_default_sort_is_newest_first_and_stable(self):
        seen = []
        marker = None
        while True:
            page = self._list(limit=2, marker=marker)
            if not page:
                break
            seen.extend(i['id'] for i in page)
            marker = page[-1]['id']
        self.assertEqual(sorted(i['id'] for i in self.images), sorted(seen))
        self.assertEqual(len(seen), len(set(seen)))

    def test_bad_marker_and_sort(self):
        self.assertRaises(exception.MarkerNotFound, self._list,
                          marker='0b7c0d3c-8a8b-4f7e-9b49-5a1f8f5f0c11')
        hidden = self._create(self.bob, visibility='private')
        self.assertRaises(exception.MarkerNotFound, self._list,
                          marker=hidden['id'])
        self.assertRaises(exception.InvalidImageRequest, self._list,
                          sort_key='bogus')
        self.assertRaises(exception.InvalidImageRequest, self._list,
                          sort_dir='up')


class UpdateDeleteTest(LocalBackendTestCase):

    def test_update_attributes_properties_tags(self):
        image = self._create(self.alice, tags=['a', 'b'], hw_a='1',
                             hw_b='2')
        image = self.service.update(
            self.alice, image['id'],
            {'name': 'new', 'min_disk': 3, 'hw_a': '10', 'hw_c': '3',
             'tags': ['b', 'c']}, remove_props=['hw_b', 'missing'])
        self.assertEqual('new', image['name'])
        self.assertEqual(3, image['min_disk'])
        self.assertEqual('10', image['hw_a'])
        self.assertEqual('3', image['hw_c'])
        self.assertNotIn('hw_b', image)
        self.assertEqual(['b', 'c'], image['tags'])
        self.assertEqual(image, self.service.get(self.alice, image['id']))

    def test_update_rules(self):
        image = self._create(self.alice, data=b'abc')
        self.assertRaises(exception.ImageAttributeReadOnly,
                          self.service.update, self.alice, image['id'],
                          {'disk_format': 'qcow2'})
        self.assertRaises(exception.ImageAttributeReadOnly,
                          self.service.update, self.alice, image['id'],
                          {'size': 1})
        self.assertRaises(exception.ImageAttributeReadOnly,
                          self.service.update, self.alice, image['id'],
                          {}, remove_props=['name'])
        self.assertRaises(exception.ImageNotAuthorized,
                          self.service.update, self.alice, image['id'],
                          {'visibility': 'public'})

    def test_delete_protected(self):
        image = self._create(self.alice, protected=True, data=b'abc')
        path = os.path.join(self.image_dir, image['id'])
        self.assertTrue(os.path.exists(path))
        self.assertRaises(exception.ImageProtected, self.service.delete,
                          self.alice, image['id'])
        self.service.update(self.alice, image['id'], {'protected': False})
        self.service.delete(self.alice, image['id'])
        self.assertRaises(exception.ImageNotFound, self.service.get,
                          self.alice, image['id'])
        self.assertFalse(os.path.exists(path))


class DataTest(LocalBackendTestCase):

    def test_upload_download(self):
        image = self._create(self.alice)
        chunks = [b'a' * 70000, b'b' * 10, b'c' * 5]
        data = b''.join(chunks)
        image = self.service.upload(self.alice, image['id'], iter(chunks))
        self.assertEqual('active', image['status'])
        self.assertEqual(len(data), image['size'])
        self.assertEqual(hashlib.md5(data).hexdigest(), image['checksum'])
        self.assertEqual('sha512', image['os_hash_algo'])
        self.assertEqual(hashlib.sha512(data).hexdigest(),
                         image['os_hash_value'])
        self.assertEqual(data, b''.join(
            self.service.download(self.alice,
                                  image['id'])))
        self.assertRaises(exception.ImageStatusConflict, self.service.upload,
                          self.alice, image['id'], b'again')

    def test_download_without_data(self):
        image = self._create(self.alice)
        self.assertRaises(exception.ImageUnacceptable, self.service.download,
                          self.alice, image['id'])

    def test_upload_needs_formats(self):
        image = self.service.create(self.alice, {'name': 'bare'})
        self.assertRaises(exception.InvalidImageRequest, self.service.upload,
                          self.alice, image['id'], b'x')

    def test_failed_upload_requeues(self):
        image = self._create(self.alice)

        def broken():
            yield b'partial'
            raise IOError('client went away')

        self.assertRaises(IOError, self.service.upload, self.alice,
                          image['id'], broken())
        self.assertEqual('queued',
                         self.service.get(self.alice, image['id'])['status'])
        self.assertEqual([], os.listdir(self.image_dir))
        image = self.service.upload(self.alice, image['id'], b'ok')
        self.assertEqual(2, image['size'])
