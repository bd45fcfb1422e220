"""Flavor access: which projects may use a private flavor.

* ``GET /flavors/{flavor_id}/os-flavor-access`` -> ``{"flavor_access":
  [{"flavor_id", "tenant_id"}]}``; 404 for a public flavor ("Access list
  not available for public flavors.").
* ``POST /flavors/{flavor_id}/action`` with ``addTenantAccess`` or
  ``removeTenantAccess`` ``{"tenant": <project id>}`` -> 200 and the new
  list. From 2.7 adding access to a public flavor is a 409.

The project id is not checked against Keystone (upstream asks Keystone
when it can and lets the id through when it cannot).
"""

import webob.exc

from nova_rocky.api import common
from nova_rocky.api.handlers import flavors as flavors_handler
from nova_rocky.api import microversion
from nova_rocky.api.schemas import flavors as schema
from nova_rocky.api import validation
from nova_rocky.api.views import flavors as view
from nova_rocky import exception
from nova_rocky.policies import flavor_access as policies


def list_flavor_access(req, flavor_id):
    """GET /flavors/{flavor_id}/os-flavor-access"""
    context = common.get_context(req)
    context.can(policies.BASE)
    flavor = flavors_handler.get_flavor(context, flavor_id)
    if flavor.is_public:
        raise webob.exc.HTTPNotFound(
            explanation='Access list not available for public flavors.')
    return common.json_response(req, view.access_list(flavor))


def _add_tenant_access(req, flavor_id, body):
    validation.validate(schema.add_tenant_access, body,
                        legacy_v2=req.is_legacy_v2)
    context = common.get_context(req)
    context.can(policies.ADD_TENANT_ACCESS)
    tenant = body['addTenantAccess']['tenant']
    flavor = flavors_handler.get_flavor(context, flavor_id)
    if flavor.is_public and microversion.is_at_least(req, '2.7'):
        raise webob.exc.HTTPConflict(
            explanation='Can not add access to a public flavor.')
    try:
        flavor.add_access(tenant)
    except exception.FlavorAccessExists as e:
        raise webob.exc.HTTPConflict(explanation=e.format_message())
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.json_response(req, view.access_list(flavor))


def _remove_tenant_access(req, flavor_id, body):
    validation.validate(schema.remove_tenant_access, body,
                        legacy_v2=req.is_legacy_v2)
    context = common.get_context(req)
    context.can(policies.REMOVE_TENANT_ACCESS)
    tenant = body['removeTenantAccess']['tenant']
    flavor = flavors_handler.get_flavor(context, flavor_id)
    try:
        flavor.remove_access(tenant)
    except (exception.FlavorAccessNotFound, exception.FlavorNotFound) as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.json_response(req, view.access_list(flavor))


ACTIONS = {
    'addTenantAccess': _add_tenant_access,
    'removeTenantAccess': _remove_tenant_access,
}


def flavor_action(req, flavor_id, body):
    """POST /flavors/{flavor_id}/action"""
    if not isinstance(body, dict) or len(body) != 1:
        raise webob.exc.HTTPBadRequest(explanation='Malformed request body')
    action = next(iter(body))
    if action not in ACTIONS:
        raise webob.exc.HTTPNotFound(
            explanation='There is no such action: %s' % action)
    return ACTIONS[action](req, flavor_id, body)
