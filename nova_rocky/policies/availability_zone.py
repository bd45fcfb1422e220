"""Policies of os-availability-zone (upstream defaults)."""

from oslo_policy import policy

from nova_rocky.policies import base

ROOT = 'os_compute_api:os-availability-zone:%s'
LIST = ROOT % 'list'
DETAIL = ROOT % 'detail'

rules = [
    policy.DocumentedRuleDefault(
        LIST, base.RULE_ADMIN_OR_OWNER, 'List availability zones',
        [{'method': 'GET', 'path': '/os-availability-zone'}]),
    policy.DocumentedRuleDefault(
        DETAIL, base.RULE_ADMIN_API,
        'List availability zones with their hosts and services',
        [{'method': 'GET', 'path': '/os-availability-zone/detail'}]),
]


def list_rules():
    return rules
