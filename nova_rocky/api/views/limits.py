"""GET /limits response body per microversion.

``{"limits": {"rate": [], "absolute": {...}}}``: each limited resource
under its upstream display name(s), and the ``total*Used`` counters.
2.36 drops the nova-network resources (floating IPs, security groups and
their rules), 2.39 drops ``maxImageMeta`` (the image metadata proxy is
gone) and 2.57 drops the personality ones (``maxPersonality``,
``maxPersonalitySize``).
"""

from nova_rocky.api import microversion

ABSOLUTE_NAMES = {
    'ram': ['maxTotalRAMSize'],
    'instances': ['maxTotalInstances'],
    'cores': ['maxTotalCores'],
    'key_pairs': ['maxTotalKeypairs'],
    'floating_ips': ['maxTotalFloatingIps'],
    'metadata_items': ['maxServerMeta', 'maxImageMeta'],
    'injected_files': ['maxPersonality'],
    'injected_file_content_bytes': ['maxPersonalitySize'],
    'security_groups': ['maxSecurityGroups'],
    'security_group_rules': ['maxSecurityGroupRules'],
    'server_groups': ['maxServerGroups'],
    'server_group_members': ['maxServerGroupMembers'],
}
USED_NAMES = {
    'totalRAMUsed': 'ram',
    'totalCoresUsed': 'cores',
    'totalInstancesUsed': 'instances',
    'totalFloatingIpsUsed': 'floating_ips',
    'totalSecurityGroupsUsed': 'security_groups',
    'totalServerGroupsUsed': 'server_groups',
}
NETWORK_RESOURCES = ('floating_ips', 'security_groups',
                     'security_group_rules')
PERSONALITY_RESOURCES = ('injected_files', 'injected_file_content_bytes')


def _hidden(req):
    """(resources, display names) this microversion does not show."""
    resources, names = set(), set()
    if microversion.is_at_least(req, '2.36'):
        resources.update(NETWORK_RESOURCES)
    if microversion.is_at_least(req, '2.39'):
        names.add('maxImageMeta')
    if microversion.is_at_least(req, '2.57'):
        resources.update(PERSONALITY_RESOURCES)
    return resources, names


def build(req, limits, used):
    """The body from ``{resource: limit}`` and ``{resource: in_use}``."""
    hidden_resources, hidden_names = _hidden(req)
    absolute = {}
    for resource, names in ABSOLUTE_NAMES.items():
        if resource in hidden_resources or resource not in limits:
            continue
        for name in names:
            if name not in hidden_names:
                absolute[name] = limits[resource]
    for name, resource in USED_NAMES.items():
        if resource not in hidden_resources and resource in used:
            absolute[name] = used[resource]
    return {'limits': {'rate': [], 'absolute': absolute}}
