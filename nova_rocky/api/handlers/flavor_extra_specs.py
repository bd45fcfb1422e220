"""/flavors/{flavor_id}/os-extra_specs: a flavor's key/value specs.

Reading is for project members, writing for administrators (policies in
``nova_rocky.policies.flavor_extra_specs``). Create (POST) merges the
given specs into the flavor's and echoes the body, 200; PUT sets exactly
the key named in the URL, 200; DELETE answers 200 with no body, all as
upstream.

Values may be strings or numbers (stored as strings) of at most 255
characters. Keys ``trait[N]:<NAME>`` name a placement trait the scheduler
will require or forbid, so ``<NAME>`` must be a standard os-traits name
or a custom trait (``CUSTOM_`` + ``[A-Z0-9_]``): an unknown trait would
only make every boot fail with "No valid host" later.
"""

import re

import os_traits
import webob.exc

from nova_rocky.api import common
from nova_rocky.api.handlers import flavors as flavors_handler
from nova_rocky.api.schemas import flavors as schema
from nova_rocky.api import validation
from nova_rocky import exception
from nova_rocky.policies import flavor_extra_specs as policies

MAX_VALUE_LENGTH = 255
TRAIT_KEY_RE = re.compile(r'^trait([1-9][0-9]*)?:(.*)$')
CUSTOM_TRAIT_RE = re.compile(r'^CUSTOM_[A-Z0-9_]+$')
_STANDARD_TRAITS = None


def _is_known_trait(name):
    global _STANDARD_TRAITS
    if _STANDARD_TRAITS is None:
        _STANDARD_TRAITS = frozenset(os_traits.get_traits())
    return name in _STANDARD_TRAITS or bool(CUSTOM_TRAIT_RE.match(name))


def _check_specs(specs):
    """400 for a too long numeric value or an unknown trait name."""
    for key, value in specs.items():
        # NOTE: a schema cannot bound the length of a number.
        if isinstance(value, (int, float)) and \
                len(str(value)) > MAX_VALUE_LENGTH:
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid input received: extra_specs value has '
                            'more than %d characters.' % MAX_VALUE_LENGTH)
        match = TRAIT_KEY_RE.match(key)
        if match and not _is_known_trait(match.group(2)):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid extra spec %s: %s is neither a '
                            'standard trait (os-traits) nor a custom trait '
                            '(CUSTOM_[A-Z0-9_]+).' % (key, match.group(2)))


def _save_specs(flavor, specs):
    try:
        flavor.save_extra_specs(to_add={k: str(v) for k, v in specs.items()})
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())


def _missing_key(flavor_id, key):
    return webob.exc.HTTPNotFound(
        explanation='Flavor %s has no extra specs with key %s.'
                    % (flavor_id, key))


def list_extra_specs(req, flavor_id):
    """GET /flavors/{flavor_id}/os-extra_specs"""
    context = common.get_context(req)
    context.can(policies.INDEX)
    flavor = flavors_handler.get_flavor(context, flavor_id)
    return common.json_response(
        req, {'extra_specs': dict(flavor.extra_specs)})


@validation.schema(schema.extra_specs_create)
def create_extra_specs(req, flavor_id, body):
    """POST /flavors/{flavor_id}/os-extra_specs: add or change specs."""
    context = common.get_context(req)
    context.can(policies.CREATE)
    specs = body['extra_specs']
    _check_specs(specs)
    flavor = flavors_handler.get_flavor(context, flavor_id)
    _save_specs(flavor, specs)
    return common.json_response(req, body)


def show_extra_spec(req, flavor_id, key):
    """GET /flavors/{flavor_id}/os-extra_specs/{key}"""
    context = common.get_context(req)
    context.can(policies.SHOW)
    flavor = flavors_handler.get_flavor(context, flavor_id)
    if key not in flavor.extra_specs:
        raise _missing_key(flavor_id, key)
    return common.json_response(req, {key: flavor.extra_specs[key]})


@validation.schema(schema.extra_spec_update)
def update_extra_spec(req, flavor_id, key, body):
    """PUT /flavors/{flavor_id}/os-extra_specs/{key}: ``{key: value}``."""
    context = common.get_context(req)
    context.can(policies.UPDATE)
    _check_specs(body)
    if key not in body:
        raise webob.exc.HTTPBadRequest(
            explanation='Request body and URI mismatch')
    flavor = flavors_handler.get_flavor(context, flavor_id)
    _save_specs(flavor, body)
    return common.json_response(req, body)


def delete_extra_spec(req, flavor_id, key):
    """DELETE /flavors/{flavor_id}/os-extra_specs/{key}; 200, no body."""
    context = common.get_context(req)
    context.can(policies.DELETE)
    flavor = flavors_handler.get_flavor(context, flavor_id)
    if key not in flavor.extra_specs:
        raise _missing_key(flavor_id, key)
    try:
        flavor.save_extra_specs(to_delete=[key])
    except exception.FlavorNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    return common.empty_response(status=200)
