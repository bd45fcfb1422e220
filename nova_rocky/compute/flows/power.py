"""Power actions on one guest: reboot, stop, start, pause, unpause,
suspend, resume, soft delete and restore.

The API has checked the states, recorded the action and saved the task
state the action runs under (``POWER_ACTIONS[name].task_state``). Here,
under the instance's lock, the compute asks the driver, then saves the
resulting vm_state and power_state with task_state None, checking that
the task state is still the one the API set (a delete meanwhile wins).
The whole is the event ``compute_<name>_instance`` of the action.

A driver failure puts the task state back to None and records a fault;
the vm_state stays as it was (upstream's ``reverts_task_state``), except
for a failed hard reboot, which leaves the guest in an unknown state and
the server in ERROR, as upstream does.
"""

import collections

from oslo_log import log as logging

from nova_rocky.compute import task_states as ts
from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states as vs
from nova_rocky.notifications import instance as notify
from nova_rocky.virt import power_state as ps

LOG = logging.getLogger(__name__)

Transition = collections.namedtuple(
    'Transition', 'task_states vm_state power_state notification')

# name -> (task states the API may have set, resulting vm_state and power
# state, versioned notification action).
POWER_ACTIONS = {
    'reboot': Transition((ts.REBOOTING, ts.REBOOTING_HARD, ts.REBOOT_PENDING,
                          ts.REBOOT_STARTED, ts.REBOOT_PENDING_HARD,
                          ts.REBOOT_STARTED_HARD),
                         vs.ACTIVE, ps.RUNNING, 'reboot'),
    'stop': Transition((ts.POWERING_OFF,), vs.STOPPED, ps.SHUTDOWN,
                       'power_off'),
    'start': Transition((ts.POWERING_ON,), vs.ACTIVE, ps.RUNNING,
                        'power_on'),
    'pause': Transition((ts.PAUSING,), vs.PAUSED, ps.PAUSED, 'pause'),
    'unpause': Transition((ts.UNPAUSING,), vs.ACTIVE, ps.RUNNING,
                          'unpause'),
    'suspend': Transition((ts.SUSPENDING,), vs.SUSPENDED, ps.SUSPENDED,
                          'suspend'),
    'resume': Transition((ts.RESUMING,), vs.ACTIVE, ps.RUNNING, 'resume'),
    'soft_delete': Transition((ts.SOFT_DELETING,), vs.SOFT_DELETED,
                              ps.SHUTDOWN, 'soft_delete'),
    'restore': Transition((ts.RESTORING,), vs.ACTIVE, ps.RUNNING,
                          'restore'),
}


def _driver_call(compute, context, instance, name, reboot_type):
    driver = compute.driver
    if name == 'reboot':
        driver.reboot(context, instance, None, reboot_type)
    elif name in ('stop', 'soft_delete'):
        driver.power_off(instance)
    elif name in ('start', 'restore'):
        driver.power_on(context, instance, None)
    elif name == 'pause':
        driver.pause(instance)
    elif name == 'unpause':
        driver.unpause(instance)
    elif name == 'suspend':
        driver.suspend(context, instance)
    elif name == 'resume':
        driver.resume(context, instance, None)
    else:
        raise ValueError('Unknown power action %r' % name)


def run_power_action(compute, context, instance, name, reboot_type=None):
    """Run power action ``name`` on ``instance``; never raises."""
    transition = POWER_ACTIONS[name]
    event = 'compute_%s_instance' % name
    with compute.instance_locks.hold(instance.uuid):
        with compute_utils.EventReporter(context, event, compute.host,
                                         instance.uuid) as reporter:
            notify.send(context, instance, compute.host,
                        transition.notification, 'start')
            try:
                _driver_call(compute, context, instance, name, reboot_type)
                instance.vm_state = transition.vm_state
                instance.power_state = transition.power_state
                instance.task_state = None
                instance.save(expected_task_state=list(
                    transition.task_states))
            except Exception as exc:
                if compute_utils.is_instance_gone(exc):
                    LOG.info('Instance %s went away during %s',
                             instance.uuid, name)
                    reporter.fail(exc)
                    return
                LOG.warning('%s of instance %s failed: %s', name,
                            instance.uuid, exc)
                reporter.fail(exc)
                _revert(compute, context, instance, name, reboot_type, exc)
                notify.send(context, instance, compute.host,
                            transition.notification, 'error', fault=exc)
                return
            notify.send(context, instance, compute.host,
                        transition.notification, 'end')
            LOG.info('%s of instance %s done on %s', name, instance.uuid,
                     compute.host)


def _revert(compute, context, instance, name, reboot_type, exc):
    compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                              host=compute.host)
    if name == 'reboot' and reboot_type == 'HARD':
        instance.vm_state = vs.ERROR
    instance.task_state = None
    try:
        instance.save()
    except Exception:
        LOG.exception('Could not reset the task state of %s',
                      instance.uuid)
