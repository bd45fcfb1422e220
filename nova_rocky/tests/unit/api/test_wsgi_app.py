"""The WSGI entry module: config from the environment, paste loading."""

import os

import fixtures
import testtools
import webob

from nova_rocky.api import wsgi_app
from nova_rocky.tests.fixtures import api as api_fixture
from nova_rocky.tests.fixtures import conf as conf_fixture


class ConfigFilesTest(testtools.TestCase):

    def test_files_env_wins(self):
        env = {'OS_NOVA_CONFIG_FILES': '/a.conf:/b.conf,/c.conf',
               'OS_NOVA_CONFIG_DIR': '/nowhere'}
        self.assertEqual(['/a.conf', '/b.conf', '/c.conf'],
                         wsgi_app.config_files(env))

    def test_dir_with_nova_conf(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        env = {'OS_NOVA_CONFIG_DIR': tmp}
        self.assertEqual([], wsgi_app.config_files(env))
        open(os.path.join(tmp, 'nova.conf'), 'w').close()
        self.assertEqual([os.path.join(tmp, 'nova.conf')],
                         wsgi_app.config_files(env))


class InitApplicationTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(api_fixture.PolicyFixture())
        # Logging setup would reconfigure the test runner's root logger.
        self.useFixture(fixtures.MockPatch(
            'nova_rocky.api.wsgi_app.logging.setup'))
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.conf_file = os.path.join(self.tmp, 'nova.conf')
        with open(self.conf_file, 'w') as conf:
            conf.write('[api]\nauth_strategy = noauth2\nmax_limit = 7\n')
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_NOVA_CONFIG_FILES', self.conf_file))
        # sys.argv belongs to the WSGI server and must not be parsed.
        self.useFixture(fixtures.MonkeyPatch(
            'sys.argv', ['gunicorn', '--workers', '4']))

    def test_packaged_paste_pipeline(self):
        app = wsgi_app.init_application()
        self.assertEqual(7, wsgi_app.CONF.api.max_limit)
        resp = webob.Request.blank('/').get_response(app)
        self.assertEqual(200, resp.status_int)
        self.assertIn('x-openstack-request-id', resp.headers)
        resp = webob.Request.blank('/v2.1/', headers={
            'X-Auth-Token': 'u:p'}).get_response(app)
        self.assertEqual('v2.1', resp.json['version']['id'])
        resp = webob.Request.blank('/v2.1/nowhere', headers={
            'X-Auth-Token': 'u:p'}).get_response(app)
        self.assertEqual(404, resp.status_int)
        self.assertEqual('compute 2.1', resp.headers['OpenStack-API-Version'])
        resp = webob.Request.blank('/v2/').get_response(app)
        self.assertEqual(401, resp.status_int)

    def test_paste_file_next_to_config(self):
        paste = os.path.join(self.tmp, 'api-paste.ini')
        open(paste, 'w').close()
        wsgi_app.parse_config()
        self.assertEqual(paste, wsgi_app.find_paste_file(
            wsgi_app.CONF, [self.conf_file]))

    def test_lazy_application(self):
        lazy = wsgi_app._LazyApplication()
        resp = webob.Request.blank('/').get_response(lazy)
        self.assertEqual(200, resp.status_int)
        self.assertIsNotNone(lazy._app)
