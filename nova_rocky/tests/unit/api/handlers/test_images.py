"""The deprecated /images proxy over the local image catalog."""

import testtools
from tempest.lib.api_schema.response.compute.v2_1 import images as schemas
from tempest.lib.common import jsonschema_validator

from nova_rocky.tests.unit.api.handlers import fakes


class ImagesProxyTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(fakes.ServersEnv(conductor=False))
        self.api = self.env.api

    def check(self, resp, schema):
        self.assertEqual(200, resp.status_int, resp.body)
        jsonschema_validator.JSONSCHEMA_VALIDATOR(
            schema['response_body'],
            format_checker=jsonschema_validator.FORMAT_CHECKER).validate(
                resp.json)
        return resp.json

    def test_show(self):
        image = self.env.make_image(
            'snap', min_ram=128, instance_uuid=fakes.OTHER_PROJECT[:8] +
            '-0000-4000-8000-000000000000', auto_disk_config='true',
            os_distro='cirros')
        body = self.check(self.api.get('/v2.1/images/%s' % image['id']),
                          schemas.get_image)['image']
        self.assertEqual('ACTIVE', body['status'])
        self.assertEqual(100, body['progress'])
        self.assertEqual(128, body['minRam'])
        self.assertEqual(0, body['minDisk'])
        self.assertEqual(1024, body['OS-EXT-IMG-SIZE:size'])
        self.assertEqual('AUTO', body['OS-DCF:diskConfig'])
        self.assertEqual('cirros', body['metadata']['os_distro'])
        self.assertNotIn('disk_format', body['metadata'])
        self.assertIn('server', body)
        self.assertEqual(['self', 'bookmark', 'alternate'],
                         [link['rel'] for link in body['links']])

    def test_queued_image_is_saving(self):
        image = self.env.images.create(self.env.ctxt, {
            'name': 'q', 'container_format': 'bare', 'disk_format': 'raw',
            'visibility': 'public'})
        body = self.check(self.api.get('/v2.1/images/%s' % image['id']),
                          schemas.get_image)['image']
        self.assertEqual('SAVING', body['status'])
        self.assertEqual(25, body['progress'])

    def test_list_and_detail(self):
        self.env.make_image('second')
        body = self.check(self.api.get('/v2.1/images'), schemas.list_images)
        self.assertEqual({'cirros', 'second'},
                         {i['name'] for i in body['images']})
        body = self.check(self.api.get('/v2.1/images/detail?name=second'),
                          schemas.list_images_details)
        self.assertEqual(['second'], [i['name'] for i in body['images']])
        body = self.check(self.api.get('/v2.1/images/detail?limit=1'),
                          schemas.list_images_details)
        self.assertEqual(1, len(body['images']))
        self.assertIn('images_links', body)
        body = self.check(self.api.get('/v2.1/images?minRam=1'),
                          schemas.list_images)
        self.assertEqual([], body['images'])

    def test_not_found(self):
        resp = self.api.get('/v2.1/images/155d900f-4e14-4e4c-a73d-'
                            '069cbf4541e6')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('Image not found.',
                         resp.json['itemNotFound']['message'])

    def test_gone_from_2_36(self):
        for path in ('/v2.1/images', '/v2.1/images/detail',
                     '/v2.1/images/%s' % self.env.image['id']):
            self.assertEqual(200, self.api.get(path,
                                               version='2.35').status_int)
            self.assertEqual(404, self.api.get(path,
                                               version='2.36').status_int)
        resp = self.api.delete('/v2.1/images/%s' % self.env.image['id'],
                               version='2.36')
        self.assertEqual(404, resp.status_int)

    def test_delete(self):
        image = self.env.make_image('mine', visibility='private')
        resp = self.api.delete('/v2.1/images/%s' % image['id'], user='admin')
        self.assertEqual(204, resp.status_int)
        self.assertEqual(404, self.api.get(
            '/v2.1/images/%s' % image['id']).status_int)

    def test_delete_not_allowed(self):
        resp = self.api.delete('/v2.1/images/%s' % self.env.image['id'],
                               project=fakes.OTHER_PROJECT)
        self.assertEqual(403, resp.status_int)
        self.assertEqual("You are not allowed to delete the image.",
                         resp.json["forbidden"]["message"])
