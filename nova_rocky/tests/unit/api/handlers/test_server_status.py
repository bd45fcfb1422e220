"""The vm_state/task_state -> status mapping of servers."""

import testtools

from nova_rocky.api.views import server_status
from nova_rocky.compute import task_states
from nova_rocky.compute import vm_states
from nova_rocky import objects


class StatusFromStateTest(testtools.TestCase):

    def test_defaults(self):
        expected = {
            vm_states.ACTIVE: 'ACTIVE', vm_states.BUILDING: 'BUILD',
            vm_states.STOPPED: 'SHUTOFF', vm_states.RESIZED: 'VERIFY_RESIZE',
            vm_states.PAUSED: 'PAUSED', vm_states.SUSPENDED: 'SUSPENDED',
            vm_states.RESCUED: 'RESCUE', vm_states.ERROR: 'ERROR',
            vm_states.DELETED: 'DELETED',
            vm_states.SOFT_DELETED: 'SOFT_DELETED',
            vm_states.SHELVED: 'SHELVED',
            vm_states.SHELVED_OFFLOADED: 'SHELVED_OFFLOADED',
        }
        for vm_state, status in expected.items():
            self.assertEqual(status,
                             server_status.status_from_state(vm_state, None))

    def test_task_states_change_active(self):
        cases = [(task_states.REBOOTING, 'REBOOT'),
                 (task_states.REBOOT_STARTED_HARD, 'HARD_REBOOT'),
                 (task_states.UPDATING_PASSWORD, 'PASSWORD'),
                 (task_states.REBUILD_SPAWNING, 'REBUILD'),
                 (task_states.MIGRATING, 'MIGRATING'),
                 (task_states.RESIZE_PREP, 'RESIZE'),
                 (task_states.DELETING, 'ACTIVE'),
                 (task_states.POWERING_OFF, 'ACTIVE')]
        for task_state, status in cases:
            self.assertEqual(status, server_status.status_from_state(
                vm_states.ACTIVE, task_state))

    def test_other_task_state_combinations(self):
        self.assertEqual('BUILD', server_status.status_from_state(
            vm_states.BUILDING, task_states.SPAWNING))
        self.assertEqual('REBUILD', server_status.status_from_state(
            vm_states.ERROR, task_states.REBUILDING))
        self.assertEqual('RESIZE', server_status.status_from_state(
            vm_states.STOPPED, task_states.RESIZE_MIGRATING))
        self.assertEqual('REVERT_RESIZE', server_status.status_from_state(
            vm_states.RESIZED, task_states.RESIZE_REVERTING))
        self.assertEqual('VERIFY_RESIZE', server_status.status_from_state(
            vm_states.RESIZED, task_states.RESIZE_CONFIRMING))
        self.assertEqual('MIGRATING', server_status.status_from_state(
            vm_states.PAUSED, task_states.MIGRATING))

    def test_unknown_vm_state(self):
        self.assertEqual('UNKNOWN',
                         server_status.status_from_state('levitating'))

    def test_deleted_instance_is_deleted(self):
        objects.register_all()
        instance = objects.Instance(vm_state=vm_states.ACTIVE,
                                    task_state=None, deleted=True)
        self.assertEqual('DELETED', server_status.server_status(instance))
        instance.deleted = False
        self.assertEqual('ACTIVE', server_status.server_status(instance))


class StatesForStatusesTest(testtools.TestCase):

    def test_default_status_means_any_task_state(self):
        vms, tasks = server_status.states_for_statuses(['active'])
        self.assertEqual([vm_states.ACTIVE], vms)
        self.assertIn('default', tasks)

    def test_task_status(self):
        vms, tasks = server_status.states_for_statuses(['REBOOT'])
        self.assertEqual([vm_states.ACTIVE], vms)
        self.assertEqual(sorted([task_states.REBOOTING,
                                 task_states.REBOOT_PENDING,
                                 task_states.REBOOT_STARTED]), tasks)

    def test_rebuild_spans_vm_states(self):
        vms, _tasks = server_status.states_for_statuses(['rebuild'])
        self.assertEqual(sorted([vm_states.ACTIVE, vm_states.STOPPED,
                                 vm_states.ERROR]), vms)

    def test_several_and_unknown(self):
        vms, _tasks = server_status.states_for_statuses(
            ['ACTIVE', 'SHUTOFF'])
        self.assertEqual(sorted([vm_states.ACTIVE, vm_states.STOPPED]), vms)
        self.assertEqual(([], []),
                         server_status.states_for_statuses(['nope']))
