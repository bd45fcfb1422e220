"""/flavors: list, show, and (administrators) create, update, delete.

Upstream splits this between the flavors and flavor-manage controllers;
the paths, codes and messages are theirs:

* ``GET /flavors`` and ``/flavors/detail``: filters ``minRam``,
  ``minDisk`` and, for administrators, ``is_public`` (true, false or
  none); ``sort_key`` / ``sort_dir``; ``limit`` / ``marker`` paging with
  ``flavors_links``. Non-administrators see enabled flavors that are
  public or shared with their project.
* ``POST /flavors`` -> 200, ``PUT /flavors/{id}`` (2.55, description
  only) -> 200, ``DELETE /flavors/{id}`` -> 202.
"""

from oslo_utils import strutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.schemas import flavors as schema
from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api import validation
from nova_rocky.api.views import flavors as view
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import flavor as flavor_obj
from nova_rocky.policies import flavors as policies

SORT_KEYS = frozenset(column.name for column in
                      api_models.Flavor.__table__.columns)
SORT_DIRS = ('asc', 'desc')


def get_flavor(context, flavor_id):
    """The flavor ``flavor_id`` the caller may see; 404 otherwise."""
    try:
        return flavor_obj.Flavor.get_by_flavor_id(context, flavor_id)
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())


def _parse_is_public(value):
    if value is None:
        return True
    if value.strip().lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid is_public filter [%s]' % value)


def _int_filter(req, param):
    try:
        return int(req.GET[param])
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid %s filter [%s]' % (param, req.GET[param]))


def _filters(req, context):
    filters = {}
    if context.is_admin:
        filters['is_public'] = _parse_is_public(req.GET.get('is_public'))
    else:
        filters['is_public'] = True
        filters['disabled'] = False
    if 'minRam' in req.GET:
        filters['min_memory_mb'] = _int_filter(req, 'minRam')
    if 'minDisk' in req.GET:
        filters['min_root_gb'] = _int_filter(req, 'minDisk')
    return filters


def _get_flavors(req):
    context = common.get_context(req)
    sort_key = req.GET.get('sort_key') or 'flavorid'
    sort_dir = req.GET.get('sort_dir') or 'asc'
    if sort_key not in SORT_KEYS:
        raise webob.exc.HTTPBadRequest(
            explanation='Sort key supplied was not valid.')
    if sort_dir not in SORT_DIRS:
        raise webob.exc.HTTPBadRequest(
            explanation="Unknown sort direction, must be 'desc' or 'asc'")
    limit, marker = common.get_limit_and_marker(req)
    try:
        # NOTE: administrators also see disabled flavors (inactive=True);
        # other callers get the disabled=False filter.
        return flavor_obj.FlavorList.get_all(
            context, inactive=context.is_admin,
            filters=_filters(req, context), sort_key=sort_key,
            sort_dir=sort_dir, limit=limit, marker=marker)
    except exception.MarkerNotFound:
        raise webob.exc.HTTPBadRequest(
            explanation='marker [%s] not found' % marker)


@validation.query_schema(schema.index_query)
def list_flavors(req):
    """GET /flavors"""
    return common.json_response(req, view.index(req, _get_flavors(req)))


@validation.query_schema(schema.index_query)
def list_flavors_detail(req):
    """GET /flavors/detail"""
    return common.json_response(req, view.detail(req, _get_flavors(req)))


def show_flavor(req, flavor_id):
    """GET /flavors/{flavor_id}"""
    flavor = get_flavor(common.get_context(req), flavor_id)
    return common.json_response(req, view.show(req, flavor))


def _checked_int(value, name, minimum):
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value is None or not minimum <= value <= types.MAX_INT:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid input received: %s must be an integer '
                        'between %d and %d' % (name, minimum, types.MAX_INT))
    return value


def _new_flavor(context, vals, description):
    flavor_id = vals.get('id')
    rxtx_factor = float(vals.get('rxtx_factor', 1.0))
    if not 0 < rxtx_factor <= types.SQL_SP_FLOAT_MAX:
        raise webob.exc.HTTPBadRequest(
            explanation="Invalid input received: 'rxtx_factor' argument "
                        "must be a float between 0 and %g"
                        % types.SQL_SP_FLOAT_MAX)
    flavor = flavor_obj.Flavor(
        context, name=vals['name'],
        memory_mb=_checked_int(vals['ram'], 'memory_mb', 1),
        vcpus=_checked_int(vals['vcpus'], 'vcpus', 1),
        root_gb=_checked_int(vals['disk'], 'root_gb', 0),
        ephemeral_gb=_checked_int(
            vals.get('OS-FLV-EXT-DATA:ephemeral', 0), 'ephemeral_gb', 0),
        swap=_checked_int(vals.get('swap', 0), 'swap', 0),
        rxtx_factor=rxtx_factor,
        is_public=strutils.bool_from_string(
            vals.get('os-flavor-access:is_public', True), strict=True),
        description=description)
    if flavor_id is not None:
        # A number is stored in its string form, as upstream.
        flavor.flavorid = str(flavor_id)
    return flavor


@validation.schema(schema.create, '2.1', '2.54')
@validation.schema(schema.create_v255, '2.55')
def create_flavor(req, body):
    """POST /flavors (administrators); 200 with the new flavor."""
    context = common.get_context(req)
    context.can(policies.CREATE, target={})
    vals = body['flavor']
    description = (vals.get('description')
                   if microversion.is_at_least(req, '2.55') else None)
    flavor = _new_flavor(context, vals, description)
    try:
        # NOTE: a private flavor is not shared with the creating project
        # (upstream bug 1209101 kept for compatibility).
        flavor.create()
    except (exception.FlavorExists, exception.FlavorIdExists) as e:
        raise webob.exc.HTTPConflict(explanation=e.format_message())
    # A new flavor has no extra specs yet (2.61 shows "extra_specs": {}).
    flavor.extra_specs = {}
    return common.json_response(req, view.show(req, flavor))


@microversion.version_handler('2.55')
@validation.schema(schema.update_v255)
def update_flavor(req, flavor_id, body):
    """PUT /flavors/{flavor_id} (2.55): change the description."""
    context = common.get_context(req)
    context.can(policies.UPDATE, target={})
    flavor = get_flavor(context, flavor_id)
    flavor.description = body['flavor']['description']
    try:
        flavor.save()
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.json_response(req, view.show(req, flavor))


def delete_flavor(req, flavor_id):
    """DELETE /flavors/{flavor_id} (administrators); 202."""
    context = common.get_context(req)
    context.can(policies.DELETE, target={})
    try:
        flavor_obj.Flavor(context, flavorid=flavor_id).destroy()
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.empty_response(status=202)
