"""Microversion negotiation, headers, dispatch and project extensions."""

import os
import re

import fixtures
import testtools
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.tests.fixtures import api as api_fixture


def echo_version(req):
    return common.json_response(req, {
        'version': str(req.api_version),
        'at_least_2_61': microversion.is_at_least(req, '2.61'),
        'tuple_compare': req.api_version >= (2, 61)})


@microversion.version_handler('2.1', '2.9')
def versioned(req):
    return common.json_response(req, {'variant': 'old'})


@microversion.version_handler('2.20')  # noqa: F811
def versioned(req):  # noqa: F811
    return common.json_response(req, {'variant': 'new'})


def uses_extension(req):
    return common.json_response(
        req, {'demo': microversion.extension_enabled(req, 'demo')})


ROUTES = {'/echo': {'GET': echo_version},
          '/versioned': {'GET': versioned},
          '/extension': {'GET': uses_extension}}


class VersionListTest(testtools.TestCase):

    def test_range_is_rocky(self):
        self.assertEqual('2.1', microversion.VERSIONS[0])
        self.assertEqual('2.65', microversion.VERSIONS[-1])
        expected = ['2.%d' % minor for minor in range(1, 66)]
        self.assertEqual(expected, microversion.VERSIONS)

    def test_history_has_a_heading_per_version(self):
        path = os.path.join(os.path.dirname(microversion.__file__),
                            'rest_api_version_history.rst')
        with open(path) as history:
            text = history.read()
        headings = re.findall(r'^(2\.\d+)\n-+$', text, re.MULTILINE)
        self.assertEqual(microversion.VERSIONS, headings)
        self.assertIn('Project extensions\n====', text)

    def test_parse_version_rejects_bad_grammar(self):
        for text in ('2', '2.01', '2.1.1', 'x.y', '', None, '02.1'):
            self.assertRaises(ValueError, microversion.parse_version, text)
        self.assertEqual((2, 10), microversion.parse_version('2.10'))


class NegotiationTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = self.useFixture(api_fixture.APIFixture(routes=ROUTES))

    def test_default_is_minimum(self):
        resp = self.api.get('/v2.1/echo')
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.1', resp.json['version'])
        self.assertEqual('compute 2.1', resp.headers['OpenStack-API-Version'])
        self.assertEqual('2.1', resp.headers['X-OpenStack-Nova-API-Version'])

    def test_latest(self):
        resp = self.api.get('/v2.1/echo', version='latest')
        self.assertEqual('2.65', resp.json['version'])
        self.assertTrue(resp.json['at_least_2_61'])
        self.assertTrue(resp.json['tuple_compare'])

    def test_standard_header(self):
        resp = self.api.get('/v2.1/echo', version='2.60')
        self.assertEqual('2.60', resp.json['version'])
        self.assertFalse(resp.json['at_least_2_61'])
        self.assertEqual('compute 2.60',
                         resp.headers['OpenStack-API-Version'])

    def test_legacy_header(self):
        resp = self.api.get('/v2.1/echo', headers={
            'X-OpenStack-Nova-API-Version': '2.27'})
        self.assertEqual('2.27', resp.json['version'])
        self.assertEqual('2.27', resp.headers['X-OpenStack-Nova-API-Version'])

    def test_standard_header_wins_over_legacy(self):
        resp = self.api.get('/v2.1/echo', version='2.30', headers={
            'X-OpenStack-Nova-API-Version': '2.27'})
        self.assertEqual('2.30', resp.json['version'])

    def test_other_service_header_ignored(self):
        resp = self.api.get('/v2.1/echo', headers={
            'OpenStack-API-Version': 'placement 1.30'})
        self.assertEqual('2.1', resp.json['version'])

    def test_vary(self):
        resp = self.api.get('/v2.1/echo', version='2.5')
        self.assertEqual('OpenStack-API-Version, X-OpenStack-Nova-API-Version',
                         resp.headers['Vary'])

    def test_headers_on_errors_too(self):
        resp = self.api.get('/v2.1/nowhere', version='2.40')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('compute 2.40',
                         resp.headers['OpenStack-API-Version'])

    def test_out_of_range_is_406(self):
        for version in ('2.66', '3.0', '1.1', '2.0'):
            resp = self.api.get('/v2.1/echo', version=version)
            self.assertEqual(406, resp.status_int, version)
            self.assertEqual(
                {'computeFault': {
                    'code': 406,
                    'message': 'Version %s is not supported by the API. '
                               'Minimum is 2.1 and maximum is 2.65.'
                               % version}},
                resp.json)
            self.assertNotIn('OpenStack-API-Version', resp.headers)

    def test_malformed_is_400(self):
        resp = self.api.get('/v2.1/echo', version='2.a')
        self.assertEqual(400, resp.status_int)
        self.assertIn('API Version String 2.a is of invalid format',
                      resp.json['badRequest']['message'])

    def test_legacy_v2_endpoint_ignores_headers(self):
        resp = self.api.get('/v2/echo', version='2.65')
        self.assertEqual('2.1', resp.json['version'])
        self.assertNotIn('OpenStack-API-Version', resp.headers)
        self.assertNotIn('Vary', resp.headers)

    def test_version_handler_dispatch(self):
        self.assertEqual('old', self.api.get(
            '/v2.1/versioned', version='2.9').json['variant'])
        self.assertEqual('new', self.api.get(
            '/v2.1/versioned', version='2.65').json['variant'])
        resp = self.api.get('/v2.1/versioned', version='2.15')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('API version 2.15 is not supported on this method.',
                         resp.json['itemNotFound']['message'])


class ExtensionTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatchObject(
            microversion, 'EXTENSIONS', {'demo': 'A demonstration.'}))
        self.api = self.useFixture(api_fixture.APIFixture(routes=ROUTES))

    def test_not_requested(self):
        resp = self.api.get('/v2.1/extension')
        self.assertFalse(resp.json['demo'])
        self.assertNotIn(microversion.EXTENSIONS_HEADER, resp.headers)

    def test_requested(self):
        resp = self.api.get('/v2.1/extension', headers={
            'X-Nova-Rocky-Extensions': ' Demo '})
        self.assertTrue(resp.json['demo'])
        self.assertEqual('demo', resp.headers['X-Nova-Rocky-Extensions'])
        self.assertIn('X-Nova-Rocky-Extensions', resp.headers['Vary'])

    def test_unknown_is_400(self):
        resp = self.api.get('/v2.1/extension', headers={
            'X-Nova-Rocky-Extensions': 'demo, typo'})
        self.assertEqual(400, resp.status_int)
        self.assertIn('typo', resp.json['badRequest']['message'])

    def test_listed_in_version_document_on_request(self):
        plain = self.api.get('/v2.1/')
        self.assertNotIn('extensions', plain.json['version'])
        resp = self.api.get('/v2.1/', headers={'X-Nova-Rocky-Extensions': ''})
        self.assertEqual([{'name': 'demo', 'description': 'A demonstration.'}],
                         resp.json['version']['extensions'])


class HelperTest(testtools.TestCase):

    def test_version_handler_needs_function(self):
        decorator = microversion.version_handler('2.1')
        self.assertRaises(TypeError, decorator, object())

    def test_negotiate_raises_webob(self):
        environ = {'HTTP_OPENSTACK_API_VERSION': 'compute 9.9'}
        self.assertRaises(webob.exc.HTTPNotAcceptable,
                          microversion.negotiate, environ)
