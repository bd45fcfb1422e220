"""Policies of GET /limits.

Anyone may read the limits of their own project; reading another
project's (``?tenant_id=``) is for administrators (``os-used-limits``).
"""

from oslo_policy import policy

from nova_rocky.policies import base

BASE = 'os_compute_api:limits'
USED_LIMITS = 'os_compute_api:os-used-limits'

rules = [
    policy.DocumentedRuleDefault(
        BASE, base.RULE_ANY, 'Show rate and absolute limits of the project',
        [{'method': 'GET', 'path': '/limits'}]),
    policy.DocumentedRuleDefault(
        USED_LIMITS, base.RULE_ADMIN_API,
        'Show the limits and usage of another project (tenant_id query '
        'parameter)', [{'method': 'GET', 'path': '/limits'}]),
]


def list_rules():
    return rules
