"""Request schemas of /os-aggregates (the same at every microversion).

Create takes a ``name`` and an optional ``availability_zone``; update
takes either or both (a null zone removes it); the action body has one of
``add_host``, ``remove_host`` or ``set_metadata`` (a null value deletes
that key).
"""

from nova_rocky.api.schemas import parameter_types as types

availability_zone = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                     'pattern': types.NAME_PATTERN}
availability_zone_or_null = {'type': ['string', 'null'], 'minLength': 1,
                             'maxLength': 255,
                             'pattern': types.NAME_PATTERN}
hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': '^[a-zA-Z0-9-._]*$'}


def _wrap(key, properties, required, **extra):
    inner = {'type': 'object', 'properties': properties,
             'additionalProperties': False}
    if required:
        inner['required'] = required
    inner.update(extra)
    return {'type': 'object', 'properties': {key: inner},
            'required': [key], 'additionalProperties': False}


create = _wrap('aggregate', {'name': types.name,
                             'availability_zone': availability_zone},
               ['name'])

update = _wrap('aggregate', {'name': types.name,
                             'availability_zone': availability_zone_or_null},
               None, anyOf=[{'required': ['name']},
                            {'required': ['availability_zone']}])

add_host = _wrap('add_host', {'host': hostname}, ['host'])
remove_host = _wrap('remove_host', {'host': hostname}, ['host'])

set_metadata = _wrap('set_metadata', {'metadata': {
    'type': 'object',
    'patternProperties': {
        types.METADATA_KEY_PATTERN: {'type': ['string', 'null'],
                                     'maxLength': 255}},
    'additionalProperties': False,
}}, ['metadata'])
