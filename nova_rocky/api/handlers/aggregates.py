"""/os-aggregates: host aggregates and availability zones (admin only).

* ``GET`` lists, ``POST`` creates (200; ``name`` must be unique: 409),
  ``GET /{id}`` shows, ``PUT /{id}`` renames or sets the zone,
  ``DELETE /{id}`` deletes an empty aggregate (200; 400 if it has hosts).
* ``POST /{id}/action``: ``add_host`` (404 for a host nova does not
  know, 409 if already there or in another zone), ``remove_host`` (404 if
  not a member) and ``set_metadata`` (null deletes a key; a
  ``trait:<NAME>`` key must name a real trait).

Changes are mirrored in placement (``nova_rocky.compute.aggregates``).
"""

import webob.exc

from nova_rocky.api import common
from nova_rocky.api.schemas import aggregates as schema
from nova_rocky.api import validation
from nova_rocky.api.views import aggregates as view
from nova_rocky.compute import aggregates as aggregate_api
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.policies import aggregates as policies

_ACTIONS = {
    'add_host': (schema.add_host, policies.ADD_HOST),
    'remove_host': (schema.remove_host, policies.REMOVE_HOST),
    'set_metadata': (schema.set_metadata, policies.SET_METADATA),
}


def _context(req, policy):
    context = common.get_context(req)
    context.can(policy, {})
    return context


def _aggregate_id(aggregate_id):
    try:
        return int(aggregate_id)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Aggregate ID must be an integer.')


def list_aggregates(req):
    """GET /os-aggregates"""
    context = _context(req, policies.INDEX)
    return common.json_response(
        req, view.index(req, objects.AggregateList.get_all(context)))


@validation.schema(schema.create)
def create_aggregate(req, body):
    """POST /os-aggregates"""
    context = _context(req, policies.CREATE)
    params = body['aggregate']
    aggregate = aggregate_api.create(context, params['name'].strip(),
                                     params.get('availability_zone'))
    return common.json_response(req, view.created(req, aggregate))


def show_aggregate(req, aggregate_id):
    """GET /os-aggregates/{aggregate_id}"""
    context = _context(req, policies.SHOW)
    aggregate = aggregate_api.get(context, _aggregate_id(aggregate_id))
    return common.json_response(req, view.show(req, aggregate))


@validation.schema(schema.update)
def update_aggregate(req, aggregate_id, body):
    """PUT /os-aggregates/{aggregate_id}"""
    context = _context(req, policies.UPDATE)
    params = body['aggregate']
    try:
        aggregate = aggregate_api.update(
            context, _aggregate_id(aggregate_id), name=params.get('name'),
            availability_zone=params.get('availability_zone'),
            zone_given='availability_zone' in params)
    except exception.InvalidAggregateAction as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    return common.json_response(req, view.show(req, aggregate))


def delete_aggregate(req, aggregate_id):
    """DELETE /os-aggregates/{aggregate_id}"""
    context = _context(req, policies.DELETE)
    try:
        aggregate_api.delete(context, _aggregate_id(aggregate_id))
    except exception.InvalidAggregateAction as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    return common.empty_response(status=200)


def aggregate_action(req, aggregate_id, body):
    """POST /os-aggregates/{aggregate_id}/action"""
    name = next(iter(body), None) if isinstance(body, dict) and \
        len(body) == 1 else None
    if name not in _ACTIONS:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid request body: one of %s expected.'
            % ', '.join(sorted(_ACTIONS)))
    action_schema, policy = _ACTIONS[name]
    validation.validate(action_schema, body)
    context = _context(req, policy)
    agg_id = _aggregate_id(aggregate_id)
    params = body[name]
    try:
        if name == 'add_host':
            aggregate = aggregate_api.add_host(context, agg_id,
                                               params['host'])
        elif name == 'remove_host':
            aggregate = aggregate_api.remove_host(context, agg_id,
                                                  params['host'])
        else:
            aggregate = aggregate_api.set_metadata(context, agg_id,
                                                   params['metadata'])
    except exception.InvalidAggregateAction as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    return common.json_response(req, view.show(req, aggregate))
