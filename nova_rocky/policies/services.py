"""Policy of os-services (list, enable/disable, force down, delete)."""

from oslo_policy import policy

from nova_rocky.policies import base

BASE = 'os_compute_api:os-services'

rules = [
    policy.DocumentedRuleDefault(
        BASE, base.RULE_ADMIN_API,
        'List, enable, disable, force down and delete services',
        [{'method': 'GET', 'path': '/os-services'},
         {'method': 'PUT', 'path': '/os-services/enable'},
         {'method': 'PUT', 'path': '/os-services/disable'},
         {'method': 'PUT', 'path': '/os-services/disable-log-reason'},
         {'method': 'PUT', 'path': '/os-services/force-down'},
         {'method': 'PUT', 'path': '/os-services/{service_id}'},
         {'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]


def list_rules():
    return rules
