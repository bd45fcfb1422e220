"""/os-hypervisors: the compute nodes of every cell (administrators).

* ``GET /os-hypervisors`` and ``/detail``: 2.33 adds ``limit`` /
  ``marker`` paging and ``hypervisors_links``; 2.53 names nodes by uuid
  and adds ``hypervisor_hostname_pattern`` (substring match, no paging)
  and ``with_servers``.
* ``GET /os-hypervisors/{id}``: integer id, uuid from 2.53 (with
  ``with_servers``).
* ``GET /os-hypervisors/statistics``: sums over the nodes of enabled
  computes.
* ``GET /os-hypervisors/{pattern}/search`` and ``/{pattern}/servers``:
  2.1 - 2.52 only (404 from 2.53, as upstream).
* ``GET /os-hypervisors/{id}/uptime``: the compute RPC API has no uptime
  call yet, so this answers 501 after the node is found, which is what
  upstream answers for a driver without uptime support.

A node whose compute service is gone is left out of lists, as upstream.
"""

from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import uuidutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.schemas import hypervisors as schema
from nova_rocky.api import validation
from nova_rocky.api.views import hypervisors as view
from nova_rocky.compute import host_api
from nova_rocky import exception
from nova_rocky.policies import hypervisors as policies

LOG = logging.getLogger(__name__)


def _context(req):
    context = common.get_context(req)
    context.can(policies.BASE)
    return context


def _with_servers(req):
    if not microversion.is_at_least(req, view.UUID_FOR_ID_VERSION):
        return False
    return strutils.bool_from_string(req.GET.get('with_servers', False),
                                     strict=True)


def _by_pattern(context, pattern):
    nodes = host_api.compute_node_search(context, pattern)
    if not nodes:
        raise webob.exc.HTTPNotFound(
            explanation="No hypervisor matching '%s' could be found."
                        % pattern)
    return nodes


def _views(req, context, nodes, detail, with_servers=False):
    """Views of ``(cell, node)`` pairs whose compute service exists."""
    result = []
    for cell, node in nodes:
        try:
            service = host_api.compute_service_in_cell(context, cell,
                                                       node.host)
        except exception.ServiceNotFound:
            LOG.debug('Compute node %s has no compute service; not '
                      'listed.', node.uuid)
            continue
        servers = (host_api.instances_on_host(context, cell, node.host)
                   if with_servers else None)
        result.append(view.hypervisor(req, node, service, detail, servers))
    return result


def _list(req, detail):
    context = _context(req)
    paged = microversion.is_at_least(req, '2.33')
    pattern = None
    if microversion.is_at_least(req, view.UUID_FOR_ID_VERSION):
        pattern = req.GET.get('hypervisor_hostname_pattern')
    if pattern is not None:
        if 'limit' in req.GET or 'marker' in req.GET:
            raise webob.exc.HTTPBadRequest(
                explanation='Paging over hypervisors with the '
                            'hypervisor_hostname_pattern query parameter is '
                            'not supported.')
        nodes, paged = _by_pattern(context, pattern), False
    else:
        limit, marker = (common.get_limit_and_marker(req) if paged
                         else (None, None))
        try:
            nodes = host_api.compute_node_get_all(context, limit, marker)
        except exception.MarkerNotFound:
            raise webob.exc.HTTPBadRequest(
                explanation='marker [%s] not found' % marker)
    hypervisors = _views(req, context, nodes, detail, _with_servers(req))
    return common.json_response(
        req, view.collection(req, hypervisors, detail, links=paged))


@validation.query_schema(schema.list_query_v233, '2.33', '2.52')
@validation.query_schema(schema.list_query_v253, '2.53')
def list_hypervisors(req):
    """GET /os-hypervisors"""
    return _list(req, detail=False)


@validation.query_schema(schema.list_query_v233, '2.33', '2.52')
@validation.query_schema(schema.list_query_v253, '2.53')
def list_hypervisors_detail(req):
    """GET /os-hypervisors/detail"""
    return _list(req, detail=True)


def _not_found(hypervisor_id):
    return webob.exc.HTTPNotFound(
        explanation="Hypervisor with ID '%s' could not be found."
                    % hypervisor_id)


def _find(req, context, hypervisor_id):
    """``(cell, node, service)`` of one hypervisor id; 400/404."""
    if microversion.is_at_least(req, view.UUID_FOR_ID_VERSION):
        if not uuidutils.is_uuid_like(hypervisor_id):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid uuid %s' % hypervisor_id)
    elif not hypervisor_id.isdigit():
        raise _not_found(hypervisor_id)
    found = host_api.compute_node_find(context, hypervisor_id)
    # NOTE: an integer id can exist in several cells; upstream shows the
    # first cell's node.
    if not found:
        raise _not_found(hypervisor_id)
    cell, node = found[0]
    try:
        service = host_api.compute_service_in_cell(context, cell, node.host)
    except exception.ServiceNotFound:
        raise _not_found(hypervisor_id)
    return cell, node, service


@validation.query_schema(schema.show_query_v253, '2.53')
def show_hypervisor(req, hypervisor_id):
    """GET /os-hypervisors/{hypervisor_id}"""
    context = _context(req)
    cell, node, service = _find(req, context, hypervisor_id)
    servers = (host_api.instances_on_host(context, cell, node.host)
               if _with_servers(req) else None)
    return common.json_response(req, {'hypervisor': view.hypervisor(
        req, node, service, detail=True, servers=servers)})


def show_statistics(req):
    """GET /os-hypervisors/statistics"""
    context = _context(req)
    enabled = {(cell.uuid, service.host) for cell, service in
               host_api.service_get_all(context,
                                        binary=host_api.COMPUTE_BINARY,
                                        disabled=False)}
    nodes = [node for cell, node in host_api.compute_node_get_all(context)
             if (cell.uuid, node.host) in enabled]
    return common.json_response(req, view.statistics(nodes))


def show_uptime(req, hypervisor_id):
    """GET /os-hypervisors/{hypervisor_id}/uptime: 501 (see above)."""
    context = _context(req)
    _find(req, context, hypervisor_id)
    raise webob.exc.HTTPNotImplemented(
        explanation='The requested functionality is not supported.')


@microversion.version_handler('2.1', '2.52')
def search_hypervisors(req, hypervisor_hostname_pattern):
    """GET /os-hypervisors/{pattern}/search (2.1 - 2.52)"""
    context = _context(req)
    nodes = _by_pattern(context, hypervisor_hostname_pattern)
    return common.json_response(req, view.collection(
        req, _views(req, context, nodes, detail=False), detail=False))


@microversion.version_handler('2.1', '2.52')
def list_hypervisor_servers(req, hypervisor_hostname_pattern):
    """GET /os-hypervisors/{pattern}/servers (2.1 - 2.52)"""
    context = _context(req)
    nodes = _by_pattern(context, hypervisor_hostname_pattern)
    return common.json_response(req, view.collection(
        req, _views(req, context, nodes, detail=False, with_servers=True),
        detail=False))
