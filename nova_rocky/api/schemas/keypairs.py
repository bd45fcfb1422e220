"""Request and query schemas of /os-keypairs, by version.

2.2 adds the key ``type`` (ssh, x509); 2.10 lets administrators name
another user (``user_id`` in the body and in queries); 2.35 adds
``limit`` / ``marker`` paging to the list.
"""

import copy

from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api.validation import multi_params

create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509']}

create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string'}

# Unknown query parameters are ignored, as upstream.
user_query_v210 = {
    'type': 'object',
    'properties': {'user_id': multi_params({'type': 'string'})},
    'additionalProperties': True,
}

index_query_v235 = copy.deepcopy(user_query_v210)
index_query_v235['properties'].update({
    'limit': multi_params(types.non_negative_integer),
    'marker': multi_params({'type': 'string'}),
})
