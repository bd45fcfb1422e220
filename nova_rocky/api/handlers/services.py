"""/os-services: list, enable/disable, force down and delete services.

Administrators only (``os_compute_api:os-services``). Services of every
cell are listed. Before 2.53 updates are actions named in the URL
(``enable``, ``disable``, ``disable-log-reason`` and from 2.11
``force-down``) on a host/binary pair found through the host mapping
(so only computes can be updated); from 2.53 a nova-compute service is
updated by uuid. ``DELETE`` takes the integer id (uuid from 2.53), refuses
(409) a compute that still hosts instances, and removes the compute's
nodes, resource providers and host mapping with it.
"""

from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import uuidutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.schemas import services as schema
from nova_rocky.api import validation
from nova_rocky.api.views import services as view
from nova_rocky.compute import host_api
from nova_rocky import exception
from nova_rocky.objects import host_mapping as host_mapping_obj
from nova_rocky.policies import services as policies
from nova_rocky.scheduler.client import report

LOG = logging.getLogger(__name__)


@validation.query_schema(schema.index_query)
def list_services(req):
    """GET /os-services[?host=&binary=]"""
    context = common.get_context(req)
    context.can(policies.BASE)
    found = host_api.service_get_all(
        context, host=req.GET.get('host') or None,
        binary=req.GET.get('binary') or None)
    return common.json_response(
        req, view.index(req, [service for _cell, service in found],
                        host_api.host_zones(context)))


# -- updates before 2.53: actions ------------------------------------------

def _update_by_host(context, body, values):
    host, binary = body['host'], body['binary']
    try:
        _cell, service = host_api.service_get_by_host_and_binary(
            context, host, binary)
    except exception.HostMappingNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    except exception.ServiceNotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Could not find binary %s on host %s.'
                        % (binary, host))
    # NOTE: the object keeps the cell-targeted context it was read with.
    for key, value in values.items():
        setattr(service, key, value)
    service.save()


def _enable(context, body):
    _update_by_host(context, body, {'disabled': False,
                                    'disabled_reason': None})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'enabled'}


def _disable(context, body):
    _update_by_host(context, body, {'disabled': True,
                                    'disabled_reason': None})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'disabled'}


def _disable_log_reason(context, body):
    if 'disabled_reason' not in body:
        raise webob.exc.HTTPBadRequest(
            explanation='Missing disabled reason field')
    reason = body['disabled_reason']
    _update_by_host(context, body, {'disabled': True,
                                    'disabled_reason': reason})
    return {'host': body['host'], 'binary': body['binary'],
            'status': 'disabled', 'disabled_reason': reason}


def _force_down(context, body):
    if 'forced_down' not in body:
        raise webob.exc.HTTPBadRequest(
            explanation='Missing forced_down field')
    forced_down = strutils.bool_from_string(body['forced_down'])
    _update_by_host(context, body, {'forced_down': forced_down})
    return {'host': body['host'], 'binary': body['binary'],
            'forced_down': forced_down}


ACTIONS = {'enable': _enable, 'disable': _disable,
           'disable-log-reason': _disable_log_reason}
ACTIONS_V211 = dict(ACTIONS, **{'force-down': _force_down})


@microversion.version_handler('2.1', '2.52')
@validation.schema(schema.service_update, '2.1', '2.10')
@validation.schema(schema.service_update_v211, '2.11', '2.52')
def update_service(req, service_id, body):
    """PUT /os-services/{action} (2.1 - 2.52)"""
    context = common.get_context(req)
    context.can(policies.BASE)
    actions = (ACTIONS_V211 if microversion.is_at_least(req, '2.11')
               else ACTIONS)
    if service_id not in actions:
        raise webob.exc.HTTPNotFound(explanation='Unknown action')
    return common.json_response(
        req, {'service': actions[service_id](context, body)})


# -- updates from 2.53: by uuid --------------------------------------------

def _find_one(context, service_id):
    found = host_api.service_find(context, service_id)
    if not found:
        raise webob.exc.HTTPNotFound(
            explanation='Service %s not found.' % service_id)
    if len(found) > 1:
        raise webob.exc.HTTPBadRequest(
            explanation='Service id %s refers to multiple services.'
                        % service_id)
    return found[0]


def _apply_v253(service, body):
    if body.get('status') == 'enabled':
        if body.get('disabled_reason'):
            raise webob.exc.HTTPBadRequest(
                explanation="Specifying 'disabled_reason' with status "
                            "'enabled' is invalid.")
        service.disabled = False
        service.disabled_reason = None
    elif body.get('status') == 'disabled':
        service.disabled = True
        service.disabled_reason = body.get('disabled_reason')
    if 'forced_down' in body:
        service.forced_down = strutils.bool_from_string(
            body['forced_down'], strict=True)


@microversion.version_handler('2.53')  # noqa: F811
@validation.schema(schema.service_update_v253)
def update_service(req, service_id, body):  # noqa: F811
    """PUT /os-services/{service_uuid} (2.53)"""
    if not uuidutils.is_uuid_like(service_id):
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid uuid %s' % service_id)
    context = common.get_context(req)
    context.can(policies.BASE)
    _cell, service = _find_one(context, service_id)
    if service.binary != host_api.COMPUTE_BINARY:
        raise webob.exc.HTTPBadRequest(
            explanation='Updating a %s service is not supported. Only '
                        'nova-compute services can be updated.'
                        % service.binary)
    if 'status' not in body and 'forced_down' not in body:
        raise webob.exc.HTTPBadRequest(
            explanation="No updates were requested. Fields 'status' or "
                        "'forced_down' should be specified.")
    _apply_v253(service, body)
    service.save()
    return common.json_response(req, {'service': view.detail(req, service)})


# -- delete ----------------------------------------------------------------

def _check_id(req, service_id):
    if microversion.is_at_least(req, view.UUID_FOR_ID_VERSION):
        if not uuidutils.is_uuid_like(service_id):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid uuid %s' % service_id)
    else:
        try:
            int(service_id)
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid input received: id must be an '
                            'integer')


def _forget_compute(context, cell, service):
    """Refuse if the compute hosts instances; drop its providers and
    host mapping (its compute nodes go with the service row)."""
    if host_api.instance_uuids_on_host(context, cell, service.host):
        raise webob.exc.HTTPConflict(
            explanation='Unable to delete compute service that is hosting '
                        'instances. Migrate or delete the instances first.')
    for node in host_api.compute_nodes_of_service(context, cell, service):
        try:
            report.get_client().delete_resource_provider(
                context, node.uuid, cascade=True)
        except Exception as e:
            # NOTE: an orphaned provider only wastes a placement row; it
            # must not keep the operator from removing a dead host.
            LOG.warning('Could not delete resource provider %s of '
                        'service %s: %s', node.uuid, service.uuid, e)
    try:
        host_mapping_obj.HostMapping.get_by_host(
            context, service.host).destroy()
    except exception.HostMappingNotFound:
        pass


def delete_service(req, service_id):
    """DELETE /os-services/{service_id}; 204."""
    context = common.get_context(req)
    context.can(policies.BASE)
    _check_id(req, service_id)
    cell, service = _find_one(context, service_id)
    if service.binary == host_api.COMPUTE_BINARY:
        _forget_compute(context, cell, service)
    try:
        service.destroy()
    except exception.ServiceNotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Service %s not found.' % service_id)
    return common.empty_response(status=204)
