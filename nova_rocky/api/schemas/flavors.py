"""Request schemas of /flavors, flavor extra specs and flavor access.

Versions: 2.1 create; 2.55 adds ``description`` to create and the
``PUT /flavors/{id}`` update body (description only). Sizes may be
integers or digit strings; their ranges are checked again in the handler,
as upstream's flavor create does.
"""

import copy

from nova_rocky.api.schemas import parameter_types as types
from nova_rocky.api.validation import multi_params

# A flavor id: letters, digits, ". _-", no surrounding spaces; a number
# is accepted and turned into its string form.
_FLAVOR_ID = {
    'type': ['string', 'number', 'null'],
    'minLength': 1, 'maxLength': 255,
    'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
}
_RXTX_FACTOR = {
    'type': ['number', 'string'],
    'pattern': r'^[0-9]+(\.[0-9]+)?$',
    'minimum': 0, 'exclusiveMinimum': True,
    'maximum': types.SQL_SP_FLOAT_MAX,
}
# The description column is TEXT (64 KiB).
description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
    'pattern': types.DESCRIPTION_PATTERN,
}

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': types.name,
                'id': _FLAVOR_ID,
                'ram': types.flavor_param_positive,
                'vcpus': types.flavor_param_positive,
                'disk': types.flavor_param_non_negative,
                'OS-FLV-EXT-DATA:ephemeral': types.flavor_param_non_negative,
                'swap': types.flavor_param_non_negative,
                'rxtx_factor': _RXTX_FACTOR,
                'os-flavor-access:is_public': types.boolean,
            },
            # NOTE: "id" stays optional (null or absent: a uuid is made),
            # as upstream kept it for v2.0 compatibility.
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

create_v255 = copy.deepcopy(create)
create_v255['properties']['flavor']['properties']['description'] = (
    description)

update_v255 = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {'description': description},
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

index_query = {
    'type': 'object',
    'properties': {
        'limit': multi_params(types.non_negative_integer),
        'marker': multi_params({'type': 'string'}),
        'is_public': multi_params({'type': 'string'}),
        'minRam': multi_params({'type': 'string'}),
        'minDisk': multi_params({'type': 'string'}),
        'sort_key': multi_params({'type': 'string'}),
        'sort_dir': multi_params({'type': 'string'}),
    },
    # Unknown parameters are ignored (stripped), as upstream.
    'additionalProperties': True,
}

# -- extra specs -------------------------------------------------------------

# Extra spec values may also be numbers (stored as their string form).
_spec_metadata = copy.deepcopy(types.metadata)
_spec_metadata['patternProperties'][types.METADATA_KEY_PATTERN]['type'] = [
    'string', 'number']

extra_specs_create = {
    'type': 'object',
    'properties': {'extra_specs': _spec_metadata},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

extra_spec_update = copy.deepcopy(_spec_metadata)
extra_spec_update.update({'minProperties': 1, 'maxProperties': 1})

# -- access ------------------------------------------------------------------

_TENANT = {
    'type': 'object',
    'properties': {
        'tenant': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    },
    'required': ['tenant'],
    'additionalProperties': False,
}

add_tenant_access = {
    'type': 'object',
    'properties': {'addTenantAccess': _TENANT},
    'required': ['addTenantAccess'],
    'additionalProperties': False,
}

remove_tenant_access = {
    'type': 'object',
    'properties': {'removeTenantAccess': _TENANT},
    'required': ['removeTenantAccess'],
    'additionalProperties': False,
}
