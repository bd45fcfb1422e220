"""os-server-groups response bodies.

Every version: ``id``, ``name``, ``members``; 2.13 adds ``project_id`` and
``user_id``. Before 2.64 the policy is the one-item list ``policies`` and
``metadata`` is always ``{}``; from 2.64 ``policy`` and ``rules`` (with
``max_server_per_host`` as an integer) replace them.
"""

from nova_rocky.api import microversion

OWNER_VERSION = '2.13'
POLICY_RULES_VERSION = '2.64'


def _group(req, group):
    body = {'id': group.uuid, 'name': group.name,
            'members': list(group.members or [])}
    if microversion.is_at_least(req, POLICY_RULES_VERSION):
        body['policy'] = group.policy
        rules = dict(group.rules or {})
        if 'max_server_per_host' in rules:
            rules['max_server_per_host'] = int(rules['max_server_per_host'])
        body['rules'] = rules
    else:
        body['policies'] = [group.policy] if group.policy else []
        body['metadata'] = {}
    if microversion.is_at_least(req, OWNER_VERSION):
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body


def show(req, group):
    """``{"server_group": {...}}``"""
    return {'server_group': _group(req, group)}


def index(req, groups):
    """``{"server_groups": [...]}``"""
    return {'server_groups': [_group(req, g) for g in groups]}
