"""The state machine guarding server actions."""

import testtools

from nova_rocky.compute import state_checks
from nova_rocky.compute import task_states as ts
from nova_rocky.compute import vm_states as vs
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects

objects.register_all()


def _instance(vm_state=vs.ACTIVE, task_state=None, locked=False):
    return objects.Instance(uuid='0f8a3c55-8e5e-4b0d-8f2f-2d6bfa3c4d11',
                            vm_state=vm_state, task_state=task_state,
                            locked=locked)


class StateChecksTestCase(testtools.TestCase):

    def test_allowed_transitions(self):
        for action, vm_state in (('stop', vs.ACTIVE), ('stop', vs.ERROR),
                                 ('start', vs.STOPPED),
                                 ('pause', vs.ACTIVE),
                                 ('unpause', vs.PAUSED),
                                 ('suspend', vs.ACTIVE),
                                 ('resume', vs.SUSPENDED),
                                 ('reboot', vs.ACTIVE),
                                 ('reboot_hard', vs.STOPPED),
                                 ('rebuild', vs.STOPPED),
                                 ('rebuild', vs.ERROR),
                                 ('restore', vs.SOFT_DELETED)):
            state_checks.check_instance_state(_instance(vm_state), action)

    def test_refusal_names_the_vm_state(self):
        exc = self.assertRaises(exception.InstanceInvalidState,
                                state_checks.check_instance_state,
                                _instance(vs.STOPPED), 'pause')
        self.assertEqual('vm_state', exc.kwargs['attr'])
        self.assertEqual(vs.STOPPED, exc.kwargs['state'])
        self.assertEqual(409, exc.code)

    def test_refusal_names_the_task_state(self):
        exc = self.assertRaises(
            exception.InstanceInvalidState,
            state_checks.check_instance_state,
            _instance(vs.ACTIVE, ts.REBUILDING), 'stop')
        self.assertEqual('task_state', exc.kwargs['attr'])
        self.assertEqual(ts.REBUILDING, exc.kwargs['state'])

    def test_hard_reboot_interrupts_a_hanging_soft_reboot(self):
        state_checks.check_instance_state(
            _instance(vs.ACTIVE, ts.REBOOTING), 'reboot_hard')
        self.assertRaises(exception.InstanceInvalidState,
                          state_checks.check_instance_state,
                          _instance(vs.ACTIVE, ts.REBOOTING), 'reboot')

    def test_soft_reboot_needs_an_active_server(self):
        self.assertRaises(exception.InstanceInvalidState,
                          state_checks.check_instance_state,
                          _instance(vs.STOPPED), 'reboot')

    def test_lock_refuses_users_not_admins(self):
        user = nova_context.RequestContext(user_id='u', project_id='p')
        admin = nova_context.get_admin_context()
        locked = _instance(locked=True)
        self.assertRaises(exception.InstanceIsLocked,
                          state_checks.check_instance_lock, user, locked)
        state_checks.check_instance_lock(admin, locked)
        state_checks.check_instance_lock(user, _instance())
