"""Server actions of the compute API facade: power, lock, soft delete.

``ServerActionsMixin`` is part of ``compute.api.API``. Each action checks
the lock and the state machine (``state_checks``), saves the task state
it runs under with ``expected_task_state`` (so two concurrent actions
cannot both start: the loser gets a 409), records the instance action and
casts to the instance's compute. Lock and unlock change only the record.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_rocky.compute import instance_actions as actions
from nova_rocky.compute import state_checks
from nova_rocky.compute import task_states as ts
from nova_rocky.compute import vm_states as vs
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.notifications import instance as notify

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# action name -> (state rule, task state set by the API, action record,
# compute RPC method).
_POWER = {
    'reboot': ('reboot', ts.REBOOTING, actions.REBOOT, 'reboot_instance'),
    'reboot_hard': ('reboot_hard', ts.REBOOTING_HARD, actions.REBOOT,
                    'reboot_instance'),
    'stop': ('stop', ts.POWERING_OFF, actions.STOP, 'stop_instance'),
    'start': ('start', ts.POWERING_ON, actions.START, 'start_instance'),
    'pause': ('pause', ts.PAUSING, actions.PAUSE, 'pause_instance'),
    'unpause': ('unpause', ts.UNPAUSING, actions.UNPAUSE,
                'unpause_instance'),
    'suspend': ('suspend', ts.SUSPENDING, actions.SUSPEND,
                'suspend_instance'),
    'resume': ('resume', ts.RESUMING, actions.RESUME, 'resume_instance'),
}


def record_action(instance, action):
    """Start instance action ``action`` for the request (cell database)."""
    objects.InstanceAction.action_start(instance._context, instance.uuid,
                                        action, want_result=False)


class ServerActionsMixin(object):
    """Power actions, lock/unlock, restore and force delete."""

    def _start_task(self, context, instance, rule, task_state,
                    check_lock=True):
        """Check lock and state, then claim the instance for the task."""
        if check_lock:
            state_checks.check_instance_lock(context, instance)
        state_checks.check_instance_state(instance, rule)
        if not instance.obj_attr_is_set('id') or not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        expected = state_checks.ACTION_RULES[rule].task_states
        instance.task_state = task_state
        instance.save(expected_task_state=list(expected)
                      if expected is not None else None)

    def _power_action(self, context, instance, name, **kwargs):
        rule, task_state, action, method = _POWER[name]
        self._start_task(context, instance, rule, task_state)
        record_action(instance, action)
        getattr(self.compute_rpcapi, method)(instance._context, instance,
                                             **kwargs)

    def reboot(self, context, instance, reboot_type):
        """Reboot SOFT (ACTIVE only) or HARD (also stopped, paused,
        suspended or broken servers)."""
        name = 'reboot_hard' if reboot_type == 'HARD' else 'reboot'
        self._power_action(context, instance, name, reboot_type=reboot_type)

    def stop(self, context, instance):
        """Power off an ACTIVE (or ERROR) server."""
        self._power_action(context, instance, 'stop')

    def start(self, context, instance):
        """Power on a STOPPED server."""
        self._power_action(context, instance, 'start')

    def pause(self, context, instance):
        """Pause an ACTIVE server."""
        self._power_action(context, instance, 'pause')

    def unpause(self, context, instance):
        """Unpause a PAUSED server."""
        self._power_action(context, instance, 'unpause')

    def suspend(self, context, instance):
        """Suspend an ACTIVE server."""
        self._power_action(context, instance, 'suspend')

    def resume(self, context, instance):
        """Resume a SUSPENDED server."""
        self._power_action(context, instance, 'resume')

    # -- lock ---------------------------------------------------------------

    def lock(self, context, instance):
        """Lock the server: only administrators may act on it then.

        ``locked_by`` says who locked it: 'owner' for its own project,
        'admin' for anyone else (an admin of another project).
        """
        if not instance.obj_attr_is_set('id'):
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        record_action(instance, actions.LOCK)
        is_owner = instance.project_id == context.project_id
        instance.locked = True
        instance.locked_by = 'owner' if is_owner else 'admin'
        instance.save()
        notify.send(context, instance, CONF.host, 'lock', source='nova-api')

    def is_locked_by_admin(self, instance):
        return instance.locked and instance.locked_by == 'admin'

    def unlock(self, context, instance):
        """Unlock the server (the handler checks who may)."""
        if not instance.obj_attr_is_set('id'):
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        record_action(instance, actions.UNLOCK)
        instance.locked = False
        instance.locked_by = None
        instance.save()
        notify.send(context, instance, CONF.host, 'unlock',
                    source='nova-api')

    # -- soft delete ----------------------------------------------------------

    @staticmethod
    def soft_delete_enabled():
        return CONF.reclaim_instance_interval > 0

    def _soft_delete(self, context, instance):
        """Keep the server restorable: power off, vm_state soft-delete."""
        instance.task_state = ts.SOFT_DELETING
        instance.deleted_at = timeutils.utcnow()
        instance.save(expected_task_state=[None])
        record_action(instance, actions.DELETE)
        self.compute_rpcapi.soft_delete_instance(instance._context,
                                                 instance)

    def restore(self, context, instance):
        """Bring a soft-deleted server back (before it is reclaimed)."""
        state_checks.check_instance_lock(context, instance)
        state_checks.check_instance_state(instance, 'restore')
        instance.task_state = ts.RESTORING
        instance.deleted_at = None
        instance.save(expected_task_state=[None])
        record_action(instance, actions.RESTORE)
        if instance.host and self._compute_is_up(instance._context,
                                                 instance.host):
            self.compute_rpcapi.restore_instance(instance._context,
                                                 instance)
            return
        # No compute to power it on: it comes back as it was left.
        instance.vm_state = vs.ACTIVE
        instance.task_state = None
        instance.save(expected_task_state=[ts.RESTORING])

    def force_delete(self, context, instance):
        """Delete a soft-deleted server now, without waiting."""
        state_checks.check_instance_lock(context, instance)
        state_checks.check_instance_state(instance, 'force_delete')
        self.delete(context, instance, force=True)
