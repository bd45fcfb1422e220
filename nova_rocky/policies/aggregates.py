"""Policies of os-aggregates: administrators only (upstream defaults)."""

from oslo_policy import policy

from nova_rocky.policies import base

ROOT = 'os_compute_api:os-aggregates:%s'
INDEX = ROOT % 'index'
CREATE = ROOT % 'create'
SHOW = ROOT % 'show'
UPDATE = ROOT % 'update'
DELETE = ROOT % 'delete'
ADD_HOST = ROOT % 'add_host'
REMOVE_HOST = ROOT % 'remove_host'
SET_METADATA = ROOT % 'set_metadata'

_ITEM = '/os-aggregates/{aggregate_id}'
_ACTION = _ITEM + '/action (%s)'

rules = [
    policy.DocumentedRuleDefault(
        SET_METADATA, base.RULE_ADMIN_API,
        'Create or replace metadata for an aggregate',
        [{'method': 'POST', 'path': _ACTION % 'set_metadata'}]),
    policy.DocumentedRuleDefault(
        ADD_HOST, base.RULE_ADMIN_API, 'Add a host to an aggregate',
        [{'method': 'POST', 'path': _ACTION % 'add_host'}]),
    policy.DocumentedRuleDefault(
        CREATE, base.RULE_ADMIN_API, 'Create an aggregate',
        [{'method': 'POST', 'path': '/os-aggregates'}]),
    policy.DocumentedRuleDefault(
        REMOVE_HOST, base.RULE_ADMIN_API, 'Remove a host from an aggregate',
        [{'method': 'POST', 'path': _ACTION % 'remove_host'}]),
    policy.DocumentedRuleDefault(
        UPDATE, base.RULE_ADMIN_API, 'Update name and/or availability zone',
        [{'method': 'PUT', 'path': _ITEM}]),
    policy.DocumentedRuleDefault(
        INDEX, base.RULE_ADMIN_API, 'List all aggregates',
        [{'method': 'GET', 'path': '/os-aggregates'}]),
    policy.DocumentedRuleDefault(
        DELETE, base.RULE_ADMIN_API, 'Delete an aggregate',
        [{'method': 'DELETE', 'path': _ITEM}]),
    policy.DocumentedRuleDefault(
        SHOW, base.RULE_ADMIN_API, 'Show details for an aggregate',
        [{'method': 'GET', 'path': _ITEM}]),
]


def list_rules():
    return rules
