"""The query of GET /servers and /servers/detail, turned into filters.

Upstream's rules: a non-admin may only filter on a few options (others are
silently dropped, unless ``allow_all_filters`` allows them); ``status``
becomes vm_state/task_state filters; deleted servers are hidden unless
asked for (or ``changes-since`` is given); ``all_tenants`` needs policy,
and without it the list is the caller's project; some sort keys are
ignored, and ``host``/``node`` are admin-only sort keys.
"""

import copy

from oslo_utils import strutils
from oslo_utils import timeutils
import webob.exc

from nova_rocky.api import microversion
from nova_rocky.api.schemas import servers as schema
from nova_rocky.api.views import server_status
from nova_rocky.policies import servers as server_policies

PAGING_SORTING_PARAMS = ('sort_key', 'sort_dir', 'limit', 'marker')
TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')
# Filters the list accepts but that have no meaning without a network
# service (fixed IP addresses).
_IGNORED_FILTERS = ('ip', 'ip6')


class EmptyResult(Exception):
    """The query can match nothing (an unknown status before 2.38)."""


def _user_options(req):
    options = ('reservation_id', 'name', 'status', 'image', 'flavor', 'ip',
               'changes-since', 'all_tenants')
    if microversion.is_at_least(req, '2.5'):
        options += ('ip6',)
    if microversion.is_at_least(req, '2.26'):
        options += TAG_FILTERS
    return options


def _remove_invalid_options(req, opts):
    if req.context.can(server_policies.ALLOW_ALL_FILTERS, fatal=False):
        for key in PAGING_SORTING_PARAMS:
            opts.pop(key, None)
        return
    allowed = _user_options(req)
    for key in [k for k in opts if k not in allowed]:
        opts.pop(key)


def _bad_request(message):
    return webob.exc.HTTPBadRequest(explanation=message)


def _status_filter(req, opts):
    opts.pop('status', None)
    if 'status' not in req.GET:
        return
    vm_states, task_states = server_status.states_for_statuses(
        req.GET.getall('status'))
    if not vm_states and not task_states:
        if microversion.is_at_least(req, '2.38'):
            raise _bad_request('Invalid status value')
        raise EmptyResult()
    opts['vm_state'] = vm_states
    # A default status matches whatever the task state.
    if server_status.DEFAULT not in task_states:
        opts['task_state'] = task_states


def _deleted_filter(req, opts):
    if 'changes-since' in opts:
        try:
            opts['changes-since'] = timeutils.parse_isotime(
                opts['changes-since'])
        except ValueError:
            raise _bad_request('Invalid filter field: changes-since.')
    if 'deleted' not in opts:
        if 'changes-since' not in opts:
            opts['deleted'] = False
    else:
        opts['deleted'] = strutils.bool_from_string(opts['deleted'],
                                                    default=False)
    if opts.get('vm_state') == ['deleted']:
        if not req.context.is_admin:
            raise webob.exc.HTTPForbidden(
                explanation='Only administrators may list deleted '
                            'instances')
        opts['deleted'] = True


def _all_tenants(opts):
    value = opts.pop('all_tenants', None)
    if value is None:
        return False
    if value == '':
        return True  # "?all_tenants" alone enables it
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError as err:
        raise _bad_request(str(err))


def _scope(req, opts, is_detail):
    context = req.context
    if _all_tenants(opts):
        context.can(server_policies.DETAIL_ALL_TENANTS if is_detail
                    else server_policies.INDEX_ALL_TENANTS)
        if 'tenant_id' in opts:
            opts.setdefault('project_id', opts.pop('tenant_id'))
        return context.elevated()
    # Without all_tenants, tenant_id is ignored (lp:#1185290).
    opts.pop('tenant_id', None)
    if context.project_id:
        opts['project_id'] = context.project_id
    else:
        opts['user_id'] = context.user_id
    return context


def search_options(req, is_detail):
    """``(context, filters)`` for compute_api.get_all.

    The context is elevated for an allowed all_tenants list. Raises a 400
    or 403 webob error, or EmptyResult.
    """
    opts = dict(req.GET.items())
    _remove_invalid_options(req, opts)
    for key in opts:
        if key in schema.JOINED_TABLE_FILTERS or key.startswith('_'):
            raise _bad_request('Invalid filter field: %s.' % key)
    _status_filter(req, opts)
    _deleted_filter(req, opts)
    if microversion.is_at_least(req, '2.26'):
        for key in TAG_FILTERS:
            if key in opts:
                opts[key] = opts[key].split(',')
    for key in _IGNORED_FILTERS:
        opts.pop(key, None)
    context = _scope(req, opts, is_detail)
    if 'deleted' not in opts:
        # changes-since without a deleted filter lists recently deleted
        # servers too (they changed), as upstream.
        context = copy.copy(context)
        context.read_deleted = 'yes'
    return context, opts


def sort_params(req):
    """``(sort_keys, sort_dirs)`` of the query, upstream's defaults/rules."""
    keys = [k.strip() for k in req.GET.getall('sort_key')] or ['created_at']
    dirs = [d.strip() for d in req.GET.getall('sort_dir')] or ['desc']
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise _bad_request("Unknown sort direction, must be 'desc' or "
                               "'asc'")
    for key in list(keys):
        index = keys.index(key)
        if key in schema.IGNORED_SORT_KEYS:
            if len(dirs) > index:
                dirs.pop(index)
            keys.pop(index)
        elif key in ('host', 'node') and not req.context.is_admin:
            raise webob.exc.HTTPForbidden(
                explanation='Only administrators can sort servers by %s'
                            % key)
    return keys, dirs
