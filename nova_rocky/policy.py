"""Policy enforcement: one oslo.policy Enforcer per process.

The rules in code come from ``nova_rocky.policies.list_rules()``; an
operator overrides them in the file named by ``[oslo_policy]policy_file``
(oslo.policy's own option, default ``policy.yaml``). Handlers check policy
through ``context.can(action, target)``, which calls :func:`authorize`.
"""

import threading

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import policy as oslo_policy

from nova_rocky import exception
from nova_rocky import policies

LOG = logging.getLogger(__name__)

_ENFORCER = None
_LOCK = threading.Lock()


def init(conf=None, policy_file=None, rules=None):
    """Create the process's Enforcer (once) with the in-code defaults."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = oslo_policy.Enforcer(
                conf or cfg.CONF, policy_file=policy_file, rules=rules)
            enforcer.register_defaults(policies.list_rules())
            enforcer.load_rules()
            if not enforcer.policy_path:
                # No policy file: oslo.policy would search the config
                # directories for one again on every check, a measurable
                # share of each API request. The in-code defaults apply
                # until the service is restarted with a policy file.
                LOG.info('No policy file found; using the default rules.')
                enforcer.use_conf = False
            _ENFORCER = enforcer
    return _ENFORCER


def reset():
    """Forget the Enforcer (tests, config reload)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def get_enforcer():
    """Entry point ``oslo.policy.enforcer`` for the oslopolicy-* tools."""
    # NOTE: the tools need the operator's config but must not see their own
    # command line, so parse no arguments.
    cfg.CONF([], project='nova')
    return init()


def _credentials(context):
    creds = context.to_policy_values()
    # oslo.context leaves is_admin out; the admin_api rule needs it.
    creds['is_admin'] = context.is_admin
    return creds


def authorize(context, action, target=None, fatal=True):
    """Check ``action`` for ``context`` against ``target``.

    :returns: True or False when ``fatal`` is False.
    :raises PolicyNotAuthorized: when denied and ``fatal`` is True.
    :raises oslo_policy.PolicyNotRegistered: for an unknown action (a bug).
    """
    enforcer = init()
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        return enforcer.authorize(
            action, target, _credentials(context), do_raise=fatal,
            exc=exception.PolicyNotAuthorized, action=action)
    except oslo_policy.PolicyNotRegistered:
        LOG.exception('Policy %s is not registered', action)
        raise


def check_is_admin(context):
    """True when ``context`` passes the ``context_is_admin`` rule."""
    target = {'project_id': context.project_id, 'user_id': context.user_id}
    return init().authorize('context_is_admin', target,
                            _credentials(context), do_raise=False)
