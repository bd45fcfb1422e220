"""Request schemas of /servers (create, update, list query), by version.

Each schema is a deepcopy of the one before plus what its microversion
changed, as upstream: 2.19 description, 2.32 network tags (2.32 only),
2.37 networks required and 'auto'/'none', 2.42 tags on networks and
block devices, 2.52 server tags, 2.57 no personality, 2.63
trusted_image_certificates. ``create_v20`` is the legacy /v2 body (names
may have surrounding spaces, which are stripped).
"""

import copy

from nova_rocky.api.schemas import parameter_types
from nova_rocky.api.validation import multi_params

MAX_TAG_LENGTH = 60
MAX_TAG_COUNT = 50

# Printable text with at least one non-space character.
_NAME_V20_PATTERN = r'^\s*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*\Z'

boolean = parameter_types.boolean
name = parameter_types.name
name_v20 = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': _NAME_V20_PATTERN}
description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\Z'}
positive_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
                    'minimum': 1, 'minLength': 1}
uuid = {'type': 'string', 'format': 'uuid'}
image_id_or_empty = {'oneOf': [uuid, {'type': 'string', 'maxLength': 0}]}
flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}
metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255}},
    'additionalProperties': False,
}
ip_address = {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                          {'format': 'ipv6'}]}
tag = {'type': 'string', 'minLength': 1, 'maxLength': MAX_TAG_LENGTH,
       'pattern': '^[^,/]*$'}
base64_text = {'type': 'string', 'format': 'base64', 'maxLength': 65535}

_network = {
    'type': 'object',
    'properties': {
        'fixed_ip': ip_address,
        'port': {'oneOf': [uuid, {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}

_bdm_v2 = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'image_id': uuid, 'volume_id': uuid, 'snapshot_id': uuid,
        'volume_size': {'type': ['integer', 'string'],
                        'pattern': '^[0-9]+$', 'minimum': 1},
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9._-r/]*$'},
        'delete_on_termination': boolean,
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        'virtual_name': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}
_legacy_bdm = copy.deepcopy(_bdm_v2)
for _key in ('source_type', 'destination_type', 'uuid', 'image_id',
             'guest_format', 'device_type', 'disk_bus', 'boot_index'):
    del _legacy_bdm['properties'][_key]

# Scheduler hints: the known ones are checked, any other is let through.
_hints = {
    'type': 'object',
    'properties': {
        'group': uuid,
        'different_host': {'oneOf': [uuid,
                                     {'type': 'array', 'items': uuid}]},
        'same_host': {'type': ['string', 'array'], 'items': uuid},
        'query': {'type': ['string', 'object']},
        'target_cell': name,
        'different_cell': {'type': ['string', 'array'],
                           'items': {'type': 'string'}},
        'build_near_host_ip': ip_address,
        'cidr': {'type': 'string', 'pattern': '^/[0-9a-f.:]+$'},
    },
    'additionalProperties': True,
}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': name,
                # An empty imageRef is allowed for boot from volume only.
                'imageRef': image_id_or_empty,
                'flavorRef': flavor_ref,
                'adminPass': {'type': 'string'},
                'metadata': metadata,
                'networks': {'type': 'array', 'items': _network},
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
                'personality': {
                    'type': 'array',
                    'items': {'type': 'object',
                              'properties': {'path': {'type': 'string'},
                                             'contents': base64_text},
                              'additionalProperties': False}},
                'availability_zone': name,
                'block_device_mapping': {'type': 'array',
                                         'items': _legacy_bdm},
                'block_device_mapping_v2': {'type': 'array',
                                            'items': _bdm_v2},
                'config_drive': boolean,
                'key_name': name,
                'min_count': positive_integer,
                'max_count': positive_integer,
                'return_reservation_id': boolean,
                'security_groups': {
                    'type': 'array',
                    'items': {'type': 'object',
                              'properties': {'name': name},
                              'additionalProperties': False}},
                'user_data': base64_text,
            },
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': _hints,
        'OS-SCH-HNT:scheduler_hints': _hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _server(schema):
    return schema['properties']['server']['properties']


create_v20 = copy.deepcopy(create)
for _key in ('name', 'availability_zone', 'key_name'):
    _server(create_v20)[_key] = name_v20
_server(create_v20)['security_groups']['items']['properties'][
    'name'] = name_v20
_server(create_v20)['user_data'] = {'oneOf': [base64_text,
                                              {'type': 'null'}]}

create_v219 = copy.deepcopy(create)
_server(create_v219)['description'] = description

# 2.32 only: tags on networks and block devices (2.33 lost the BDM tag).
create_v232 = copy.deepcopy(create_v219)
_server(create_v232)['networks']['items']['properties']['tag'] = tag
_server(create_v232)['block_device_mapping_v2']['items']['properties'][
    'tag'] = tag

create_v233 = copy.deepcopy(create_v219)
_server(create_v233)['networks']['items']['properties']['tag'] = tag

create_v237 = copy.deepcopy(create_v233)
create_v237['properties']['server']['required'].append('networks')
_network_v237 = copy.deepcopy(_network)
_network_v237['properties']['uuid'] = uuid
_server(create_v237)['networks'] = {'oneOf': [
    {'type': 'array', 'items': _network_v237},
    {'type': 'string', 'enum': ['none', 'auto']},
]}

create_v242 = copy.deepcopy(create_v237)
_server(create_v242)['networks']['oneOf'][0]['items']['properties'][
    'tag'] = tag
_server(create_v242)['block_device_mapping_v2']['items']['properties'][
    'tag'] = tag

create_v252 = copy.deepcopy(create_v242)
_server(create_v252)['tags'] = {'type': 'array', 'items': tag,
                                'maxItems': MAX_TAG_COUNT}

create_v257 = copy.deepcopy(create_v252)
del _server(create_v257)['personality']

create_v263 = copy.deepcopy(create_v257)
_server(create_v263)['trusted_image_certificates'] = {
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1}}

update = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': name,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}

update_v20 = copy.deepcopy(update)
_server(update_v20)['name'] = name_v20

update_v219 = copy.deepcopy(update)
_server(update_v219)['description'] = description

# -- GET /servers and /servers/detail query -----------------------------

_param = multi_params({'type': 'string'})
_regex_param = multi_params({'type': 'string', 'format': 'regex'})

# Columns that used to be accepted as sort keys but are ignored (not a 400).
IGNORED_SORT_KEYS = [
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate',
    'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on',
    'locked', 'memory_mb', 'os_type', 'reservation_id', 'root_gb',
    'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode']
SORT_KEYS = [
    'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'availability_zone',
    'config_drive', 'created_at', 'display_description', 'display_name',
    'host', 'hostname', 'image_ref', 'instance_type_id', 'kernel_id',
    'key_name', 'launch_index', 'launched_at', 'locked_by', 'node',
    'power_state', 'progress', 'project_id', 'ramdisk_id',
    'root_device_name', 'task_state', 'terminated_at', 'updated_at',
    'user_id', 'uuid', 'vm_state']
# Filters naming joined tables: a 400, never a silent no-op.
JOINED_TABLE_FILTERS = ('block_device_mapping', 'services', 'metadata',
                        'system_metadata', 'info_cache', 'security_groups',
                        'pci_devices')

_EXACT_FILTERS = ('user_id', 'project_id', 'tenant_id', 'launch_index',
                  'image_ref', 'image', 'vm_state', 'task_state', 'host',
                  'uuid', 'sort_dir', 'all_tenants', 'soft_deleted',
                  'deleted', 'status')
_REGEX_FILTERS = ('kernel_id', 'ramdisk_id', 'hostname', 'key_name',
                  'power_state', 'node', 'flavor', 'reservation_id',
                  'launched_at', 'terminated_at', 'availability_zone',
                  'name', 'display_name', 'description',
                  'display_description', 'locked_by', 'root_device_name',
                  'config_drive', 'access_ip_v4', 'access_ip_v6',
                  'auto_disk_config', 'progress', 'ip', 'ip6', 'created_at')

list_query = {
    'type': 'object',
    'properties': dict(
        [(key, _param) for key in _EXACT_FILTERS + JOINED_TABLE_FILTERS] +
        [(key, _regex_param) for key in _REGEX_FILTERS] +
        [('sort_key', multi_params({'type': 'string',
                                    'enum': SORT_KEYS + IGNORED_SORT_KEYS})),
         ('changes-since', multi_params({'type': 'string',
                                         'format': 'date-time'})),
         ('limit', multi_params({'type': ['integer', 'string'],
                                 'pattern': '^[0-9]*$', 'minimum': 0,
                                 'minLength': 1})),
         ('marker', multi_params({'type': 'string'}))]),
    # Unknown parameters are dropped, not refused (until 2.75 upstream);
    # names starting with "_" are kept so that the handler refuses them.
    'additionalProperties': True,
    'patternProperties': {'^_': _param},
}

list_query_v226 = copy.deepcopy(list_query)
list_query_v226['properties'].update(
    {key: _regex_param for key in ('tags', 'tags-any', 'not-tags',
                                   'not-tags-any')})
