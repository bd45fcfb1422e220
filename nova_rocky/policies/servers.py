"""Policies of /servers (list, show, create, update, delete).

Names and defaults are upstream's (``os_compute_api:servers:*``). The
``create:*`` rules are checked only when the request asks for what they
guard (a forced host, networks, volumes, trusted certificates).
"""

from oslo_policy import policy

from nova_rocky.policies import base

SERVERS = 'os_compute_api:servers:%s'
EXTENDED_ATTRIBUTES = 'os_compute_api:os-extended-server-attributes'

INDEX = SERVERS % 'index'
DETAIL = SERVERS % 'detail'
INDEX_ALL_TENANTS = SERVERS % 'index:get_all_tenants'
DETAIL_ALL_TENANTS = SERVERS % 'detail:get_all_tenants'
ALLOW_ALL_FILTERS = SERVERS % 'allow_all_filters'
SHOW = SERVERS % 'show'
SHOW_HOST_STATUS = SERVERS % 'show:host_status'
CREATE = SERVERS % 'create'
CREATE_FORCED_HOST = SERVERS % 'create:forced_host'
CREATE_ATTACH_VOLUME = SERVERS % 'create:attach_volume'
CREATE_ATTACH_NETWORK = SERVERS % 'create:attach_network'
CREATE_TRUSTED_CERTS = SERVERS % 'create:trusted_certs'
DELETE = SERVERS % 'delete'
UPDATE = SERVERS % 'update'

_LIST = [{'method': 'GET', 'path': '/servers'}]
_DETAIL = [{'method': 'GET', 'path': '/servers/detail'}]
_SHOW = [{'method': 'GET', 'path': '/servers/{server_id}'}]
_CREATE = [{'method': 'POST', 'path': '/servers'}]


def _rule(name, check_str, description, operations):
    return policy.DocumentedRuleDefault(name, check_str, description,
                                        operations)


rules = [
    _rule(INDEX, base.RULE_ADMIN_OR_OWNER, 'List all servers', _LIST),
    _rule(DETAIL, base.RULE_ADMIN_OR_OWNER,
          'List all servers with detailed information', _DETAIL),
    _rule(INDEX_ALL_TENANTS, base.RULE_ADMIN_API,
          'List all servers for all projects', _LIST),
    _rule(DETAIL_ALL_TENANTS, base.RULE_ADMIN_API,
          'List all servers with detailed information for all projects',
          _DETAIL),
    _rule(ALLOW_ALL_FILTERS, base.RULE_ADMIN_API,
          'Allow all filters when listing servers', _LIST + _DETAIL),
    _rule(SHOW, base.RULE_ADMIN_OR_OWNER, 'Show a server', _SHOW),
    _rule(SHOW_HOST_STATUS, base.RULE_ADMIN_API,
          'Show a server with additional host status information.\n\n'
          'host_status is UP (the compute is up), DOWN (forced down), '
          'MAINTENANCE (disabled), UNKNOWN (no recent heartbeat) or empty '
          '(no host). It tells the state of the host, not of the server, '
          'and is shown from microversion 2.16.', _SHOW + _DETAIL),
    _rule(CREATE, base.RULE_ADMIN_OR_OWNER, 'Create a server', _CREATE),
    _rule(CREATE_FORCED_HOST, base.RULE_ADMIN_API,
          'Create a server on the specified host and/or node '
          '(availability_zone "zone:host:node")', _CREATE),
    _rule(CREATE_ATTACH_VOLUME, base.RULE_ADMIN_OR_OWNER,
          'Create a server with the requested volume attached to it',
          _CREATE),
    _rule(CREATE_ATTACH_NETWORK, base.RULE_ADMIN_OR_OWNER,
          'Create a server with the requested network attached to it',
          _CREATE),
    _rule(CREATE_TRUSTED_CERTS, base.RULE_ADMIN_OR_OWNER,
          'Create a server with trusted image certificate IDs', _CREATE),
    _rule(DELETE, base.RULE_ADMIN_OR_OWNER, 'Delete a server',
          [{'method': 'DELETE', 'path': '/servers/{server_id}'}]),
    _rule(UPDATE, base.RULE_ADMIN_OR_OWNER, 'Update a server',
          [{'method': 'PUT', 'path': '/servers/{server_id}'}]),
    _rule(EXTENDED_ATTRIBUTES, base.RULE_ADMIN_API,
          'Return extended attributes of a server: OS-EXT-SRV-ATTR:host, '
          'hypervisor_hostname and instance_name (and from 2.3 '
          'reservation_id, launch_index, hostname, kernel_id, ramdisk_id, '
          'root_device_name and user_data)',
          _SHOW + _DETAIL + [{'method': 'PUT',
                              'path': '/servers/{server_id}'}]),
]


def list_rules():
    return rules
