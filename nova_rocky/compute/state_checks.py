"""Guards every server action runs in the API before it changes anything.

Upstream wraps each ``compute.api.API`` method in ``check_instance_state``
and ``check_instance_lock`` decorators; here the action calls the checks
itself, so the rules of an action read in one place (``ACTION_RULES``)
and the methods keep their signatures.
"""

import collections

from nova_rocky.compute import task_states as ts
from nova_rocky.compute import vm_states as vs
from nova_rocky import exception

# Task states a hard reboot may interrupt (upstream's list): a soft reboot
# or a power change that hangs is cured by a hard reboot.
HARD_REBOOT_TASK_STATES = (None, ts.REBOOTING, ts.REBOOT_PENDING,
                           ts.REBOOT_STARTED, ts.REBOOTING_HARD,
                           ts.RESUMING, ts.UNPAUSING, ts.PAUSING,
                           ts.SUSPENDING)

Rule = collections.namedtuple('Rule', 'vm_states task_states')

# action -> the vm_states and task_states it may start from (None: any).
ACTION_RULES = {
    'reboot': Rule((vs.ACTIVE,), (None,)),
    'reboot_hard': Rule(tuple(vs.ALLOW_HARD_REBOOT),
                        HARD_REBOOT_TASK_STATES),
    'stop': Rule((vs.ACTIVE, vs.ERROR), (None,)),
    'start': Rule((vs.STOPPED,), (None,)),
    'pause': Rule((vs.ACTIVE,), (None,)),
    'unpause': Rule((vs.PAUSED,), (None,)),
    'suspend': Rule((vs.ACTIVE,), (None,)),
    'resume': Rule((vs.SUSPENDED,), (None,)),
    'rebuild': Rule((vs.ACTIVE, vs.STOPPED, vs.ERROR), (None,)),
    'evacuate': Rule((vs.ACTIVE, vs.STOPPED, vs.ERROR), None),
    'restore': Rule((vs.SOFT_DELETED,), None),
    'force_delete': Rule((vs.SOFT_DELETED,), None),
    'lock': Rule(None, None),
    'unlock': Rule(None, None),
}


def check_instance_state(instance, action):
    """Raise InstanceInvalidState (409) unless ``action`` may start now.

    The error names the state that forbids it, vm_state first.
    """
    rule = ACTION_RULES[action]
    method = action.replace('_hard', '')
    if rule.vm_states is not None and \
            instance.vm_state not in rule.vm_states:
        raise exception.InstanceInvalidState(
            attr='vm_state', instance_uuid=instance.uuid,
            state=instance.vm_state, method=method)
    if rule.task_states is not None and \
            instance.task_state not in rule.task_states:
        raise exception.InstanceInvalidState(
            attr='task_state', instance_uuid=instance.uuid,
            state=instance.task_state, method=method)


def check_instance_lock(context, instance):
    """Raise InstanceIsLocked (409) for a non-admin acting on a locked
    server; administrators act on locked servers, as upstream."""
    if instance.locked and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
