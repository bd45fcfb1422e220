"""Bring an instance's power_state in line with a driver lifecycle event.

Events for instances a flow is working on (building, deleting) are
dropped: that flow writes the final state itself, and reading the
instance here would cost a conductor round trip per event and race the
flow's saves. Instances with a task in flight are left alone too, as
upstream's power state sync does.
"""

from oslo_log import log as logging

from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)


def handle_lifecycle_event(compute, context, event):
    """Save the driver's power state of the event's instance if changed."""
    if compute.instance_locks.is_busy(event.uuid):
        return
    try:
        instance = objects.Instance.get_by_uuid(context, event.uuid)
        state = compute.driver.get_info(instance).state
    except exception.InstanceNotFound:
        return
    if instance.host != compute.host or instance.task_state is not None:
        return
    if instance.power_state != state:
        LOG.info('Instance %s is now %s (%s)', event.uuid, event.get_name(),
                 state)
        instance.power_state = state
        instance.save(expected_task_state=None)
