"""Request and query schemas of /os-server-groups, by version.

Before 2.64 a group is created with a one-item ``policies`` list; 2.15
adds the soft policies. ``minItems: 1`` makes ``"policies": []`` a 400
(upstream's Rocky schema let it through and answered 500, bug 1894966).
2.64 takes a single ``policy`` plus ``rules`` (``max_server_per_host``)
and no longer accepts ``policies``.
"""

import copy

from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api.validation import multi_params

HARD_POLICIES = ['anti-affinity', 'affinity']
SOFT_POLICIES = ['soft-anti-affinity', 'soft-affinity']

create = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'policies': {
                    'type': 'array',
                    'items': [{'type': 'string', 'enum': HARD_POLICIES}],
                    'uniqueItems': True,
                    'minItems': 1,
                    'maxItems': 1,
                    'additionalItems': False,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies'][
    'items'][0]['enum'] = HARD_POLICIES + SOFT_POLICIES

create_v264 = copy.deepcopy(create_v215)
_v264 = create_v264['properties']['server_group']
del _v264['properties']['policies']
_v264['required'] = ['name', 'policy']
_v264['properties']['policy'] = {
    'type': 'string', 'enum': HARD_POLICIES + SOFT_POLICIES}
_v264['properties']['rules'] = {
    'type': 'object',
    'properties': {
        'max_server_per_host': {
            'type': ['integer', 'string'], 'pattern': '^[1-9][0-9]*$',
            'minimum': 1, 'maximum': types.MAX_INT,
        },
    },
    'additionalProperties': False,
}

# Unknown query parameters are ignored, as upstream.
index_query = {
    'type': 'object',
    'properties': {
        'all_projects': multi_params({'type': 'string'}),
        'limit': multi_params(types.non_negative_integer),
        'offset': multi_params(types.non_negative_integer),
    },
    'additionalProperties': True,
}
