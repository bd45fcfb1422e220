"""Build and start one instance on this compute.

The instance arrives created in its cell with host/node set and its
allocations claimed. The flow marks it ``spawning`` (the save fails if the
user deleted it meanwhile), asks the driver to spawn, and marks it ACTIVE
and RUNNING. All of it is recorded as the event
``compute__do_build_and_run_instance`` of the 'create' action.

On a failed spawn the fault is recorded, the guest and this host's
allocation are removed, and the instance goes back to the conductor with
the alternates left (``build_instances``), or to ERROR when there are none
or the failure cannot be cured elsewhere (BuildAbortException). Before
the spawn, a build into a server group re-checks the group's policy on
this host (``group_policy``) and reschedules when a racing boot got here
first. Unlike
upstream, a build that is rescheduled records its event as Error: it did
fail on this host.
"""

import sys

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_rocky.compute.flows import group_policy
from nova_rocky.compute import task_states
from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states
from nova_rocky import exception
from nova_rocky.notifications import instance as notify
from nova_rocky import objects
from nova_rocky.virt import power_state

LOG = logging.getLogger(__name__)

EVENT = 'compute__do_build_and_run_instance'


def build_and_run_instance(compute, context, instance, image, request_spec,
                           filter_properties, admin_password, injected_files,
                           requested_networks, security_groups,
                           block_device_mapping, node, limits, host_list):
    """Run one build under the instance's lock; never raises.

    Returns False when the build failed on this host (the build failure
    weigher counts those), True otherwise.
    """
    filter_properties = filter_properties or {}
    with compute.instance_locks.hold(instance.uuid):
        failure = None
        with compute_utils.EventReporter(context, EVENT, compute.host,
                                         instance.uuid) as reporter:
            notify.send(context, instance, compute.host, 'create', 'start')
            try:
                _spawn(compute, context, instance, image, request_spec,
                       filter_properties, admin_password, injected_files,
                       requested_networks, block_device_mapping, node)
            except Exception as exc:
                failure = (exc, sys.exc_info()[2])
                reporter.fail(*failure)
                _clean_up(compute, context, instance, *failure)
                notify.send(context, instance, compute.host, 'create',
                            'error', fault=exc)
            else:
                notify.send(context, instance, compute.host, 'create',
                            'end')
        # The event is finished before the instance moves on: the next
        # host records an event of the same name under the same action.
        if failure is not None and not compute_utils.is_instance_gone(
                failure[0]):
            _move_on(compute, context, instance, failure[0], image,
                     request_spec, filter_properties, admin_password,
                     injected_files, requested_networks, security_groups,
                     block_device_mapping, host_list)
            return False
        return True


def _spawn(compute, context, instance, image, request_spec,
           filter_properties, admin_password, injected_files,
           requested_networks, block_device_mapping, node):
    with group_policy.checked(compute, context, instance, request_spec):
        instance.host = compute.host
        instance.node = node or instance.node
        instance.vm_state = vm_states.BUILDING
        instance.task_state = task_states.SPAWNING
        instance.save(expected_task_state=[task_states.SCHEDULING, None])
    image_meta = objects.ImageMeta.from_dict(image or {})
    compute.driver.spawn(context, instance, image_meta, injected_files,
                         admin_password,
                         filter_properties.get('allocations') or {},
                         network_info=None, block_device_info=None)
    instance.power_state = power_state.RUNNING
    instance.vm_state = vm_states.ACTIVE
    instance.task_state = None
    instance.launched_at = timeutils.utcnow()
    instance.launched_on = compute.host
    instance.save(expected_task_state=task_states.SPAWNING)
    LOG.info('Instance %s is active on %s', instance.uuid, compute.host)


def _clean_up(compute, context, instance, exc, exc_tb):
    _destroy_guest(compute, context, instance)
    _delete_allocations(compute, context, instance)
    if compute_utils.is_instance_gone(exc):
        LOG.info('Instance %s was deleted during its build', instance.uuid)
        return
    LOG.warning('Build of %s failed on %s: %s', instance.uuid,
                compute.host, exc)
    compute_utils.add_instance_fault_from_exc(context, instance, exc, exc_tb,
                                              host=compute.host)


def _move_on(compute, context, instance, exc, image, request_spec,
             filter_properties, admin_password, injected_files,
             requested_networks, security_groups, block_device_mapping,
             host_list):
    """Reschedule to the alternates, or ERROR when none can help."""
    if host_list and not isinstance(exc, exception.BuildAbortException):
        _reschedule(compute, context, instance, exc, image, request_spec,
                    filter_properties, admin_password, injected_files,
                    requested_networks, security_groups,
                    block_device_mapping, host_list)
    else:
        _set_error(instance)


def _reschedule(compute, context, instance, exc, image, request_spec,
                filter_properties, admin_password, injected_files,
                requested_networks, security_groups, block_device_mapping,
                host_list):
    instance.host = None
    instance.node = None
    instance.task_state = task_states.SCHEDULING
    try:
        instance.save()
    except Exception as save_exc:
        if not compute_utils.is_instance_gone(save_exc):
            LOG.exception('Could not hand %s back for rescheduling',
                          instance.uuid)
        return
    props = dict(filter_properties)
    props.pop('allocations', None)
    retry = dict(props.get('retry') or {})
    retry['exc_reason'] = _reason(exc)
    props['retry'] = retry
    compute.compute_task_api.build_instances(
        context, [instance], image, props, admin_password, injected_files,
        requested_networks, security_groups, block_device_mapping,
        request_spec=request_spec, host_lists=[list(host_list)])


def _reason(exc):
    try:
        return exc.format_message()
    except Exception:
        return str(exc) or type(exc).__name__


def _set_error(instance):
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except Exception as exc:
        if not compute_utils.is_instance_gone(exc):
            LOG.exception('Could not set %s to ERROR', instance.uuid)


def _destroy_guest(compute, context, instance):
    try:
        compute.driver.destroy(context, instance, network_info=None,
                               block_device_info=None, destroy_disks=True)
    except Exception:
        LOG.exception('Cleaning up the guest of %s failed', instance.uuid)


def _delete_allocations(compute, context, instance):
    # This host's claim goes; the conductor claims the alternate's own.
    try:
        compute.reportclient.delete_allocation_for_instance(context,
                                                            instance.uuid)
    except Exception:
        LOG.exception('Deleting the allocations of %s failed',
                      instance.uuid)
