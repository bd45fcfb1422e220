"""The glance backend (glanceclient v2 on a keystoneauth session),
exercised against the Glance v2 subset served on 127.0.0.1."""

import hashlib
import socket

from nova_rocky import exception
from nova_rocky.image import api as image_api
from nova_rocky.image import glance
from nova_rocky.image import wsgi
from nova_rocky.tests.unit.image import base


class GlanceBackendTest(base.ImageTestCase):

    def setUp(self):
        super().setUp()
        server = self.useFixture(base.WSGIServerFixture(
            wsgi.make_noauth_app(), prefix='/image'))
        self.conf.config(group='glance', backend='glance',
                         endpoint_override=server.url)
        self.api = image_api.API()

    def test_backend_chosen_by_option(self):
        self.assertIsInstance(self.api.backend, glance.GlanceImageService)

    def test_round_trip(self):
        image = self.api.create(self.alice, {
            'name': 'g', 'disk_format': 'raw', 'container_format': 'bare',
            'hw_machine_type': 'q35', 'tags': ['t']}, data=iter([b'ab', b'c']))
        self.assertEqual('active', image['status'])
        self.assertEqual(3, image['size'])
        self.assertEqual(hashlib.md5(b'abc').hexdigest(), image['checksum'])
        self.assertEqual('q35', image['hw_machine_type'])
        self.assertEqual(['t'], image['tags'])
        for key in ('self', 'file', 'schema'):
            self.assertNotIn(key, image)
        self.assertEqual(image, self.api.get(self.alice, image['id']))
        self.assertEqual(b'abc',
                         b''.join(self.api.download(self.alice, image['id'])))

        image = self.api.update(self.alice, image['id'], {'name': 'h'},
                                remove_props=['hw_machine_type'])
        self.assertEqual('h', image['name'])
        self.assertNotIn('hw_machine_type', image)
        listed = self.api.get_all(self.alice, filters={'name': 'h'})
        self.assertEqual([image['id']], [i['id'] for i in listed])

        self.api.delete(self.alice, image['id'])
        self.assertRaises(exception.ImageNotFound, self.api.get, self.alice,
                          image['id'])

    def test_error_translation(self):
        image = self.api.create(self.alice, {'name': 'p', 'protected': True,
                                             'visibility': 'community'})
        self.assertRaises(exception.ImageNotFound, self.api.get, self.bob,
                          '0b7c0d3c-8a8b-4f7e-9b49-5a1f8f5f0c11')
        self.assertRaises(exception.ImageNotAuthorized, self.api.delete,
                          self.alice, image['id'])
        self.assertRaises(exception.ImageNotAuthorized, self.api.update,
                          self.bob, image['id'], {'name': 'mine'})
        self.assertRaises(exception.ImageUnacceptable, self.api.download,
                          self.alice, image['id'])
        self.assertRaises(exception.ImageExists, self.api.create,
                          self.alice, {'id': image['id']})
        self.assertRaises(exception.ImageBadRequest, self.api.get_all,
                          self.alice, marker='not-there')

    def test_unreachable_glance(self):
        sock = socket.socket()
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
        sock.close()
        self.conf.config(group='glance',
                         endpoint_override='http://127.0.0.1:%d' % port)
        self.assertRaises(exception.ImageServiceUnavailable, self.api.get,
                          self.alice, '0b7c0d3c-8a8b-4f7e-9b49-5a1f8f5f0c11')

    def test_token_auth_from_context(self):
        auth = glance._auth(self.alice)
        self.assertEqual('alice:p1', auth.get_token(None))
        catalog = [{'type': 'image', 'endpoints': [
            {'interface': 'public', 'url': 'http://glance:9292'}]}]
        self.conf.config(group='glance', endpoint_override=None)
        self.alice.service_catalog = catalog
        self.assertEqual('http://glance:9292',
                         glance._catalog_endpoint(self.alice))
