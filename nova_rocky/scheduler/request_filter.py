"""Request filters: narrow the placement query before any host is seen.

Each filter looks at the request (and the host aggregates) and adds to
the ``ResourceRequest`` that becomes ``GET /allocation_candidates``, so
hosts that cannot serve the request are never candidates:

* ``require_tenant_aggregate`` (``[scheduler]
  limit_tenants_to_placement_aggregate``): aggregates whose metadata has a
  ``filter_tenant_id*`` key naming the project -> ``member_of``;
* ``map_az_to_placement_aggregate`` (``[scheduler]
  query_placement_for_availability_zone``): the aggregates of the
  requested zone -> ``member_of``;
* ``isolate_aggregates`` (``[scheduler]
  enable_isolated_aggregate_filtering``): an aggregate whose metadata has
  ``trait:<T>=required`` only takes requests that require every such T;
  the others are sent elsewhere with a forbidden-aggregate query
  (``member_of=!in:``);
* ``require_capability_traits`` (always): what the request needs from the
  virt driver becomes required ``COMPUTE_*`` traits, which computes report
  for their driver's capabilities (secure boot from the image's
  ``os_secure_boot=required``).

Aggregates come from the host manager's cache (one read per refresh).
Not run for a rebuild, which keeps its host.
"""

import os_traits
from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.scheduler import utils

CONF = conf.CONF
LOG = logging.getLogger(__name__)
TENANT_KEY_PREFIX = 'filter_tenant_id'


def _field(obj, name):
    return getattr(obj, name) if obj is not None and \
        obj.obj_attr_is_set(name) else None


def require_tenant_aggregate(spec_obj, res_req, aggregates):
    if not CONF.scheduler.limit_tenants_to_placement_aggregate:
        return
    project = spec_obj.project_id
    mine = sorted(agg.uuid for agg in aggregates if any(
        key.startswith(TENANT_KEY_PREFIX) and value == project
        for key, value in (agg.metadata or {}).items()))
    if mine:
        res_req.get_request_group('').member_of.append(mine)
    elif CONF.scheduler.placement_aggregate_required_for_tenants:
        raise exception.NoValidHost(
            reason='No hosts available for tenant')


def map_az_to_placement_aggregate(spec_obj, res_req, aggregates):
    if not CONF.scheduler.query_placement_for_availability_zone:
        return
    zone = _field(spec_obj, 'availability_zone')
    if not zone:
        return
    uuids = sorted(agg.uuid for agg in aggregates
                   if agg.availability_zone == zone)
    if uuids:
        res_req.get_request_group('').member_of.append(uuids)


def isolate_aggregates(spec_obj, res_req, aggregates):
    if not CONF.scheduler.enable_isolated_aggregate_filtering:
        return
    requested = res_req.all_required_traits
    forbidden = sorted(
        agg.uuid for agg in aggregates
        if utils.required_traits_of_metadata(agg.metadata) and not
        utils.required_traits_of_metadata(agg.metadata) <= requested)
    if forbidden:
        res_req.get_request_group('').forbidden_aggregates.update(forbidden)


def capability_traits(spec_obj):
    """COMPUTE_* traits the request needs from the virt driver."""
    traits = set()
    image = _field(spec_obj, 'image')
    props = _field(image, 'properties')
    if _field(props, 'os_secure_boot') == 'required':
        traits.add(os_traits.COMPUTE_SECURITY_UEFI_SECURE_BOOT)
    return traits


def require_capability_traits(spec_obj, res_req, aggregates):
    traits = capability_traits(spec_obj)
    if traits:
        res_req.get_request_group('').required_traits.update(traits)


ALL_REQUEST_FILTERS = (
    require_tenant_aggregate,
    map_az_to_placement_aggregate,
    require_capability_traits,
    # Last: it compares with the traits the others may have added.
    isolate_aggregates,
)


def process(spec_obj, res_req, aggregates):
    """Run every request filter on ``res_req``; NoValidHost if one says
    no host can do."""
    for request_filter in ALL_REQUEST_FILTERS:
        request_filter(spec_obj, res_req, aggregates)
    LOG.debug('Placement query after request filters: %s',
              res_req.to_querystring())
