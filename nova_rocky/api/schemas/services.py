"""Request schemas of /os-services.

Before 2.53 ``PUT /os-services/{action}`` names the service by host and
binary in the body (2.11 adds ``forced_down`` for the force-down action);
from 2.53 ``PUT /os-services/{service_uuid}`` carries only what changes.
"""

import copy

from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api.validation import multi_params

_fqdn = {'type': 'string', 'minLength': 1, 'maxLength': 255,
         'pattern': '^[a-zA-Z0-9-._]*$'}
_binary = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_reason = {'type': 'string', 'minLength': 1, 'maxLength': 255}

service_update = {
    'type': 'object',
    'properties': {
        'host': _fqdn,
        'binary': _binary,
        'disabled_reason': _reason,
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

service_update_v211 = copy.deepcopy(service_update)
service_update_v211['properties']['forced_down'] = types.boolean

# Nothing is required: the service is named in the URL. Enabling with a
# disabled_reason is refused in code.
service_update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': _reason,
        'forced_down': types.boolean,
    },
    'additionalProperties': False,
}

index_query = {
    'type': 'object',
    'properties': {
        'host': multi_params({'type': 'string'}),
        'binary': multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}
