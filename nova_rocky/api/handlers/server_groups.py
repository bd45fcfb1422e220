"""/os-server-groups: named placement policies servers join at boot.

* ``POST`` creates a group (200, as upstream): ``policies`` (a one-item
  list) before 2.64, ``policy`` + optional ``rules`` from 2.64, where
  ``max_server_per_host`` is only allowed with anti-affinity (400
  otherwise). ``[quota]server_groups`` per project (403).
* ``GET`` lists the project's groups (every project's for an admin with
  ``?all_projects``), paged by ``limit`` / ``offset``; ``GET /{id}``
  shows one; ``DELETE /{id}`` answers 204.

Servers join a group with the ``group`` scheduler hint at boot (see
``nova_rocky.compute.api``); the scheduler enforces the policy.
"""

from oslo_utils import uuidutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.schemas import server_groups as schema
from nova_rocky.api import validation
from nova_rocky.api.views import server_groups as view
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.objects import instance_group as group_obj
from nova_rocky.policies import server_groups as policies

CONF = conf.CONF


def _policy_and_rules(req, params):
    if microversion.is_at_least(req, view.POLICY_RULES_VERSION):
        policy = params['policy']
        rules = params.get('rules') or {}
        if rules and policy != group_obj.ANTI_AFFINITY:
            raise webob.exc.HTTPBadRequest(
                explanation='Only anti-affinity policy supports rules.')
        return policy, {k: str(int(v)) for k, v in rules.items()}
    return params['policies'][0], {}


def _check_quota(context):
    allowed = CONF.quota.server_groups
    if allowed < 0:
        return
    used = group_obj.InstanceGroupList.get_count_by_project(
        context, context.project_id)
    if used + 1 > allowed:
        raise webob.exc.HTTPForbidden(
            explanation='Quota exceeded, too many server groups.')


@validation.schema(schema.create, '2.1', '2.14')
@validation.schema(schema.create_v215, '2.15', '2.63')
@validation.schema(schema.create_v264, '2.64')
def create_server_group(req, body):
    """POST /os-server-groups"""
    context = common.get_context(req)
    context.can(policies.CREATE, {'project_id': context.project_id,
                                  'user_id': context.user_id})
    params = body['server_group']
    policy, rules = _policy_and_rules(req, params)
    _check_quota(context)
    group = group_obj.InstanceGroup(
        context, uuid=uuidutils.generate_uuid(), name=params['name'],
        project_id=context.project_id, user_id=context.user_id,
        policy=policy, rules=rules, members=[])
    group.create()
    return common.json_response(req, view.show(req, group))


@validation.query_schema(schema.index_query)
def list_server_groups(req):
    """GET /os-server-groups"""
    context = common.get_context(req)
    context.can(policies.INDEX, {'project_id': context.project_id,
                                 'user_id': context.user_id})
    project_id = context.project_id
    if 'all_projects' in req.GET and context.is_admin:
        project_id = None
    limit = CONF.api.max_limit
    if 'limit' in req.GET:
        limit = min(limit, int(req.GET['limit']))
    offset = int(req.GET.get('offset', 0) or 0)
    groups = group_obj.InstanceGroupList.get_all(
        context, project_id=project_id, limit=limit, offset=offset)
    return common.json_response(req, view.index(req, groups))


def _get(context, group_id, policy):
    try:
        group = group_obj.InstanceGroup.get_by_uuid(context, group_id)
    except exception.InstanceGroupNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    context.can(policy, {'project_id': group.project_id,
                         'user_id': group.user_id})
    return group


def show_server_group(req, server_group_id):
    """GET /os-server-groups/{server_group_id}"""
    context = common.get_context(req)
    group = _get(context, server_group_id, policies.SHOW)
    return common.json_response(req, view.show(req, group))


def delete_server_group(req, server_group_id):
    """DELETE /os-server-groups/{server_group_id}"""
    context = common.get_context(req)
    group = _get(context, server_group_id, policies.DELETE)
    try:
        group.destroy()
    except exception.InstanceGroupNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.empty_response(status=204)
