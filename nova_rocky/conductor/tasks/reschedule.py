"""Reschedule failed builds to the alternates the scheduler gave.

A compute whose build failed deletes its allocation and casts
``build_instances`` with, per instance, the alternates it did not try. For
each instance this flow claims the next alternate's allocation request in
placement (another boot may have taken the room meanwhile, so it goes on
down the list) and casts the build to that host with the rest of the list.
The scheduler is never asked again. With no alternate left the instance
goes to ERROR with a MaxRetriesExceeded fault naming the last failure.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils

from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states
from nova_rocky.conductor.tasks import build
from nova_rocky import exception

LOG = logging.getLogger(__name__)


def build_instances(conductor, context, instances, image, filter_properties,
                    admin_password, injected_files, requested_networks,
                    security_groups, block_device_mapping, request_spec=None,
                    host_lists=None):
    """Send each instance to its next claimable alternate, or to ERROR."""
    host_lists = host_lists or [[] for _ in instances]
    filter_properties = filter_properties or {}
    retry = filter_properties.get('retry') or {}
    for instance, host_list in zip(instances, host_lists):
        host_list = list(host_list or [])
        try:
            selection = _claim_next(conductor, context, instance, host_list)
            if selection is None:
                _give_up(context, instance, retry)
                continue
            instance.host = selection.service_host
            instance.node = selection.nodename
            instance.save()
            props = build.filter_properties_for(
                selection, retry.get('num_attempts', 1) + 1,
                list(retry.get('hosts', [])))
            conductor.compute_rpcapi.build_and_run_instance(
                context, instance, selection.service_host, image,
                request_spec, props, admin_password=admin_password,
                injected_files=injected_files,
                requested_networks=requested_networks,
                security_groups=security_groups,
                block_device_mapping=block_device_mapping,
                node=selection.nodename,
                limits=selection.limits if selection.obj_attr_is_set(
                    'limits') else None,
                host_list=host_list)
        except Exception as exc:
            if compute_utils.is_instance_gone(exc):
                LOG.info('Instance %s was deleted while rescheduling',
                         instance.uuid)
                _forget_allocations(conductor, context, instance.uuid)
                continue
            LOG.exception('Rescheduling %s failed', instance.uuid)
            _forget_allocations(conductor, context, instance.uuid)
            _set_error(context, instance, exc)


def _claim_next(conductor, context, instance, host_list):
    """Pop alternates until one's allocation request can be claimed."""
    while host_list:
        selection = host_list.pop(0)
        if not (selection.obj_attr_is_set('allocation_request') and
                selection.allocation_request):
            return selection
        claimed = conductor.report_client.claim_resources(
            context, instance.uuid,
            jsonutils.loads(selection.allocation_request),
            instance.project_id, instance.user_id,
            allocation_request_version=selection.allocation_request_version)
        if claimed:
            return selection
        LOG.debug('Alternate %s is full now for %s', selection.service_host,
                  instance.uuid)
    return None


def _give_up(context, instance, retry):
    reason = ('Exhausted all hosts available for retrying build failures '
              'for instance %s.' % instance.uuid)
    if retry.get('exc_reason'):
        reason += ' Last failure: %s' % retry['exc_reason']
    LOG.warning(reason)
    _set_error(context, instance, exception.MaxRetriesExceeded(reason=reason))


def _set_error(context, instance, exc):
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    instance.host = None
    instance.node = None
    try:
        instance.save()
    except Exception as save_exc:
        LOG.warning('Could not set %s to ERROR: %s', instance.uuid,
                    save_exc)
        return
    compute_utils.add_instance_fault_from_exc(context, instance, exc)


def _forget_allocations(conductor, context, instance_uuid):
    try:
        conductor.report_client.delete_allocation_for_instance(
            context, instance_uuid)
    except Exception:
        LOG.exception('Could not delete the allocations of %s',
                      instance_uuid)
