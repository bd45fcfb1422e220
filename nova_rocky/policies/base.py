"""Base rules the per-resource policies are written in terms of."""

from oslo_policy import policy

RULE_ADMIN_API = 'rule:admin_api'
RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner'
RULE_PROJECT_MEMBER = 'rule:project_member_api'
RULE_PROJECT_READER = 'rule:project_reader_api'
RULE_ANY = '@'
RULE_NOBODY = '!'

rules = [
    policy.RuleDefault(
        'context_is_admin', 'role:admin',
        description='Decides who is an administrator; the API marks such '
                    'a request context as admin.'),
    policy.RuleDefault(
        'admin_or_owner', 'is_admin:True or project_id:%(project_id)s',
        description='An administrator, or a user of the project that owns '
                    'the resource.'),
    policy.RuleDefault(
        'admin_api', 'is_admin:True',
        description='Administrators only.'),
    policy.RuleDefault(
        'project_member_api', 'role:member and project_id:%(project_id)s',
        description='A member of the project that owns the resource.'),
    policy.RuleDefault(
        'project_reader_api', 'role:reader and project_id:%(project_id)s',
        description='A reader of the project that owns the resource.'),
]


def list_rules():
    return rules
