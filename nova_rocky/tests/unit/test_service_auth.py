"""[service_user]: the service token goes along only when configured."""

import fixtures
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import service_token
from keystoneauth1 import token_endpoint
from oslo_config import cfg
from oslo_config import fixture as config_fixture
import testtools

from nova_rocky.conf import service_user
from nova_rocky import service_auth


class WrapUserAuthTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # A private config: loading the service user's plugin registers its
        # required options, which the global config must not get. (Its
        # group is registered by name: registering the module's OptGroup
        # object would share that group's option dict with the global
        # config.)
        self.config = cfg.ConfigOpts()
        self.config.register_opts(service_user.service_user_opts,
                                  group=service_user.SERVICE_USER_GROUP)
        ks_loading.register_auth_conf_options(
            self.config, service_user.SERVICE_USER_GROUP)
        self.config([], project='nova', default_config_files=[])
        self.conf = self.useFixture(config_fixture.Config(self.config))
        service_auth.reset()
        self.addCleanup(service_auth.reset)
        self.user_auth = token_endpoint.Token('http://image', 'user-token')

    def test_user_token_alone_by_default(self):
        wrapped = service_auth.wrap_user_auth(self.user_auth, self.config)
        self.assertIs(self.user_auth, wrapped)

    def test_service_token_added_when_configured(self):
        self.conf.config(group='service_user', send_service_user_token=True,
                         auth_type='password')
        self.conf.load_raw_values(
            group='service_user', auth_url='http://keystone/identity',
            username='nova', password='secret', project_name='service',
            user_domain_name='Default', project_domain_name='Default')
        wrapped = service_auth.wrap_user_auth(self.user_auth, self.config)
        self.assertIsInstance(wrapped, service_token.ServiceTokenAuthWrapper)
        self.assertIs(self.user_auth, wrapped.user_auth)
        self.assertEqual('http://keystone/identity',
                         wrapped.service_auth.auth_url)
        # The endpoint still comes from the user's plugin.
        self.assertEqual('http://image', wrapped.get_endpoint(None))

    def test_missing_service_user_warns_and_sends_user_token(self):
        logger = self.useFixture(fixtures.FakeLogger(
            name=service_auth.__name__))
        self.conf.config(group='service_user', send_service_user_token=True)
        wrapped = service_auth.wrap_user_auth(self.user_auth, self.config)
        self.assertIs(self.user_auth, wrapped)
        self.assertIn('names no auth_type', logger.output)
