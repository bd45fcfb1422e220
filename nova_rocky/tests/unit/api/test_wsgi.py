"""The middleware stack: request ids, faults, auth, context, bodies."""

import fixtures
import testtools
import webob.exc

from nova_rocky.api import common
from nova_rocky import exception
from nova_rocky.tests.fixtures import api as api_fixture

PROJECT = 'a1b2c3'


def whoami(req):
    ctx = common.get_context(req)
    return common.json_response(req, {
        'user_id': ctx.user_id, 'project_id': ctx.project_id,
        'roles': sorted(ctx.roles), 'is_admin': ctx.is_admin,
        'request_id': ctx.request_id,
        'url_project_id': req.url_project_id})


def create_thing(req, body):
    return common.json_response(req, {'got': body}, status=201)


def update_thing(req, thing_id, body):
    return common.json_response(req, {'id': thing_id, 'got': body})


def delete_thing(req, thing_id):
    return common.empty_response(204)


def thing_detail(req):
    return common.json_response(req, {'detail': True})


def fail(req, kind):
    if kind == 'notfound':
        raise exception.NotFound()
    if kind == 'conflict':
        raise exception.Conflict(reason='busy')
    if kind == 'invalid':
        raise exception.InvalidInput(reason='bad')
    if kind == 'policy':
        req.context.can('admin_api')
    if kind == 'webob':
        raise webob.exc.HTTPConflict(explanation='webob says no')
    if kind == 'internal':
        raise exception.NovaException('secret host db01 exploded')
    raise RuntimeError('boom with secret detail')


ROUTES = {
    '/whoami': {'GET': whoami},
    '/things': {'POST': create_thing},
    '/things/detail': {'GET': thing_detail},
    '/things/{thing_id}': {'PUT': update_thing, 'DELETE': delete_thing},
    '/fail/{kind}': {'GET': fail},
}


class WSGITestBase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logs = self.useFixture(fixtures.FakeLogger())
        self.api = self.useFixture(
            api_fixture.APIFixture(project=PROJECT, routes=ROUTES))


class RequestIdTest(WSGITestBase):

    def test_every_response_has_a_request_id(self):
        responses = [self.api.get('/'), self.api.get('/v2.1/whoami'),
                     self.api.get('/v2.1/whoami', user=None),
                     self.api.get('/v2.1/nowhere'),
                     self.api.get('/v2.1/fail/crash'),
                     self.api.get('/v2.1/whoami', version='9.0')]
        for resp in responses:
            req_id = resp.headers['x-openstack-request-id']
            self.assertRegex(req_id, '^req-[0-9a-f-]{36}$')
            self.assertEqual(req_id, resp.headers['x-compute-request-id'])

    def test_context_carries_request_id(self):
        resp = self.api.get('/v2.1/whoami')
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         resp.json['request_id'])


class FaultTest(WSGITestBase):

    def _fault(self, path, code, name, **kwargs):
        resp = self.api.get(path, **kwargs)
        self.assertEqual(code, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        self.assertEqual([name], list(resp.json))
        self.assertEqual(code, resp.json[name]['code'])
        return resp.json[name]['message']

    def test_nova_exceptions(self):
        self._fault('/v2.1/fail/notfound', 404, 'itemNotFound')
        self.assertEqual('Conflict: busy', self._fault(
            '/v2.1/fail/conflict', 409, 'conflictingRequest'))
        self.assertEqual('Invalid input received: bad', self._fault(
            '/v2.1/fail/invalid', 400, 'badRequest'))
        self.assertEqual('Policy does not allow admin_api to be performed.',
                         self._fault('/v2.1/fail/policy', 403, 'forbidden'))
        self._fault('/v2.1/fail/webob', 409, 'conflictingRequest')

    def test_unexpected_error_is_500_without_traceback(self):
        resp = self.api.get('/v2.1/fail/crash')
        message = self._fault('/v2.1/fail/crash', 500, 'computeFault')
        self.assertNotIn('Traceback', resp.text)
        self.assertNotIn('secret', resp.text)
        self.assertIn('Unexpected API Error', message)
        req_id = resp.headers['x-openstack-request-id']
        self.assertIn(req_id, resp.json['computeFault']['message'])
        self.assertIn(req_id, self.logs.output)
        self.assertIn('boom with secret detail', self.logs.output)

    def test_internal_nova_exception_is_not_leaked(self):
        message = self._fault('/v2.1/fail/internal', 500, 'computeFault')
        self.assertNotIn('db01', message)

    def test_unknown_path_404(self):
        self._fault('/v2.1/nowhere/at/all', 404, 'itemNotFound')

    def test_wrong_verb_405_with_allow(self):
        resp = self.api.request('PATCH', '/v2.1/things/1')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('DELETE, PUT', resp.headers['Allow'])
        self.assertEqual(405, resp.json['badMethod']['code'])

    def test_literal_path_beats_variable(self):
        self.assertTrue(self.api.get('/v2.1/things/detail').json['detail'])
        self.assertEqual(204, self.api.delete('/v2.1/things/7').status_int)


class AuthTest(WSGITestBase):

    def test_noauth2_requires_token(self):
        resp = self.api.get('/v2.1/whoami', user=None)
        self.assertEqual(401, resp.status_int)
        self.assertEqual(401, resp.json['unauthorized']['code'])

    def test_noauth2_user(self):
        body = self.api.get('/v2.1/whoami', user='alice').json
        self.assertEqual('alice', body['user_id'])
        self.assertEqual(PROJECT, body['project_id'])
        self.assertFalse(body['is_admin'])
        self.assertEqual(['member', 'reader'], body['roles'])

    def test_noauth2_admin(self):
        body = self.api.get('/v2.1/whoami', user='admin').json
        self.assertTrue(body['is_admin'])
        self.assertIn('admin', body['roles'])

    def test_noauth2_project_defaults_to_user(self):
        resp = self.api.get('/v2.1/whoami', user=None,
                            headers={'X-Auth-Token': 'bob'})
        self.assertEqual('bob', resp.json['project_id'])

    def test_forged_identity_headers_ignored(self):
        body = self.api.get('/v2.1/whoami', headers={
            'X-Roles': 'admin', 'X-Project-Id': 'other'}).json
        self.assertFalse(body['is_admin'])
        self.assertEqual(PROJECT, body['project_id'])

    def test_project_id_in_url(self):
        body = self.api.get('/v2.1/%s/whoami' % PROJECT).json
        self.assertEqual(PROJECT, body['url_project_id'])
        self.assertIsNone(self.api.get('/v2.1/whoami').json['url_project_id'])

    def test_other_project_id_in_url_is_400(self):
        resp = self.api.get('/v2.1/ffff/whoami')
        self.assertEqual(400, resp.status_int)
        self.assertIn("URL's project_id 'ffff'",
                      resp.json['badRequest']['message'])


class BodyTest(WSGITestBase):

    def test_json_body(self):
        resp = self.api.post('/v2.1/things', {'thing': {'a': 1}})
        self.assertEqual(201, resp.status_int)
        self.assertEqual({'thing': {'a': 1}}, resp.json['got'])

    def test_path_vars_and_body(self):
        resp = self.api.put('/v2.1/things/7', {'x': True})
        self.assertEqual({'id': '7', 'got': {'x': True}}, resp.json)

    def test_empty_body_is_none(self):
        self.assertIsNone(self.api.post('/v2.1/things').json['got'])

    def test_malformed_json_is_400(self):
        resp = self.api.post('/v2.1/things', b'{"thing": ')
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Malformed request body',
                         resp.json['badRequest']['message'])

    def test_other_media_type_is_415(self):
        resp = self.api.post('/v2.1/things', b'<thing/>',
                             headers={'Content-Type': 'application/xml'})
        self.assertEqual(415, resp.status_int)
        self.assertEqual('Unsupported Content-Type',
                         resp.json['badMediaType']['message'])

    def test_body_without_content_type_is_json(self):
        resp = self.api.post('/v2.1/things', b'{"a": 1}',
                             headers={'Content-Type': ''})
        self.assertEqual(201, resp.status_int)
        self.assertEqual({'a': 1}, resp.json['got'])
