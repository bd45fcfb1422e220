"""Policies of os-keypairs.

Key pairs belong to users: the target is ``{'user_id': <owner>,
'project_id': <caller's project>}``, so a user manages their own key
pairs and an administrator those of any user (``user_id`` from 2.10).
"""

from oslo_policy import policy

from nova_rocky.policies import base

ROOT = 'os_compute_api:os-keypairs:%s'
INDEX = ROOT % 'index'
CREATE = ROOT % 'create'
SHOW = ROOT % 'show'
DELETE = ROOT % 'delete'
BASE = 'os_compute_api:os-keypairs'

ADMIN_OR_KEY_OWNER = 'rule:admin_api or user_id:%(user_id)s'

rules = [
    policy.DocumentedRuleDefault(
        INDEX, ADMIN_OR_KEY_OWNER, 'List the key pairs of a user',
        [{'method': 'GET', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(
        CREATE, ADMIN_OR_KEY_OWNER, 'Create or import a key pair',
        [{'method': 'POST', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(
        SHOW, ADMIN_OR_KEY_OWNER, 'Show a key pair',
        [{'method': 'GET', 'path': '/os-keypairs/{keypair_name}'}]),
    policy.DocumentedRuleDefault(
        DELETE, ADMIN_OR_KEY_OWNER, 'Delete a key pair',
        [{'method': 'DELETE', 'path': '/os-keypairs/{keypair_name}'}]),
    policy.DocumentedRuleDefault(
        BASE, base.RULE_ADMIN_OR_OWNER,
        'Show the key_name of servers (servers API)',
        [{'method': 'GET', 'path': '/servers/{server_id}'},
         {'method': 'GET', 'path': '/servers/detail'}]),
]


def list_rules():
    return rules
