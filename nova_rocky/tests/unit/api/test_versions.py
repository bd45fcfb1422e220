"""The version documents, checked against tempest's published schemas."""

import copy

import testtools

from nova_rocky.api import validation
from nova_rocky.tests.fixtures import api as api_fixture

# The shape tempest checks (tempest/lib/api_schema/response/compute/v2_1/
# versions.py), restated here.
_LINKS = {'type': 'array', 'items': {
    'type': 'object',
    'properties': {'href': {'type': 'string'}, 'rel': {'type': 'string'},
                   'type': {'type': 'string'}},
    'required': ['href', 'rel'], 'additionalProperties': False}}
_VERSION = {
    'type': 'object',
    'properties': {'id': {'type': 'string'}, 'links': _LINKS,
                   'status': {'type': 'string'},
                   'updated': {'type': 'string'},
                   'version': {'type': 'string'},
                   'min_version': {'type': 'string'},
                   'media-types': {'type': 'array'}},
    'required': ['id', 'links', 'status', 'updated'],
    'additionalProperties': False}
LIST_VERSIONS = {'type': 'object',
                 'properties': {'versions': {'type': 'array',
                                             'items': _VERSION}},
                 'required': ['versions'], 'additionalProperties': False}
ONE_VERSION = {'type': 'object', 'properties': {'version': _VERSION},
               'required': ['version'], 'additionalProperties': False}
_CHOICE = copy.deepcopy(_VERSION)
_CHOICE['required'] = ['id', 'links', 'status', 'media-types']
CHOICES = {'type': 'object',
           'properties': {'choices': {'type': 'array', 'items': _CHOICE}},
           'required': ['choices'], 'additionalProperties': False}


class VersionsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(api_fixture.APIFixture())

    def test_root(self):
        resp = self.api.get('/', user=None)
        self.assertEqual(200, resp.status_int)
        validation.validate_response(LIST_VERSIONS, resp.json)
        v20, v21 = resp.json['versions']
        self.assertEqual(
            {'id': 'v2.0', 'status': 'SUPPORTED', 'version': '',
             'min_version': '', 'updated': '2011-01-21T11:33:21Z',
             'links': [{'rel': 'self', 'href': 'http://localhost/v2/'}]},
            v20)
        self.assertEqual(
            {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.65',
             'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
             'links': [{'rel': 'self', 'href': 'http://localhost/v2.1/'}]},
            v21)
        self.assertNotIn('OpenStack-API-Version', resp.headers)

    def test_v21(self):
        for path in ('/v2.1', '/v2.1/'):
            resp = self.api.get(path, version='2.50')
            self.assertEqual(200, resp.status_int)
            validation.validate_response(ONE_VERSION, resp.json)
            doc = resp.json['version']
            self.assertEqual('v2.1', doc['id'])
            self.assertEqual('http://localhost/v2.1/',
                             doc['links'][0]['href'])
            self.assertEqual('describedby', doc['links'][1]['rel'])
            self.assertEqual(
                [{'base': 'application/json',
                  'type': 'application/vnd.openstack.compute+json;'
                          'version=2.1'}], doc['media-types'])
            # Not microversioned, as upstream.
            self.assertNotIn('OpenStack-API-Version', resp.headers)

    def test_v21_ignores_bad_version_header(self):
        self.assertEqual(200, self.api.get('/v2.1/', version='9.9').status_int)

    def test_v2_legacy(self):
        resp = self.api.get('/v2/')
        validation.validate_response(ONE_VERSION, resp.json)
        self.assertEqual('v2.0', resp.json['version']['id'])
        self.assertEqual('SUPPORTED', resp.json['version']['status'])
        self.assertEqual('http://localhost/v2/',
                         resp.json['version']['links'][0]['href'])

    def test_multiple_choices(self):
        resp = self.api.get('/servers/detail', user=None)
        self.assertEqual(300, resp.status_int)
        validation.validate_response(CHOICES, resp.json)
        hrefs = [c['links'][0]['href'] for c in resp.json['choices']]
        self.assertEqual(['http://localhost/v2/servers/detail',
                          'http://localhost/v2.1/servers/detail'], hrefs)

    def test_root_rejects_post(self):
        resp = self.api.post('/', {}, user=None)
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET', resp.headers['Allow'])

    def test_compute_link_prefix(self):
        self.api.conf.config(group='api',
                             compute_link_prefix='https://cloud.example/c')
        resp = self.api.get('/', user=None)
        self.assertEqual('https://cloud.example/c/v2.1/',
                         resp.json['versions'][1]['links'][0]['href'])
