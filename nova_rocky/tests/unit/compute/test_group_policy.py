"""The late server group check of nova-compute, on real databases."""

import fixtures
from oslo_utils import uuidutils
import testtools

from nova_rocky.compute.flows import group_policy
from nova_rocky.compute import utils as compute_utils
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.tests.unit.scheduler import fakes

objects.register_all()


class _Compute(object):
    def __init__(self, host):
        self.host = host
        self.group_locks = compute_utils.InstanceLocks()


class LateGroupCheckTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.cfg = self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(db_fixture.Database())
        self.ctxt = nova_context.get_admin_context()

    def _group(self, policy, rules=None):
        group = objects.InstanceGroup(
            self.ctxt, uuid=uuidutils.generate_uuid(), name='g',
            project_id='p1', user_id='u1', policy=policy,
            rules=rules or {}, members=[])
        group.create()
        return group

    def _member(self, group, host, task_state=None):
        inst = objects.Instance(self.ctxt, uuid=uuidutils.generate_uuid(),
                                project_id='p1', user_id='u1', host=host,
                                node=host, vm_state='building',
                                task_state=task_state)
        inst.create()
        objects.InstanceGroup.add_members(self.ctxt, group.uuid, [inst.uuid])
        return inst

    def _check(self, group, instance, host):
        spec = fakes.make_spec(scheduler_hints={'group': [group.uuid]})
        with group_policy.checked(_Compute(host), self.ctxt, instance, spec):
            pass

    def test_anti_affinity_second_member_reschedules(self):
        group = self._group('anti-affinity')
        first = self._member(group, 'h1', task_state='scheduling')
        second = self._member(group, 'h1', task_state='scheduling')
        # Neither passed the check yet: the first one may stay.
        self._check(group, first, 'h1')
        first.task_state = 'spawning'
        first.save()
        exc = self.assertRaises(exception.RescheduledException,
                                self._check, group, second, 'h1')
        self.assertIn('Anti-affinity instance group policy was violated',
                      str(exc))
        self._check(group, second, 'h2')

    def test_max_server_per_host(self):
        group = self._group('anti-affinity', {'max_server_per_host': '2'})
        self._member(group, 'h1')
        third = self._member(group, 'h1', task_state='scheduling')
        self._check(group, third, 'h1')
        self._member(group, 'h1')
        self.assertRaises(exception.RescheduledException,
                          self._check, group, third, 'h1')

    def test_affinity(self):
        group = self._group('affinity')
        first = self._member(group, 'h1', task_state='scheduling')
        self._check(group, first, 'h1')
        first.task_state = None
        first.save()
        second = self._member(group, 'h2', task_state='scheduling')
        exc = self.assertRaises(exception.RescheduledException,
                                self._check, group, second, 'h2')
        self.assertIn('Affinity instance group policy was violated',
                      str(exc))
        self._check(group, second, 'h1')

    def test_soft_policy_and_workaround_skip_the_check(self):
        group = self._group('soft-anti-affinity')
        self._member(group, 'h1')
        self._check(group, self._member(group, 'h1', 'scheduling'), 'h1')
        group = self._group('anti-affinity')
        self._member(group, 'h1')
        self.cfg.config(group='workarounds',
                        disable_group_policy_check_upcall=True)
        self._check(group, self._member(group, 'h1', 'scheduling'), 'h1')
