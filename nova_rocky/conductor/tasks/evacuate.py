"""Choosing the destination of an evacuation (the rebuild flow's step 1).

The source host is down. Its allocations first move, in one placement
request, from the instance to the evacuation's Migration record (its
uuid is the consumer), so the instance can claim the destination as a
consumer with no allocations. Then either:

* a forced host (``force`` with a host, 2.29+): the amounts the source
  held are claimed on the destination's compute node without the
  scheduler (placement still refuses what does not fit); or
* the scheduler picks a host (the one the admin named, through the
  request's ``requested_destination``, or any other than the source),
  running its filters and claiming the destination.

If that fails the allocations move back to the instance and the failure
goes to the rebuild flow, which leaves the server as it was. The
migration records the destination and becomes ``pre-migrating``; the
destination compute marks it ``done`` and the source, when it comes
back, removes the guest and the allocations left on the migration and
marks it ``completed`` (``compute/flows/evacuation.py``).
"""

from oslo_log import log as logging

from nova_rocky.conductor.tasks import rebuild
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)


def choose_destination(conductor, context, instance, request_spec, host,
                       migration):
    """Return (host, node) of the destination; allocations claimed."""
    report = conductor.report_client
    moved = report.move_allocations(context, instance.uuid, migration.uuid)
    try:
        if host:
            node = _claim_forced_host(conductor, context, instance, host,
                                      migration)
        else:
            host, node = _schedule(conductor, context, instance,
                                   request_spec)
    except Exception:
        if moved:
            try:
                report.move_allocations(context, migration.uuid,
                                        instance.uuid)
            except Exception:
                LOG.exception('Could not give the source allocations back '
                              'to instance %s', instance.uuid)
        raise
    migration.dest_compute = host
    migration.dest_node = node
    migration.status = 'pre-migrating'
    migration.save()
    return host, node


def _schedule(conductor, context, instance, request_spec):
    if request_spec is None:
        raise exception.NoValidHost(
            reason='The request spec of the instance is missing.')
    spec = request_spec.obj_clone()
    hints = dict(spec.scheduler_hints or {}) if spec.obj_attr_is_set(
        'scheduler_hints') else {}
    hints.pop(rebuild.REBUILD_HINT, None)
    spec.scheduler_hints = hints
    spec.force_hosts = None
    spec.force_nodes = None
    spec.ignore_hosts = [instance.host]
    selections = conductor.scheduler_client.select_destinations(
        context, spec, [instance.uuid], return_objects=True,
        return_alternates=False)
    selection = selections[0][0]
    return selection.service_host, selection.nodename


def _claim_forced_host(conductor, context, instance, host, migration):
    nodes = objects.ComputeNodeList.get_all_by_host(context, host)
    if not nodes:
        raise exception.ComputeHostNotFound(host=host)
    node = nodes[0]
    held = conductor.report_client.get_allocations_for_consumer(
        context, migration.uuid)
    resources = {}
    for allocation in held.values():
        for rc, amount in allocation['resources'].items():
            resources[rc] = resources.get(rc, 0) + amount
    if not resources:
        flavor = instance.flavor
        resources = {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.memory_mb,
                     'DISK_GB': flavor.root_gb + flavor.ephemeral_gb}
    claimed = conductor.report_client.claim_resources(
        context, instance.uuid,
        {'allocations': {node.uuid: {'resources': resources}}},
        instance.project_id, instance.user_id)
    if not claimed:
        raise exception.NoValidHost(
            reason='Host %s cannot hold the instance\'s resources.' % host)
    return node.hypervisor_hostname
