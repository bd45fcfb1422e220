"""Delete one instance on this compute.

The API has recorded the 'delete' action and set task_state ``deleting``.
This flow removes the guest, the instance's allocations in placement and
the instance record (soft-deleted in its cell), recording the event
``compute_terminate_instance``.

The InstanceMapping is left alone: it lives in the API database, which a
compute (and a cell conductor) cannot reach. The API marks it
``queued_for_delete`` when it accepts the delete, as upstream does, and
the archive tooling removes it with the instance's row.
"""

from oslo_log import log as logging

from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states
from nova_rocky.notifications import instance as notify

LOG = logging.getLogger(__name__)

EVENT = 'compute_terminate_instance'


def terminate_instance(compute, context, instance, bdms=None,
                       delete_type=None):
    """Destroy the guest, the allocations and the record; never raises."""
    with compute.instance_locks.hold(instance.uuid):
        with compute_utils.EventReporter(context, EVENT, compute.host,
                                         instance.uuid):
            notify.send(context, instance, compute.host, 'delete', 'start')
            try:
                compute.driver.destroy(context, instance, network_info=None,
                                       block_device_info=None,
                                       destroy_disks=True)
                compute.reportclient.delete_allocation_for_instance(
                    context, instance.uuid)
                instance.destroy()
                notify.send(context, instance, compute.host, 'delete',
                            'end')
                LOG.info('Deleted instance %s on %s', instance.uuid,
                         compute.host)
            except Exception as exc:
                if compute_utils.is_instance_gone(exc):
                    LOG.info('Instance %s was already deleted',
                             instance.uuid)
                    return
                LOG.exception('Deleting instance %s failed', instance.uuid)
                _set_error(context, compute, instance, exc)


def _set_error(context, compute, instance, exc):
    compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                              host=compute.host)
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except Exception:
        LOG.exception('Could not set %s to ERROR', instance.uuid)
