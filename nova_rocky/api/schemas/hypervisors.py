"""Query schemas of /os-hypervisors.

2.33 adds ``limit`` / ``marker`` paging to the lists; 2.53 adds the
``hypervisor_hostname_pattern`` and ``with_servers`` parameters (which
replace the /search and /servers routes) and rejects unknown parameters.
"""

from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api.validation import multi_params

list_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': multi_params(types.non_negative_integer),
        'marker': multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

list_query_v253 = {
    'type': 'object',
    'properties': {
        'limit': types.single_param(types.non_negative_integer),
        'marker': types.single_param({'type': 'string'}),
        'hypervisor_hostname_pattern': types.single_param(
            {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': '^[a-zA-Z0-9-._]*$'}),
        'with_servers': types.single_param(types.boolean),
    },
    'additionalProperties': False,
}

show_query_v253 = {
    'type': 'object',
    'properties': {
        'with_servers': types.single_param(types.boolean),
    },
    'additionalProperties': False,
}
