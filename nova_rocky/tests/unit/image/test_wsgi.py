"""The Glance v2 subset, driven by the real python-glanceclient v2.

The app is served by a real wsgiref server on 127.0.0.1 (mounted under
``/image`` as nova-all mounts it), so these tests prove that unmodified
clients work: the image schema they build their model from, JSON-patch
updates, chunked uploads, checksum-verified downloads, pagination through
``next`` links and error translation.
"""

import hashlib
import io
import threading

from cheroot import wsgi as cheroot_wsgi
import glanceclient
from glanceclient import exc as glance_exc
import requests

from nova_rocky.image import wsgi
from nova_rocky.tests.unit.image import base


class GlanceClientTestCase(base.ImageTestCase):

    def setUp(self):
        super().setUp()
        self.server = self.useFixture(base.WSGIServerFixture(
            wsgi.make_noauth_app(self.conf.conf), prefix='/image'))
        self.url = self.server.url
        self.alice_client = self.client('alice:p1')
        self.bob_client = self.client('bob:p2')
        self.admin_client = self.client('admin:admin')

    def client(self, token):
        return glanceclient.Client('2', endpoint=self.url, token=token)

    def create(self, client=None, **kwargs):
        kwargs.setdefault('name', 'img')
        kwargs.setdefault('disk_format', 'qcow2')
        kwargs.setdefault('container_format', 'bare')
        return (client or self.alice_client).images.create(**kwargs)


class ImageLifecycleTest(GlanceClientTestCase):

    def test_create_show_update_upload_download_delete(self):
        gc = self.alice_client
        image = self.create(tags=['demo'], hw_architecture='x86_64',
                            min_disk=1)
        self.assertEqual('queued', image.status)
        self.assertEqual('p1', image.owner)
        self.assertEqual(['demo'], image.tags)
        self.assertEqual('x86_64', image.hw_architecture)

        shown = gc.images.get(image.id)
        self.assertEqual(image.id, shown.id)
        self.assertEqual('/v2/images/%s/file' % image.id, shown.file)

        updated = gc.images.update(image.id, name='renamed', min_ram=64,
                                   hw_disk_bus='virtio',
                                   remove_props=['hw_architecture'])
        self.assertEqual('renamed', updated.name)
        self.assertEqual(64, updated.min_ram)
        self.assertEqual('virtio', updated.hw_disk_bus)
        self.assertNotIn('hw_architecture', updated)

        data = b'0123456789' * 20000
        gc.images.upload(image.id, io.BytesIO(data))
        active = gc.images.get(image.id)
        self.assertEqual('active', active.status)
        self.assertEqual(len(data), active.size)
        self.assertEqual(hashlib.md5(data).hexdigest(), active.checksum)
        self.assertEqual(hashlib.sha512(data).hexdigest(),
                         active.os_hash_value)
        # data() verifies os_hash_value while streaming.
        self.assertEqual(data, b''.join(gc.images.data(image.id)))

        gc.images.delete(image.id)
        self.assertRaises(glance_exc.HTTPNotFound, gc.images.get, image.id)

    def test_protected_image_cannot_be_deleted(self):
        image = self.create(protected=True)
        exc = self.assertRaises(glance_exc.HTTPForbidden,
                                self.alice_client.images.delete, image.id)
        self.assertIn('protected', str(exc))
        self.alice_client.images.update(image.id, protected=False)
        self.alice_client.images.delete(image.id)

    def test_download_without_data_is_none(self):
        image = self.create()
        self.assertIsNone(
            self.alice_client.images.data(image.id).__wrapped__)

    def test_visibility_between_projects(self):
        private = self.create(visibility='private')
        self.assertRaises(glance_exc.HTTPNotFound,
                          self.bob_client.images.get, private.id)
        community = self.create(visibility='community')
        self.bob_client.images.get(community.id)
        self.assertRaises(glance_exc.HTTPForbidden,
                          self.bob_client.images.update, community.id,
                          name='mine')
        self.assertRaises(glance_exc.HTTPForbidden, self.create,
                          visibility='public')
        public = self.create(self.admin_client, visibility='public')
        self.assertEqual(
            [public.id], [i.id for i in self.bob_client.images.list()])

    def test_tags(self):
        image = self.create()
        self.alice_client.image_tags.update(image.id, 'b')
        self.alice_client.image_tags.update(image.id, 'a')
        self.assertEqual(['a', 'b'],
                         self.alice_client.images.get(image.id).tags)
        self.alice_client.image_tags.delete(image.id, 'a')
        self.assertEqual(['b'], self.alice_client.images.get(image.id).tags)


class ListTest(GlanceClientTestCase):

    def setUp(self):
        super().setUp()
        self.ids = [self.create(name='img%d' % i, min_ram=i,
                                hw_parity=str(i % 2)).id
                    for i in range(7)]

    def test_pages_follow_next_links(self):
        images = list(self.alice_client.images.list(page_size=2))
        self.assertEqual(sorted(self.ids), sorted(i.id for i in images))

    def test_limit_sort_and_filters(self):
        images = list(self.alice_client.images.list(
            limit=3, sort_key='name', sort_dir='asc'))
        self.assertEqual(['img0', 'img1', 'img2'], [i.name for i in images])
        images = list(self.alice_client.images.list(sort='name:desc'))
        self.assertEqual(list(range(6, -1, -1)), [i.min_ram for i in images])
        raw = requests.get(self.url + '/v2/images?sort_key=min_ram'
                           '&sort_dir=asc',
                           headers={'X-Auth-Token': 'alice:p1'}).json()
        self.assertEqual(list(range(7)),
                         [i['min_ram'] for i in raw['images']])
        images = list(self.alice_client.images.list(
            filters={'hw_parity': '1'}))
        self.assertEqual(3, len(images))
        images = list(self.alice_client.images.list(
            filters={'name': 'img4'}))
        self.assertEqual(['img4'], [i.name for i in images])

    def test_raw_list_document(self):
        resp = requests.get(self.url + '/v2/images?limit=3&sort_key=name'
                            '&sort_dir=asc',
                            headers={'X-Auth-Token': 'alice:p1'})
        self.assertEqual(200, resp.status_code)
        body = resp.json()
        self.assertEqual('/v2/schemas/images', body['schema'])
        self.assertEqual('/v2/images?limit=3&sort_key=name&sort_dir=asc',
                         body['first'])
        self.assertEqual(3, len(body['images']))
        self.assertIn('marker=%s' % body['images'][-1]['id'], body['next'])
        self.assertTrue(body['next'].startswith('/v2/images?'))
        last = requests.get(self.url + body['next'] + '&limit=10',
                            headers={'X-Auth-Token': 'alice:p1'}).json()
        self.assertNotIn('next', last)


class RawHTTPTest(GlanceClientTestCase):
    """What the client does not show: status codes, headers, bodies."""

    def _req(self, method, path, token='alice:p1', **kwargs):
        headers = kwargs.pop('headers', {})
        if token:
            headers['X-Auth-Token'] = token
        return requests.request(method, self.url + path, headers=headers,
                                **kwargs)

    def test_versions(self):
        resp = self._req('GET', '/', token=None)
        self.assertEqual(300, resp.status_code)
        versions = resp.json()['versions']
        self.assertEqual('CURRENT', versions[0]['status'])
        self.assertEqual(self.url + '/v2/', versions[0]['links'][0]['href'])
        self.assertEqual(200, self._req('GET', '/versions').status_code)
        self.assertEqual(
            versions, [dict(v) for v in self.alice_client.versions.list()])

    def test_errors_are_glance_json(self):
        resp = self._req('GET', '/v2/images/%s' % self.create().id,
                         token=None)
        self.assertEqual(401, resp.status_code)
        resp = self._req('GET', '/v2/images/nope')
        self.assertEqual(404, resp.status_code)
        error = resp.json()['error']
        self.assertEqual(404, error['code'])
        self.assertEqual('Not Found', error['title'])
        self.assertIn('nope', error['message'])
        self.assertEqual(404, self._req('GET', '/v2/nothing').status_code)
        resp = self._req('PUT', '/v2/images')
        self.assertEqual(405, resp.status_code)
        self.assertEqual('GET, POST', resp.headers['Allow'])

    def test_create_and_patch_rules(self):
        resp = self._req('POST', '/v2/images', json={'name': 'x',
                                                     'status': 'active'})
        self.assertEqual(403, resp.status_code)
        resp = self._req('POST', '/v2/images', json={'name': 'x',
                                                     'hw_num': 3})
        self.assertEqual(400, resp.status_code)
        resp = self._req('POST', '/v2/images', data='{not json')
        self.assertEqual(400, resp.status_code)
        resp = self._req('POST', '/v2/images', json={'name': 'x',
                                                     'hw_a': '1'})
        self.assertEqual(201, resp.status_code)
        image_id = resp.json()['id']
        self.assertTrue(resp.headers['Location'].endswith(image_id))
        path = '/v2/images/%s' % image_id

        def patch(ops, content_type=wsgi.v2.PATCH_TYPE):
            return self._req('PATCH', path, json=ops,
                             headers={'Content-Type': content_type})

        self.assertEqual(415, patch([], 'application/json').status_code)
        self.assertEqual(409, patch([{'op': 'remove',
                                      'path': '/hw_zz'}]).status_code)
        self.assertEqual(409, patch([{'op': 'replace', 'path': '/hw_zz',
                                      'value': '1'}]).status_code)
        self.assertEqual(403, patch([{'op': 'remove',
                                      'path': '/name'}]).status_code)
        self.assertEqual(403, patch([{'op': 'replace', 'path': '/status',
                                      'value': 'active'}]).status_code)
        self.assertEqual(400, patch([{'op': 'move', 'path': '/hw_a',
                                      'from': '/name'}]).status_code)
        resp = patch([{'op': 'add', 'path': '/hw~1slash', 'value': 's'},
                      {'op': 'replace', 'path': '/hw_a', 'value': '2'},
                      {'op': 'add', 'path': '/min_disk', 'value': 5}])
        self.assertEqual(200, resp.status_code)
        body = resp.json()
        self.assertEqual(('s', '2', 5),
                         (body['hw/slash'], body['hw_a'], body['min_disk']))

    def test_upload_with_content_length_and_download_headers(self):
        image = self.create()
        path = '/v2/images/%s/file' % image.id
        self.assertEqual(204, self._req('GET', path).status_code)
        resp = self._req('PUT', path, data=b'raw-bytes',
                         headers={'Content-Type': 'text/plain'})
        self.assertEqual(415, resp.status_code)
        resp = self._req(
            'PUT', path, data=b'raw-bytes',
            headers={'Content-Type': 'application/octet-stream'})
        self.assertEqual(204, resp.status_code)
        resp = self._req(
            'PUT', path, data=b'again',
            headers={'Content-Type': 'application/octet-stream'})
        self.assertEqual(409, resp.status_code)
        resp = self._req('GET', path)
        self.assertEqual(b'raw-bytes', resp.content)
        self.assertEqual('application/octet-stream',
                         resp.headers['Content-Type'])
        self.assertEqual(hashlib.md5(b'raw-bytes').hexdigest(),
                         resp.headers['Content-MD5'])

    def test_schemas(self):
        schema = self._req('GET', '/v2/schemas/image').json()
        self.assertEqual('image', schema['name'])
        self.assertEqual({'type': 'string'}, schema['additionalProperties'])
        self.assertEqual('images',
                         self._req('GET', '/v2/schemas/images').json()['name'])


class CherootServerTest(base.ImageTestCase):
    """nova-all serves with cheroot, which decodes chunked bodies itself."""

    def test_chunked_upload(self):
        server = cheroot_wsgi.Server(('127.0.0.1', 0),
                                     wsgi.make_noauth_app(), numthreads=2)
        server.prepare()
        thread = threading.Thread(target=server.serve, daemon=True)
        thread.start()
        self.addCleanup(server.stop)
        url = 'http://127.0.0.1:%d' % server.bind_addr[1]
        gc = glanceclient.Client('2', endpoint=url, token='alice:p1')
        image = gc.images.create(name='c', disk_format='raw',
                                 container_format='bare')
        data = b'chunk' * 50000
        gc.images.upload(image.id, io.BytesIO(data))
        self.assertEqual(len(data), gc.images.get(image.id).size)
        self.assertEqual(data, b''.join(gc.images.data(image.id)))
