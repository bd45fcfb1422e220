"""The real keystonemiddleware auth_token behind AuthTokenFaults.

No Keystone listens at the configured URL here (a port nothing is bound
to), which is what an outage looks like to the API: token validation
cannot happen. Requests auth_token refuses by itself need no Keystone.
"""

import fixtures
from oslo_config import cfg
from oslo_serialization import jsonutils
import testtools
import webob

from nova_rocky.api import authtoken
from nova_rocky.tests.fixtures import allinone


def _application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'reached the API']


class AuthTokenFaultsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # A private config: auth_token registers the (required) options
        # of its auth plugin on it, which the global one must not get.
        self.conf = cfg.ConfigOpts()
        self.conf([], project='nova', default_config_files=[])
        # Root: keystonemiddleware's own complaints stay in the test too.
        self.logger = self.useFixture(fixtures.FakeLogger())
        self.identity_url = 'http://127.0.0.1:%d/identity' % (
            allinone.free_port())
        protect = authtoken.keystone_filter(
            self.conf, www_authenticate_uri=self.identity_url,
            auth_type='password', auth_url=self.identity_url,
            username='nova', password='secret', project_name='service',
            user_domain_name='Default', project_domain_name='Default',
            http_request_max_retries='0')
        self.app = protect(_application)

    def _get(self, token=None):
        req = webob.Request.blank('/v2.1/servers')
        if token:
            req.headers['X-Auth-Token'] = token
        return req.get_response(self.app)

    def test_missing_token_is_a_401_fault_with_the_identity_uri(self):
        resp = self._get()
        self.assertEqual(401, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        body = jsonutils.loads(resp.body)
        self.assertEqual(401, body['unauthorized']['code'])
        self.assertEqual('Keystone uri="%s"' % self.identity_url,
                         resp.headers['WWW-Authenticate'])

    def test_unreachable_identity_is_a_503_fault_logged_once(self):
        for _attempt in range(2):
            resp = self._get('a-token-nobody-validated')
            self.assertEqual(503, resp.status_int)
            fault = jsonutils.loads(resp.body)['serviceUnavailable']
            self.assertEqual(503, fault['code'])
            self.assertIn('identity service is unavailable',
                          fault['message'])
            self.assertEqual('5', resp.headers['Retry-After'])
        lines = [line for line in self.logger.output.splitlines()
                 if 'is unreachable' in line]
        self.assertEqual(['Identity service %s is unreachable: requests '
                          'with tokens not in the cache get 503 until it '
                          'answers' % self.identity_url], lines)

    def test_apps_of_one_conf_share_one_auth_token(self):
        def named(name):
            def app(environ, start_response):
                start_response('200 OK', [('Content-Type', 'text/plain')])
                return [name.encode()]
            return app
        # delay_auth_decision: auth_token passes unauthenticated requests
        # on (marked invalid), which shows where each one goes.
        protect = authtoken.keystone_filter(
            self.conf, www_authenticate_uri=self.identity_url,
            delay_auth_decision='true')
        first, second = protect(named('first')), protect(named('second'))
        self.assertIs(first.guard, second.guard)
        for app, name in ((first, b'first'), (second, b'second')):
            resp = webob.Request.blank('/').get_response(app)
            self.assertEqual(200, resp.status_int)
            self.assertEqual(name, resp.body)
