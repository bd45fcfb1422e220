"""JSON-schema validation of request bodies, query strings and responses.

Stack the decorators on a handler, one per microversion range, as
upstream Nova does::

    @validation.schema(schemas.create_v20, '2.1', '2.63')
    @validation.schema(schemas.create_v264, '2.64')
    def create_group(req, body): ...

    @validation.query_schema(schemas.index_query)
    def list_groups(req): ...

A request outside every range is not validated by these decorators.
Errors are 400s whose message names the field:
``Invalid input for field/attribute name. Value: 42. 42 is not of type
'string'``. Requests on the legacy ``/v2`` endpoint have unknown body
properties dropped instead of rejected, as upstream's v2 compatibility
mode did. :func:`response_body_schema` attaches response schemas that
tests check with :func:`validate_response` (or on every call while
``VALIDATE_RESPONSES`` is True, which the API test fixture sets).
"""

import functools
import re

import jsonschema
from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from nova_rocky.api import microversion
from nova_rocky import exception

# Set by tests: handlers then check their own responses.
VALIDATE_RESPONSES = False

_FORMAT_CHECKER = jsonschema.FormatChecker()


@_FORMAT_CHECKER.checks('uuid')
def _is_uuid(instance):
    if not isinstance(instance, str):
        return True
    return uuidutils.is_uuid_like(instance)


def multi_params(schema):
    """Schema of a query parameter, which is always a list of values."""
    return {'type': 'array', 'items': schema}


def _error_message(error):
    # NOTE: name the innermost named field; a list index alone ("0") would
    # not tell the user which parameter is wrong.
    names = [part for part in error.path if isinstance(part, str)]
    if names:
        return ('Invalid input for field/attribute %s. Value: %s. %s'
                % (names[-1], error.instance, error.message))
    return error.message


def _soft_additional_properties(validator, additional, instance, schema):
    """Drop unknown properties instead of failing (legacy /v2 bodies)."""
    if not validator.is_type(instance, 'object') or additional:
        return
    known = set(schema.get('properties', {}))
    patterns = schema.get('patternProperties', {})
    for name in list(instance):
        if name not in known and \
                not any(re.search(p, name) for p in patterns):
            del instance[name]


_Draft4 = jsonschema.Draft4Validator
_LegacyValidator = jsonschema.validators.extend(
    _Draft4, {'additionalProperties': _soft_additional_properties})


def validate(schema, instance, legacy_v2=False):
    """Validate ``instance``; raise ValidationError (400) on failure."""
    cls = _LegacyValidator if legacy_v2 else _Draft4
    try:
        cls(schema, format_checker=_FORMAT_CHECKER).validate(instance)
    except jsonschema.ValidationError as error:
        raise exception.ValidationError(detail=_error_message(error))


def _in_range(req, min_version, max_version):
    low = microversion.parse_version(min_version or microversion.VERSIONS[0])
    high = microversion.parse_version(
        max_version or microversion.VERSIONS[-1])
    return low <= req.api_version <= high


def schema(request_body_schema, min_version=None, max_version=None):
    """Validate the ``body`` of a handler for versions in the range."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(req, *args, **kwargs):
            if _in_range(req, min_version, max_version):
                validate(request_body_schema, kwargs.get('body'),
                         legacy_v2=req.is_legacy_v2)
            return func(req, *args, **kwargs)
        return wrapper
    return decorator


def _strip_unknown_query(query_schema, req):
    known = set(query_schema.get('properties', {}))
    for name in list(req.GET):
        if name not in known:
            del req.GET[name]


def query_schema(query_params_schema, min_version=None, max_version=None):
    """Validate the query string (a dict of lists) for the range.

    When the schema allows additional properties, unknown parameters are
    removed from ``req.GET`` so handlers only see known ones (upstream).
    """
    def decorator(func):
        @functools.wraps(func)
        def wrapper(req, *args, **kwargs):
            if _in_range(req, min_version, max_version):
                validate(query_params_schema, req.GET.dict_of_lists())
                if query_params_schema.get('additionalProperties', True):
                    _strip_unknown_query(query_params_schema, req)
            return func(req, *args, **kwargs)
        return wrapper
    return decorator


def validate_response(response_schema, body):
    """Validate a response body (dict or JSON bytes); AssertionError."""
    if isinstance(body, (bytes, str)):
        body = jsonutils.loads(body)
    try:
        _Draft4(response_schema,
                format_checker=_FORMAT_CHECKER).validate(body)
    except jsonschema.ValidationError as error:
        raise AssertionError('Response does not match its schema: %s'
                             % _error_message(error))


def response_body_schema(response_schema, min_version=None,
                         max_version=None):
    """Declare the response schema of a handler for the range.

    The schemas are kept on the function (``func.response_schemas``) for
    tests; while ``VALIDATE_RESPONSES`` is set each JSON reply is checked.
    """
    def decorator(func):
        @functools.wraps(func)
        def wrapper(req, *args, **kwargs):
            response = func(req, *args, **kwargs)
            if VALIDATE_RESPONSES and response.body and \
                    _in_range(req, min_version, max_version):
                validate_response(response_schema, response.body)
            return response
        wrapper.response_schemas = list(
            getattr(func, 'response_schemas', [])) + [
                (min_version, max_version, response_schema)]
        return wrapper
    return decorator
