"""Request schemas of POST /servers/{server_id}/action, by action.

Each body has exactly one key, the action. Rebuild grows per
microversion as upstream's does: 2.19 description, 2.54 key_name (null
unsets it), 2.57 user_data and no personality, 2.63
trusted_image_certificates. Evacuate: <2.14 ``onSharedStorage``
required, 2.14 dropped it, 2.29 added ``force``.
"""

import copy

from nova_rocky.api.schemas import parameter_types
from nova_rocky.api.schemas import servers as server_schemas


def action(name, body_schema):
    return {
        'type': 'object',
        'properties': {name: body_schema},
        'required': [name],
        'additionalProperties': False,
    }


# pause, unpause, suspend, resume, lock, unlock, os-start, os-stop,
# restore, forceDelete: no argument (upstream takes null).
no_argument = {'oneOf': [{'type': 'null'},
                         {'type': 'object', 'properties': {},
                          'additionalProperties': False}]}

reboot = action('reboot', {
    'type': 'object',
    'properties': {'type': {'type': 'string', 'enum': [
        'HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']}},
    'required': ['type'],
    'additionalProperties': False,
})

_personality = {
    'type': 'array',
    'items': {'type': 'object',
              'properties': {'path': {'type': 'string'},
                             'contents': server_schemas.base64_text},
              'additionalProperties': False}}

rebuild = action('rebuild', {
    'type': 'object',
    'properties': {
        'name': parameter_types.name,
        'imageRef': {'type': 'string', 'minLength': 1},
        'adminPass': {'type': 'string'},
        'metadata': server_schemas.metadata,
        'preserve_ephemeral': parameter_types.boolean,
        'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': {'type': 'string', 'format': 'ipv4'},
        'accessIPv6': {'type': 'string', 'format': 'ipv6'},
        'personality': _personality,
    },
    'required': ['imageRef'],
    'additionalProperties': False,
})


def _rebuild_body(schema):
    return schema['properties']['rebuild']['properties']


rebuild_v219 = copy.deepcopy(rebuild)
_rebuild_body(rebuild_v219)['description'] = server_schemas.description

rebuild_v254 = copy.deepcopy(rebuild_v219)
_rebuild_body(rebuild_v254)['key_name'] = {
    'oneOf': [parameter_types.name, {'type': 'null'}]}

rebuild_v257 = copy.deepcopy(rebuild_v254)
del _rebuild_body(rebuild_v257)['personality']
_rebuild_body(rebuild_v257)['user_data'] = {
    'oneOf': [server_schemas.base64_text, {'type': 'null'}]}

rebuild_v263 = copy.deepcopy(rebuild_v257)
_rebuild_body(rebuild_v263)['trusted_image_certificates'] = {
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1}}

_hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': '^[a-zA-Z0-9-._]*$'}

evacuate = action('evacuate', {
    'type': 'object',
    'properties': {
        'host': _hostname,
        'onSharedStorage': parameter_types.boolean,
        'adminPass': {'type': 'string'},
    },
    'required': ['onSharedStorage'],
    'additionalProperties': False,
})

evacuate_v214 = copy.deepcopy(evacuate)
del evacuate_v214['properties']['evacuate']['properties']['onSharedStorage']
del evacuate_v214['properties']['evacuate']['required']

evacuate_v229 = copy.deepcopy(evacuate_v214)
evacuate_v229['properties']['evacuate']['properties']['force'] = \
    parameter_types.boolean
