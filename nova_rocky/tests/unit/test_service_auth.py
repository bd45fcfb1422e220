"""[service_user]: the service token goes along only when configured."""

import fixtures
from keystoneauth1 import service_token
from keystoneauth1 import token_endpoint
import testtools

from nova_rocky import service_auth
from nova_rocky.tests.fixtures import conf as conf_fixture


class WrapUserAuthTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(conf_fixture.ConfFixture())
        service_auth.reset()
        self.addCleanup(service_auth.reset)
        self.user_auth = token_endpoint.Token('http://image', 'user-token')

    def test_user_token_alone_by_default(self):
        self.assertIs(self.user_auth,
                      service_auth.wrap_user_auth(self.user_auth))

    def test_service_token_added_when_configured(self):
        self.conf.config(group='service_user', send_service_user_token=True,
                         auth_type='password')
        self.conf.load_raw_values(
            group='service_user', auth_url='http://keystone/identity',
            username='nova', password='secret', project_name='service',
            user_domain_name='Default', project_domain_name='Default')
        wrapped = service_auth.wrap_user_auth(self.user_auth)
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
        self.assertIs(self.user_auth,
                      service_auth.wrap_user_auth(self.user_auth))
        self.assertIn('names no auth_type', logger.output)
