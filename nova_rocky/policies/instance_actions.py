"""Policies of /servers/{server_id}/os-instance-actions (upstream Rocky).

Two rules: who may read a server's action history at all, and who sees
the parts of an event meant for operators - the traceback, the events
themselves below microversion 2.51 and, from 2.62, the ``host`` an event
ran on (``hostId`` is shown to everyone).
"""

from oslo_policy import policy

from nova_rocky.policies import base

INSTANCE_ACTIONS = 'os_compute_api:os-instance-actions'
EVENTS = 'os_compute_api:os-instance-actions:events'

_LIST = {'method': 'GET', 'path': '/servers/{server_id}/os-instance-actions'}
_SHOW = {'method': 'GET',
         'path': '/servers/{server_id}/os-instance-actions/{request_id}'}

rules = [
    policy.DocumentedRuleDefault(
        INSTANCE_ACTIONS, base.RULE_ADMIN_OR_OWNER,
        'List actions and show action details for a server.',
        [_LIST, _SHOW]),
    policy.DocumentedRuleDefault(
        EVENTS, base.RULE_ADMIN_API,
        'Add events details in action details for a server.\n\n'
        'This check is performed only after the check '
        'os_compute_api:os-instance-actions passes. Beginning with '
        'microversion 2.51, events details are always included; '
        'traceback information is provided per event if policy enforcement '
        'passes. Beginning with microversion 2.62, each event includes a '
        'hashed host identifier and, if policy enforcement passes, the '
        'name of the host.', [_SHOW]),
]


def list_rules():
    return rules
