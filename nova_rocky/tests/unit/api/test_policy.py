"""Policy enforcement through RequestContext.can()."""

import fixtures
from oslo_policy import policy as oslo_policy
import testtools

from nova_rocky import context
from nova_rocky import exception
from nova_rocky import policies
from nova_rocky import policy
from nova_rocky.tests.fixtures import api as api_fixture
from nova_rocky.tests.fixtures import conf as conf_fixture


class PolicyTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(api_fixture.PolicyFixture())
        self.user = context.RequestContext(
            'u1', 'p1', roles=['member', 'reader'])
        self.admin = context.RequestContext('a', 'p2', roles=['admin'])
        self.admin.is_admin = policy.check_is_admin(self.admin)

    def test_base_rules_registered(self):
        names = {rule.name for rule in policies.list_rules()}
        self.assertTrue({'context_is_admin', 'admin_or_owner', 'admin_api',
                         'project_member_api',
                         'project_reader_api'} <= names)

    def test_check_is_admin(self):
        self.assertTrue(self.admin.is_admin)
        self.assertFalse(policy.check_is_admin(self.user))

    def test_admin_api(self):
        self.assertTrue(self.admin.can('admin_api'))
        exc = self.assertRaises(exception.PolicyNotAuthorized,
                                self.user.can, 'admin_api')
        self.assertEqual(403, exc.code)
        self.assertFalse(self.user.can('admin_api', fatal=False))

    def test_owner_rules(self):
        self.assertTrue(self.user.can('admin_or_owner'))
        self.assertTrue(self.user.can('project_member_api'))
        self.assertFalse(self.user.can(
            'project_reader_api', {'project_id': 'other'}, fatal=False))
        self.assertTrue(self.admin.can(
            'admin_or_owner', {'project_id': 'other'}))

    def test_unregistered_rule_is_an_error(self):
        self.assertRaises(oslo_policy.PolicyNotRegistered,
                          self.user.can, 'os_compute_api:nothing')

    def test_get_enforcer(self):
        self.assertIsInstance(policy.get_enforcer(), oslo_policy.Enforcer)
