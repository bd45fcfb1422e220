"""Services and compute nodes of every cell, for the admin APIs.

os-services, os-hypervisors and os-availability-zone look at the hosts of
all cells at once. Services and compute nodes live in the cell databases,
so each listing runs in every cell (``scatter_gather_cells``, cell0 left
out: it never has hosts) and concatenates the answers in cell order. A
cell that fails or does not answer is logged and left out of the listing,
as upstream does.

Before microversion 2.53 services and compute nodes are named by their
integer database id, which is only unique inside one cell; a lookup by id
therefore asks every cell and returns all the matches, and the caller
decides what a duplicate means. From 2.53 they are named by uuid.

Results are ``(cell_mapping, object)`` pairs so a caller can target the
cell again for follow-up reads or writes (``target_cell``).
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

import nova_rocky.conf
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky.objects import aggregate as aggregate_obj
from nova_rocky.objects import cell_mapping as cell_obj
from nova_rocky.objects import compute_node as node_obj
from nova_rocky.objects import host_mapping as host_mapping_obj
from nova_rocky.objects import instance as instance_obj
from nova_rocky.objects import service as service_obj

CONF = nova_rocky.conf.CONF
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'


def cells(context):
    """The cell mappings that can hold hosts (every cell but cell0)."""
    return [cell for cell in cell_obj.CellMappingList.get_all(context)
            if cell.uuid != nova_context.CELL0_UUID]


def _in_all_cells(context, fn, *args, **kwargs):
    """``[(cell, fn(cell_context, ...)), ...]`` of the cells that answered."""
    mappings = cells(context)
    if not mappings:
        return []
    results = nova_context.scatter_gather_cells(
        context, mappings, nova_context.CELL_TIMEOUT, fn, *args, **kwargs)
    answered = []
    for cell in mappings:
        result = results.get(cell.uuid)
        if nova_context.is_cell_failure_sentinel(result):
            LOG.warning('Cell %s did not answer a host listing: %s',
                        cell.identity, result)
            continue
        answered.append((cell, result))
    return answered


def availability_zone(service, zones=None):
    """The zone shown for ``service``.

    A compute is in the zone of its host's aggregate (``zones``: the
    {host: zone} of :func:`host_zones`), else in
    ``[DEFAULT]default_availability_zone``; other services are in
    ``[DEFAULT]internal_service_availability_zone``.
    """
    if service.binary == COMPUTE_BINARY:
        return (zones or {}).get(service.host,
                                 CONF.default_availability_zone)
    return CONF.internal_service_availability_zone


def host_zones(context):
    """{host: zone} of every host in an aggregate with a zone (one
    API database query)."""
    zones = {}
    for aggregate in aggregate_obj.AggregateList.get_by_metadata_key(
            context, 'availability_zone'):
        for host in aggregate.hosts:
            zones.setdefault(host, aggregate.availability_zone)
    return zones


# -- services --------------------------------------------------------------

def service_get_all(context, host=None, binary=None, disabled=None):
    """``[(cell, Service), ...]`` of every cell, optionally filtered."""
    def _list(cctxt):
        return list(service_obj.ServiceList.get_all(
            cctxt, disabled=disabled, binary=binary, host=host))
    return [(cell, service)
            for cell, services in _in_all_cells(context, _list)
            for service in services]


def service_find(context, service_id):
    """Every ``(cell, Service)`` whose id (int) or uuid is ``service_id``."""
    if uuidutils.is_uuid_like(service_id):
        getter, key = service_obj.Service.get_by_uuid, service_id
    else:
        getter, key = service_obj.Service.get_by_id, int(service_id)

    def _get(cctxt):
        try:
            return [getter(cctxt, key)]
        except exception.ServiceNotFound:
            return []
    return [(cell, service)
            for cell, found in _in_all_cells(context, _get)
            for service in found]


def service_get_by_host_and_binary(context, host, binary):
    """``(cell, Service)`` of ``binary`` on ``host``, via its host mapping.

    :raises HostMappingNotFound: the host is not mapped to a cell (only
        computes are mapped, as upstream).
    :raises ServiceNotFound: the cell has no such service.
    """
    mapping = host_mapping_obj.HostMapping.get_by_host(context, host)
    cell = mapping.cell_mapping
    with nova_context.target_cell(context, cell) as cctxt:
        return cell, service_obj.Service.get_by_host_and_binary(
            cctxt, host, binary)


def compute_service_in_cell(context, cell, host):
    """The nova-compute Service of ``host`` in ``cell``; ServiceNotFound."""
    with nova_context.target_cell(context, cell) as cctxt:
        return service_obj.Service.get_by_host_and_binary(
            cctxt, host, COMPUTE_BINARY)


def instance_uuids_on_host(context, cell, host):
    """The uuids of the live instances on ``host`` in ``cell``."""
    with nova_context.target_cell(context, cell) as cctxt:
        return instance_obj.InstanceList.get_uuids_by_host(cctxt, host)


def instances_on_host(context, cell, host):
    """The live Instance objects on ``host`` in ``cell``."""
    with nova_context.target_cell(context, cell) as cctxt:
        return list(instance_obj.InstanceList.get_by_host(cctxt, host))


# -- compute nodes ---------------------------------------------------------

def _marker_id(cctxt, marker):
    """The integer id of the marker node in this cell, or None."""
    try:
        if uuidutils.is_uuid_like(marker):
            return node_obj.ComputeNode.get_by_uuid(cctxt, marker).id
        return node_obj.ComputeNode.get_by_id(cctxt, int(marker)).id
    except (exception.ComputeNodeNotFound, ValueError):
        return None


def compute_node_get_all(context, limit=None, marker=None):
    """``[(cell, ComputeNode), ...]`` in cell then id order, paged.

    ``marker`` is the id (or, from 2.53, the uuid) of the last node of
    the previous page; MarkerNotFound when no cell has it.
    """
    nodes = []
    pending_marker = marker
    for cell in cells(context):
        with nova_context.target_cell(context, cell) as cctxt:
            marker_id = None
            if pending_marker is not None:
                marker_id = _marker_id(cctxt, pending_marker)
                if marker_id is None:
                    # NOTE: nodes of cells before the marker's cell were
                    # on earlier pages.
                    continue
                pending_marker = None
            remaining = None if limit is None else limit - len(nodes)
            if remaining is not None and remaining <= 0:
                break
            found = node_obj.ComputeNodeList.get_all(
                cctxt, limit=remaining, marker_id=marker_id)
            nodes.extend((cell, node) for node in found)
    if pending_marker is not None:
        raise exception.MarkerNotFound(marker=marker)
    return nodes


def compute_node_find(context, node_id):
    """Every ``(cell, ComputeNode)`` whose id or uuid is ``node_id``."""
    def _get(cctxt):
        try:
            if uuidutils.is_uuid_like(node_id):
                return [node_obj.ComputeNode.get_by_uuid(cctxt, node_id)]
            return [node_obj.ComputeNode.get_by_id(cctxt, int(node_id))]
        except exception.ComputeNodeNotFound:
            return []
    return [(cell, node) for cell, found in _in_all_cells(context, _get)
            for node in found]


def compute_node_search(context, pattern):
    """``(cell, ComputeNode)`` pairs whose hypervisor_hostname contains
    ``pattern`` (a plain substring, as upstream's LIKE %pattern%)."""
    def _search(cctxt):
        return list(node_obj.ComputeNodeList.get_by_hypervisor(
            cctxt, pattern))
    return [(cell, node) for cell, found in _in_all_cells(context, _search)
            for node in found]


def compute_nodes_of_service(context, cell, service):
    """The compute nodes of ``service``'s host in ``cell``."""
    with nova_context.target_cell(context, cell) as cctxt:
        return [node for node in node_obj.ComputeNodeList.get_all_by_host(
            cctxt, service.host)]
