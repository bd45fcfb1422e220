"""Handler of POST /servers/{server_id}/action: one body key, one action.

``server_action`` picks the action from the body's only key and runs its
function from ``_ACTIONS``; each validates its body (``schemas.
server_actions``), checks its policy against the server's owner and
calls the compute API facade. A state that forbids the action is a 409
naming the state; a locked server refuses non-admins with a 409.
"""

import webob.exc

from nova_rocky.api import common
from nova_rocky.api.handlers import servers as server_handlers
from nova_rocky.api.schemas import server_actions as schema
from nova_rocky.api import validation
from nova_rocky.api.views import servers as views
from nova_rocky import exception
from nova_rocky.policies import server_actions as policies

compute_api = server_handlers.compute_api

_REBUILD_SCHEMAS = [('2.63', schema.rebuild_v263),
                    ('2.57', schema.rebuild_v257),
                    ('2.54', schema.rebuild_v254),
                    ('2.19', schema.rebuild_v219), ('2.1', schema.rebuild)]
_EVACUATE_SCHEMAS = [('2.29', schema.evacuate_v229),
                     ('2.14', schema.evacuate_v214),
                     ('2.1', schema.evacuate)]


def conflict_for_state(exc, action, server_id):
    """Upstream's 409 for an action the server's state forbids."""
    kwargs = exc.kwargs
    return webob.exc.HTTPConflict(
        explanation="Cannot '%s' instance %s while it is in %s %s" % (
            action, server_id, kwargs.get('attr'), kwargs.get('state')))


def _server(req, server_id, rule):
    """The server, after ``rule`` allowed the caller to act on it."""
    instance = compute_api.get(req.context, server_id,
                               expected_attrs=views.DETAIL_EXPECTED_ATTRS)
    req.context.can(rule, target={'user_id': instance.user_id,
                                  'project_id': instance.project_id})
    return instance


def _run(action, server_id, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except exception.InstanceInvalidState as exc:
        raise conflict_for_state(exc, action, server_id)


def _simple(key, action, rule, method_name):
    """The action ``key`` without arguments: 202 and an empty body.

    ``action`` names it in a 409 as upstream does (``stop`` for
    ``os-stop``).
    """
    body_schema = schema.action(key, schema.no_argument)

    def handle(req, server_id, body):
        validation.validate(body_schema, body)
        instance = _server(req, server_id, rule)
        _run(action, server_id, getattr(compute_api, method_name),
             req.context, instance)
        return common.empty_response(202)
    return handle


def _reboot(req, server_id, body):
    validation.validate(schema.reboot, body)
    instance = _server(req, server_id, policies.REBOOT)
    reboot_type = body['reboot']['type'].upper()
    _run('reboot', server_id, compute_api.reboot, req.context, instance,
         reboot_type)
    return common.empty_response(202)


def _unlock(req, server_id, body):
    validation.validate(schema.action('unlock', schema.no_argument), body)
    instance = _server(req, server_id, policies.UNLOCK)
    if compute_api.is_locked_by_admin(instance):
        req.context.can(policies.UNLOCK_OVERRIDE,
                        target={'user_id': instance.user_id,
                                'project_id': instance.project_id})
    compute_api.unlock(req.context, instance)
    return common.empty_response(202)


def _evacuate(req, server_id, body):
    from nova_rocky.api.handlers import server_evacuate
    return server_evacuate.evacuate(req, server_id, body, _EVACUATE_SCHEMAS)


def _rebuild(req, server_id, body):
    from nova_rocky.api.handlers import server_rebuild
    return server_rebuild.rebuild(req, server_id, body, _REBUILD_SCHEMAS)


_ACTIONS = {
    'reboot': _reboot,
    'os-stop': _simple('os-stop', 'stop', policies.STOP, 'stop'),
    'os-start': _simple('os-start', 'start', policies.START, 'start'),
    'pause': _simple('pause', 'pause', policies.PAUSE, 'pause'),
    'unpause': _simple('unpause', 'unpause', policies.UNPAUSE, 'unpause'),
    'suspend': _simple('suspend', 'suspend', policies.SUSPEND, 'suspend'),
    'resume': _simple('resume', 'resume', policies.RESUME, 'resume'),
    'lock': _simple('lock', 'lock', policies.LOCK, 'lock'),
    'unlock': _unlock,
    'restore': _simple('restore', 'restore', policies.DEFERRED_DELETE,
                       'restore'),
    'forceDelete': _simple('forceDelete', 'forceDelete',
                           policies.DEFERRED_DELETE, 'force_delete'),
    'rebuild': _rebuild,
    'evacuate': _evacuate,
}


def server_action(req, server_id, body):
    """POST /servers/{server_id}/action."""
    if not isinstance(body, dict) or len(body) != 1:
        raise webob.exc.HTTPBadRequest(
            explanation='Malformed request body: an action body has '
                        'exactly one key, the action.')
    name = next(iter(body))
    handler = _ACTIONS.get(name)
    if handler is None:
        raise webob.exc.HTTPBadRequest(
            explanation='There is no such action: %s' % name)
    return handler(req, server_id, body)
