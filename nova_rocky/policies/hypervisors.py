"""Policy of os-hypervisors (administrators only, as upstream)."""

from oslo_policy import policy

from nova_rocky.policies import base

BASE = 'os_compute_api:os-hypervisors'

rules = [
    policy.DocumentedRuleDefault(
        BASE, base.RULE_ADMIN_API,
        'List, show, search and summarise hypervisors',
        [{'method': 'GET', 'path': '/os-hypervisors'},
         {'method': 'GET', 'path': '/os-hypervisors/detail'},
         {'method': 'GET', 'path': '/os-hypervisors/statistics'},
         {'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}'},
         {'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}/uptime'},
         {'method': 'GET',
          'path': '/os-hypervisors/{hypervisor_hostname_pattern}/search'},
         {'method': 'GET',
          'path': '/os-hypervisors/{hypervisor_hostname_pattern}/servers'}]),
]


def list_rules():
    return rules
