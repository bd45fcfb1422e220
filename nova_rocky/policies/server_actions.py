"""Policies of POST /servers/{server_id}/action (lifecycle actions).

Upstream spreads these over several policy files (servers, pause_server,
suspend_server, lock_server, deferred_delete, evacuate); the names and
defaults are upstream's Rocky ones, kept in one module because one
handler checks them all.
"""

from oslo_policy import policy

from nova_rocky.policies import base

_ACTION = '/servers/{server_id}/action (%s)'

REBOOT = 'os_compute_api:servers:reboot'
START = 'os_compute_api:servers:start'
STOP = 'os_compute_api:servers:stop'
REBUILD = 'os_compute_api:servers:rebuild'
REBUILD_TRUSTED_CERTS = 'os_compute_api:servers:rebuild:trusted_certs'
PAUSE = 'os_compute_api:os-pause-server:pause'
UNPAUSE = 'os_compute_api:os-pause-server:unpause'
SUSPEND = 'os_compute_api:os-suspend-server:suspend'
RESUME = 'os_compute_api:os-suspend-server:resume'
LOCK = 'os_compute_api:os-lock-server:lock'
UNLOCK = 'os_compute_api:os-lock-server:unlock'
UNLOCK_OVERRIDE = 'os_compute_api:os-lock-server:unlock:unlock_override'
DEFERRED_DELETE = 'os_compute_api:os-deferred-delete'
EVACUATE = 'os_compute_api:os-evacuate'


def _rule(name, check_str, description, *actions):
    return policy.DocumentedRuleDefault(
        name, check_str, description,
        [{'method': 'POST', 'path': _ACTION % action} for action in actions])


rules = [
    _rule(REBOOT, base.RULE_ADMIN_OR_OWNER, 'Reboot a server', 'reboot'),
    _rule(START, base.RULE_ADMIN_OR_OWNER, 'Start a server', 'os-start'),
    _rule(STOP, base.RULE_ADMIN_OR_OWNER, 'Stop a server', 'os-stop'),
    _rule(REBUILD, base.RULE_ADMIN_OR_OWNER, 'Rebuild a server', 'rebuild'),
    _rule(REBUILD_TRUSTED_CERTS, base.RULE_ADMIN_OR_OWNER,
          'Rebuild a server with trusted image certificate IDs', 'rebuild'),
    _rule(PAUSE, base.RULE_ADMIN_OR_OWNER, 'Pause a server', 'pause'),
    _rule(UNPAUSE, base.RULE_ADMIN_OR_OWNER, 'Unpause a paused server',
          'unpause'),
    _rule(SUSPEND, base.RULE_ADMIN_OR_OWNER, 'Suspend a server', 'suspend'),
    _rule(RESUME, base.RULE_ADMIN_OR_OWNER, 'Resume a suspended server',
          'resume'),
    _rule(LOCK, base.RULE_ADMIN_OR_OWNER, 'Lock a server', 'lock'),
    _rule(UNLOCK, base.RULE_ADMIN_OR_OWNER, 'Unlock a locked server',
          'unlock'),
    _rule(UNLOCK_OVERRIDE, base.RULE_ADMIN_API,
          'Unlock a server, regardless who locked the server.\n\n'
          'This check is performed only after the check '
          'os_compute_api:os-lock-server:unlock passes', 'unlock'),
    _rule(DEFERRED_DELETE, base.RULE_ADMIN_OR_OWNER,
          'Restore a soft deleted server or force delete a server before '
          'deferred cleanup', 'restore', 'forceDelete'),
    _rule(EVACUATE, base.RULE_ADMIN_API,
          'Evacuate a server from a failed host to a new host', 'evacuate'),
]


def list_rules():
    return rules
