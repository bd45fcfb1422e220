"""Handlers of /servers/{server_id}/os-instance-actions[/{request_id}].

The history of what was done to a server, by request id. From 2.21 it
is readable after the server was deleted; 2.51 shows the events to their
owner (tracebacks stay with the events policy); 2.58 pages the list
(``limit``, ``marker``, ``changes-since``) and adds ``updated_at``; 2.62
adds ``hostId`` and, per policy, ``host`` to each event.
"""

import copy

from oslo_utils import timeutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.handlers import servers as server_handlers
from nova_rocky.api.schemas import instance_actions as schema
from nova_rocky.api import validation
from nova_rocky.api.views import instance_actions as views
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.policies import instance_actions as policies

compute_api = server_handlers.compute_api


def _instance(req, server_id):
    context = req.context
    if microversion.is_at_least(req, '2.21'):
        context = copy.copy(context)
        context.read_deleted = 'yes'
    instance = compute_api.get(context, server_id)
    req.context.can(policies.INSTANCE_ACTIONS,
                    target={'project_id': instance.project_id})
    return instance


def _cell_context(req, instance):
    """The request context aimed at the cell holding the instance."""
    cell_context = getattr(instance, '_context', None)
    if cell_context is not None and getattr(cell_context, 'cell_uuid',
                                            None):
        return cell_context
    mapping = objects.InstanceMapping.get_by_instance_uuid(req.context,
                                                           instance.uuid)
    ctxt = copy.copy(req.context)
    nova_context.set_target_cell(ctxt, mapping.cell_mapping)
    return ctxt


def _paging(req):
    if not microversion.is_at_least(req, '2.58'):
        return None, None, {}
    limit, marker = common.get_limit_and_marker(req)
    filters = {}
    if 'changes-since' in req.GET:
        try:
            filters['changes-since'] = timeutils.parse_isotime(
                req.GET['changes-since'])
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid changes-since value')
    return limit, marker, filters


@validation.query_schema(schema.list_query_v258, '2.58')
def list_instance_actions(req, server_id):
    """GET /servers/{server_id}/os-instance-actions, newest first."""
    instance = _instance(req, server_id)
    if not instance.obj_attr_is_set('id'):
        # Still scheduling: no cell holds its history yet.
        return common.json_response(req, {'instanceActions': []})
    limit, marker, filters = _paging(req)
    try:
        found = objects.InstanceActionList.get_by_instance_uuid(
            _cell_context(req, instance), instance.uuid, limit=limit,
            marker=marker, filters=filters)
    except exception.MarkerNotFound:
        raise webob.exc.HTTPBadRequest(
            explanation='Marker %s could not be found.' % marker)
    actions = [views.action(req, a) for a in found]
    body = {'instanceActions': actions}
    if microversion.is_at_least(req, '2.58'):
        links = common.collection_links(
            req, actions, 'servers/%s/os-instance-actions' % server_id,
            id_key='request_id')
        if links:
            body['links'] = links
    return common.json_response(req, body)


def show_instance_action(req, server_id, request_id):
    """GET /servers/{server_id}/os-instance-actions/{request_id}."""
    instance = _instance(req, server_id)
    action = None
    if instance.obj_attr_is_set('id'):
        ctxt = _cell_context(req, instance)
        action = objects.InstanceAction.get_by_request_id(
            ctxt, instance.uuid, request_id)
    if action is None:
        raise webob.exc.HTTPNotFound(
            explanation='Action %s not found' % request_id)
    body = views.action(req, action)
    show_details = req.context.can(
        policies.EVENTS, target={'project_id': instance.project_id},
        fatal=False)
    if show_details or microversion.is_at_least(req, '2.51'):
        events = objects.InstanceActionEventList.get_by_action(ctxt,
                                                               action.id)
        body['events'] = [views.event(req, e, action.project_id,
                                      show_details) for e in events]
    return common.json_response(req, {'instanceAction': body})
