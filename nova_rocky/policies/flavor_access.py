"""Policies of flavor access (private flavors shared with projects).

``os_compute_api:os-flavor-access`` guards the access list and decides
whether flavor bodies show ``os-flavor-access:is_public``; adding and
removing a project is for administrators (upstream defaults).
"""

from oslo_policy import policy

from nova_rocky.policies import base

BASE = 'os_compute_api:os-flavor-access'
ADD_TENANT_ACCESS = BASE + ':add_tenant_access'
REMOVE_TENANT_ACCESS = BASE + ':remove_tenant_access'

_ACTION = [{'method': 'POST', 'path': '/flavors/{flavor_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(
        BASE, base.RULE_ADMIN_OR_OWNER,
        'List the projects a private flavor is shared with; also shows '
        '"os-flavor-access:is_public" in flavor responses',
        [{'method': 'GET', 'path': '/flavors/{flavor_id}/os-flavor-access'},
         {'method': 'GET', 'path': '/flavors/detail'},
         {'method': 'GET', 'path': '/flavors/{flavor_id}'},
         {'method': 'POST', 'path': '/flavors'},
         {'method': 'PUT', 'path': '/flavors/{flavor_id}'}]),
    policy.DocumentedRuleDefault(
        ADD_TENANT_ACCESS, base.RULE_ADMIN_API,
        'Share a private flavor with a project (addTenantAccess)', _ACTION),
    policy.DocumentedRuleDefault(
        REMOVE_TENANT_ACCESS, base.RULE_ADMIN_API,
        'Stop sharing a private flavor with a project '
        '(removeTenantAccess)', _ACTION),
]


def list_rules():
    return rules
