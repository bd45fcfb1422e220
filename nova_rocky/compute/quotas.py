"""Quota checks of the compute API: servers, cores, RAM, metadata items.

Limits come from the ``[quota]`` options (-1: unlimited). Usage is counted,
not reserved: the servers of the project in every cell (soft-deleted ones
included, as they still hold their resources) plus the servers still
scheduling (build requests). A server the conductor is moving from its
build request into a cell may be counted twice for a moment, never zero
times, so the check errs on the safe side.
"""

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)
CONF = conf.CONF

RESOURCES = ('instances', 'cores', 'ram')


def _limits():
    return {name: getattr(CONF.quota, name) for name in RESOURCES}


def _count_cell(cctxt, project_id):
    instances = objects.InstanceList.get_by_filters(
        cctxt, {'project_id': project_id, 'deleted': False,
                'soft_deleted': True})
    return [(inst.vcpus or 0, inst.memory_mb or 0) for inst in instances]


def usage(context, project_id):
    """``{'instances': n, 'cores': n, 'ram': mb}`` used by the project."""
    sizes = []
    cells = objects.CellMappingList.get_all(context)
    results = nova_context.scatter_gather_cells(
        context, cells, nova_context.CELL_TIMEOUT, _count_cell, project_id)
    for cell_uuid, result in results.items():
        if nova_context.is_cell_failure_sentinel(result):
            # NOTE: a cell we cannot read cannot be counted; refusing every
            # boot because one cell is down would be worse.
            LOG.warning('Cell %s did not answer the quota count', cell_uuid)
            continue
        sizes.extend(result)
    for build_request in objects.BuildRequestList.get_by_filters(
            context, {'project_id': project_id}):
        inst = build_request.instance
        sizes.append((_attr(inst, 'vcpus'), _attr(inst, 'memory_mb')))
    return {'instances': len(sizes),
            'cores': sum(vcpus for vcpus, _ram in sizes),
            'ram': sum(ram for _vcpus, ram in sizes)}


def _attr(instance, name):
    return (getattr(instance, name) or 0) if instance.obj_attr_is_set(
        name) else 0


def _headroom(limits, used, per_instance):
    """How many more instances each limited resource allows."""
    room = {}
    for name, limit in limits.items():
        if limit < 0:
            continue
        if per_instance[name] <= 0:
            continue
        room[name] = max(limit - used[name], 0) // per_instance[name]
    return room


def check_instances(context, flavor, min_count, max_count):
    """How many of ``max_count`` instances the project may create.

    :returns: a count between ``min_count`` and ``max_count``
    :raises TooManyInstances: (403) not even ``min_count`` fit
    """
    limits = _limits()
    if all(limit < 0 for limit in limits.values()):
        return max_count
    per_instance = {'instances': 1, 'cores': flavor.vcpus,
                    'ram': flavor.memory_mb}
    used = usage(context, context.project_id)
    room = _headroom(limits, used, per_instance)
    allowed = min([max_count] + list(room.values()))
    if allowed >= min_count:
        return allowed
    # Name every resource that cannot hold min_count, upstream's message.
    overs = [name for name in RESOURCES
             if name in room and room[name] < min_count]
    raise exception.TooManyInstances(
        overs=', '.join(overs),
        req=', '.join(str(per_instance[n] * min_count) for n in overs),
        used=', '.join(str(used[n]) for n in overs),
        allowed=', '.join(str(limits[n]) for n in overs))


def check_metadata(metadata):
    """Refuse more metadata items than ``[quota]metadata_items`` (403)."""
    allowed = CONF.quota.metadata_items
    if allowed >= 0 and len(metadata or {}) > allowed:
        raise exception.QuotaError(
            message='Maximum number of metadata items exceeds %d' % allowed)
