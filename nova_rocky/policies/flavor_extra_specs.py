"""Policies of flavor extra specs (``/flavors/{id}/os-extra_specs``).

``index`` also decides, from microversion 2.61, whether flavor bodies
carry ``extra_specs`` (a denial hides the key, it is not an error).
"""

from oslo_policy import policy

from nova_rocky.policies import base

ROOT = 'os_compute_api:os-flavor-extra-specs:%s'
INDEX = ROOT % 'index'
SHOW = ROOT % 'show'
CREATE = ROOT % 'create'
UPDATE = ROOT % 'update'
DELETE = ROOT % 'delete'

_COLLECTION = '/flavors/{flavor_id}/os-extra_specs'
_MEMBER = _COLLECTION + '/{flavor_extra_spec_key}'

rules = [
    policy.DocumentedRuleDefault(
        INDEX, base.RULE_ADMIN_OR_OWNER,
        'List the extra specs of a flavor. From microversion 2.61 it also '
        'decides whether flavor responses include "extra_specs".',
        [{'method': 'GET', 'path': _COLLECTION},
         {'method': 'GET', 'path': '/flavors/detail'},
         {'method': 'GET', 'path': '/flavors/{flavor_id}'},
         {'method': 'POST', 'path': '/flavors'},
         {'method': 'PUT', 'path': '/flavors/{flavor_id}'}]),
    policy.DocumentedRuleDefault(
        SHOW, base.RULE_ADMIN_OR_OWNER, 'Show one extra spec of a flavor',
        [{'method': 'GET', 'path': _MEMBER}]),
    policy.DocumentedRuleDefault(
        CREATE, base.RULE_ADMIN_API, 'Create or update extra specs',
        [{'method': 'POST', 'path': _COLLECTION}]),
    policy.DocumentedRuleDefault(
        UPDATE, base.RULE_ADMIN_API, 'Update one extra spec',
        [{'method': 'PUT', 'path': _MEMBER}]),
    policy.DocumentedRuleDefault(
        DELETE, base.RULE_ADMIN_API, 'Delete one extra spec',
        [{'method': 'DELETE', 'path': _MEMBER}]),
]


def list_rules():
    return rules
