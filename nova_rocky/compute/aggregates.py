"""Host aggregates: what the /os-aggregates handlers call.

Every change is made in the API database first, then mirrored in
placement on the resource providers of the member hosts' compute nodes:

* membership: the provider is in the placement aggregate of the same
  uuid (what the ``member_of`` request filters query);
* metadata ``trait:<NAME>=required``: the provider has trait NAME (so a
  request can be steered to, or kept away from, those hosts).

A placement failure does not undo the database change: it is logged and
``nova-manage placement sync_aggregates`` repairs the difference, as
upstream does.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.objects import aggregate as aggregate_obj
from nova_rocky.scheduler.client import membership
from nova_rocky.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)


_SCHEDULERS = []


def _tell_schedulers(context, aggregate, deleted=False):
    """Push the change to every scheduler (fanout); they would otherwise
    see it only at their next host state refresh."""
    from nova_rocky.scheduler import rpcapi as scheduler_rpcapi
    if not _SCHEDULERS:
        _SCHEDULERS.append(scheduler_rpcapi.SchedulerAPI())
    try:
        if deleted:
            _SCHEDULERS[0].delete_aggregate(context, aggregate)
        else:
            _SCHEDULERS[0].update_aggregates(context, [aggregate])
    except Exception as exc:
        LOG.warning('Could not tell the schedulers about aggregate %s: %s',
                    aggregate.uuid, exc)


def _report_client():
    from nova_rocky.scheduler.client import report
    return report.get_client()


def node_uuids_of_host(context, host):
    """Compute node (provider) uuids of ``host``.

    :raises ComputeHostNotFound: the host is not mapped to a cell or has
        no compute node there
    """
    try:
        mapping = objects.HostMapping.get_by_host(context, host)
    except exception.HostMappingNotFound:
        raise exception.ComputeHostNotFound(host=host)
    with nova_context.target_cell(context, mapping.cell_mapping) as cctxt:
        nodes = objects.ComputeNodeList.get_all_by_host(cctxt, host)
    if not nodes:
        raise exception.ComputeHostNotFound(host=host)
    return [node.uuid for node in nodes]


def check_metadata_traits(metadata):
    """400 for a ``trait:`` key that names no trait."""
    for key, value in (metadata or {}).items():
        match = scheduler_utils.XS_KEYPAT.match(key)
        if value is None or not match or match.group(1) != 'trait':
            continue
        if not scheduler_utils.is_valid_trait(match.group(3)):
            raise exception.InvalidTraitName(key=key, trait=match.group(3))


def _zone_conflict(context, host, zone, skip_id):
    """The other zone ``host`` is in, if it differs from ``zone``."""
    for other in objects.AggregateList.get_by_host(
            context, host, key=aggregate_obj.AZ_KEY):
        if other.id != skip_id and other.availability_zone != zone:
            return other.availability_zone
    return None


def create(context, name, availability_zone=None):
    metadata = ({aggregate_obj.AZ_KEY: availability_zone}
                if availability_zone else {})
    aggregate = objects.Aggregate(context, uuid=uuidutils.generate_uuid(),
                                  name=name, metadata=metadata)
    aggregate.create()
    _tell_schedulers(context, aggregate)
    return aggregate


def get(context, aggregate_id):
    return objects.Aggregate.get_by_id(context, aggregate_id)


def update(context, aggregate_id, name=None, availability_zone=None,
           zone_given=False):
    """Rename and/or set the zone (``zone_given`` with None clears it)."""
    aggregate = get(context, aggregate_id)
    updates = {}
    if zone_given:
        for host in aggregate.hosts:
            other = _zone_conflict(context, host, availability_zone,
                                   aggregate.id)
            if availability_zone and other:
                raise exception.InvalidAggregateAction(
                    action='update', aggregate_id=aggregate_id,
                    reason='host %s is in availability zone %s' % (
                        host, other))
        updates[aggregate_obj.AZ_KEY] = availability_zone
    aggregate.update(name=name, metadata_updates=updates)
    _tell_schedulers(context, aggregate)
    return aggregate


def set_metadata(context, aggregate_id, metadata):
    """Change metadata (None deletes a key) and the hosts' traits."""
    check_metadata_traits(metadata)
    aggregate = get(context, aggregate_id)
    if metadata.get(aggregate_obj.AZ_KEY):
        for host in aggregate.hosts:
            other = _zone_conflict(context, host,
                                   metadata[aggregate_obj.AZ_KEY],
                                   aggregate.id)
            if other:
                raise exception.InvalidAggregateAction(
                    action='update', aggregate_id=aggregate_id,
                    reason='host %s is in availability zone %s' % (
                        host, other))
    before = scheduler_utils.required_traits_of_metadata(aggregate.metadata)
    aggregate.update(metadata_updates=metadata)
    after = scheduler_utils.required_traits_of_metadata(aggregate.metadata)
    for host in aggregate.hosts:
        _mirror_traits(context, host, add=after - before,
                       remove=before - after)
    _tell_schedulers(context, aggregate)
    return aggregate


def delete(context, aggregate_id):
    aggregate = get(context, aggregate_id)
    aggregate.destroy()
    _tell_schedulers(context, aggregate, deleted=True)


def add_host(context, aggregate_id, host):
    """Add a host (404 if unknown, 409 on a zone conflict)."""
    aggregate = get(context, aggregate_id)
    node_uuids_of_host(context, host)
    zone = aggregate.availability_zone
    if zone:
        other = _zone_conflict(context, host, zone, aggregate.id)
        if other:
            raise exception.AggregateHostConflict(
                aggregate_id=aggregate_id, host=host, zone=other)
    aggregate.add_host(host)
    _mirror_membership(context, host, add=[aggregate.uuid])
    _mirror_traits(context, host, add=scheduler_utils.
                   required_traits_of_metadata(aggregate.metadata))
    _tell_schedulers(context, aggregate)
    return aggregate


def remove_host(context, aggregate_id, host):
    aggregate = get(context, aggregate_id)
    aggregate.delete_host(host)
    _mirror_membership(context, host, remove=[aggregate.uuid])
    _mirror_traits(context, host, remove=scheduler_utils.
                   required_traits_of_metadata(aggregate.metadata))
    _tell_schedulers(context, aggregate)
    return aggregate


def _still_required(context, host):
    traits = set()
    for agg in objects.AggregateList.get_by_host(context, host):
        traits |= scheduler_utils.required_traits_of_metadata(agg.metadata)
    return traits


def _providers(context, host):
    try:
        return node_uuids_of_host(context, host)
    except exception.ComputeHostNotFound:
        LOG.warning('Host %s has no compute node any more; placement is '
                    'left as it is', host)
        return []


def _mirror_membership(context, host, add=(), remove=()):
    client = _report_client()
    for rp_uuid in _providers(context, host):
        try:
            membership.change_aggregates(client, context, rp_uuid, add,
                                         remove)
        except Exception as exc:
            LOG.warning('Could not update the placement aggregates of %s '
                        '(%s): %s; run "nova-manage placement '
                        'sync_aggregates"', host, rp_uuid, exc)


def _mirror_traits(context, host, add=(), remove=()):
    # A trait another aggregate of the host still requires stays.
    remove = set(remove) - _still_required(context, host)
    if not add and not remove:
        return
    client = _report_client()
    for rp_uuid in _providers(context, host):
        try:
            membership.change_traits(client, context, rp_uuid, add, remove)
        except Exception as exc:
            LOG.warning('Could not update the traits of %s (%s): %s', host,
                        rp_uuid, exc)
