"""Policies of flavor management (os-flavor-manage) and flavor fields.

Defaults are upstream's (Rocky): only administrators create, update or
delete flavors. ``os_compute_api:os-flavor-rxtx`` decides whether
``rxtx_factor`` is shown; upstream deprecated it in Queens and it passes
for every project member by default.
"""

from oslo_policy import policy

from nova_rocky.policies import base

MANAGE = 'os_compute_api:os-flavor-manage:%s'
CREATE = MANAGE % 'create'
UPDATE = MANAGE % 'update'
DELETE = MANAGE % 'delete'
RXTX = 'os_compute_api:os-flavor-rxtx'

_SHOWN_IN = [
    {'method': 'GET', 'path': '/flavors/detail'},
    {'method': 'GET', 'path': '/flavors/{flavor_id}'},
    {'method': 'POST', 'path': '/flavors'},
    {'method': 'PUT', 'path': '/flavors/{flavor_id}'},
]

rules = [
    policy.DocumentedRuleDefault(
        CREATE, base.RULE_ADMIN_API, 'Create a flavor',
        [{'method': 'POST', 'path': '/flavors'}]),
    policy.DocumentedRuleDefault(
        UPDATE, base.RULE_ADMIN_API,
        'Update the description of a flavor (2.55)',
        [{'method': 'PUT', 'path': '/flavors/{flavor_id}'}]),
    policy.DocumentedRuleDefault(
        DELETE, base.RULE_ADMIN_API, 'Delete a flavor',
        [{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}]),
    policy.DocumentedRuleDefault(
        RXTX, base.RULE_ADMIN_OR_OWNER,
        'Show the rxtx_factor of flavors (deprecated: it will be shown '
        'unconditionally)', _SHOWN_IN),
]


def list_rules():
    return rules
