"""JSON-schema pieces shared by request schemas (upstream's
``nova/api/validation/parameter_types.py``, the parts in use).

Query-string values always arrive as lists of strings; wrap a value schema
in ``validation.multi_params`` (any number of values) or
:func:`single_param` (exactly one) for query schemas.
"""

MAX_INT = 0x7FFFFFFF
SQL_SP_FLOAT_MAX = 3.40282e+38

# Printable text that neither starts nor ends with whitespace.
# NOTE: \Z, not $: $ also matches before a trailing newline.
NAME_PATTERN = r'^(?!\s)[^\x00-\x1f\x7f-\x9f]*(?<!\s)\Z'
# Printable text, newlines and tabs allowed (descriptions).
DESCRIPTION_PATTERN = r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$'

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
             'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
             'NO', 'No', 'no'],
}

name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': NAME_PATTERN}

non_negative_integer = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
    'minimum': 0, 'minLength': 1,
}

# A flavor size: an integer, or a string of digits (range checked in code
# because a schema cannot bound the value of a string).
flavor_param_positive = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
    'minimum': 1, 'maximum': MAX_INT, 'minLength': 1,
}
flavor_param_non_negative = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
    'minimum': 0, 'maximum': MAX_INT, 'minLength': 1,
}

# Keys and values of metadata-like dicts (flavor extra specs).
METADATA_KEY_PATTERN = '^[a-zA-Z0-9-_:. ]{1,255}$'
metadata = {
    'type': 'object',
    'patternProperties': {
        METADATA_KEY_PATTERN: {'type': 'string', 'maxLength': 255}},
    'additionalProperties': False,
}


def single_param(schema):
    """Schema of a query parameter given exactly once."""
    return {'type': 'array', 'items': schema, 'maxItems': 1}
