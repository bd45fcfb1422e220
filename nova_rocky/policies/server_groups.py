"""Policies of os-server-groups (upstream's names and defaults).

The per-action rules default to the base rule
``os_compute_api:os-server-groups`` (admin or owner); show and delete are
checked against the group's own project.
"""

from oslo_policy import policy

from nova_rocky.policies import base

BASE = 'os_compute_api:os-server-groups'
ROOT = BASE + ':%s'
CREATE = ROOT % 'create'
DELETE = ROOT % 'delete'
INDEX = ROOT % 'index'
SHOW = ROOT % 'show'
BASE_RULE = 'rule:%s' % BASE

rules = [
    policy.RuleDefault(
        BASE, base.RULE_ADMIN_OR_OWNER,
        description='The rule the server group actions default to.'),
    policy.DocumentedRuleDefault(
        CREATE, BASE_RULE, 'Create a new server group',
        [{'method': 'POST', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(
        DELETE, BASE_RULE, 'Delete a server group',
        [{'method': 'DELETE', 'path': '/os-server-groups/{server_group_id}'}]),
    policy.DocumentedRuleDefault(
        INDEX, BASE_RULE, 'List all server groups',
        [{'method': 'GET', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(
        SHOW, BASE_RULE, 'Show details of a server group',
        [{'method': 'GET', 'path': '/os-server-groups/{server_group_id}'}]),
]


def list_rules():
    return rules
