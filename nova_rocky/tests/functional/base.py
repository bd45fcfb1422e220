"""Base class of functional tests: a user of the in-process cloud."""

import uuid

import requests
import testtools

from nova_rocky.tests.fixtures import cloud as cloud_fixture
from nova_rocky.tests.fixtures import rest


class FunctionalTestCase(testtools.TestCase):
    """Each test acts as its own project, plus an admin client."""

    def setUp(self):
        super().setUp()
        self.cloud = cloud_fixture.get_cloud()
        self.project_id = uuid.uuid4().hex
        self.api = rest.ComputeClient(self.cloud.url + '/v2.1',
                                      user='demo', project=self.project_id)
        self.admin_api = rest.ComputeClient(self.cloud.url + '/v2.1',
                                            user='admin',
                                            project=self.project_id)

    def unique_name(self, prefix='test'):
        return '%s-%s' % (prefix, uuid.uuid4().hex[:8])

    def placement_get(self, path):
        resp = requests.get(self.cloud.url + '/placement' + path,
                            headers={'X-Auth-Token': 'admin',
                                     'OpenStack-API-Version':
                                         'placement 1.28'},
                            timeout=30)
        resp.raise_for_status()
        return resp.json()

    def allocations(self, consumer_uuid):
        return self.placement_get('/allocations/%s' % consumer_uuid)[
            'allocations']

    def demo_image_id(self):
        images = self.api.get('/images')['images']
        self.assertTrue(images, 'the demo image should be registered')
        return images[0]['id']
