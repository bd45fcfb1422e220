"""/os-keypairs: a user's SSH keys and x509 certificates.

* ``POST`` imports ``public_key`` or generates a key pair (the private
  key is returned once): 200 at 2.1, 201 from 2.2 (which adds ``type``);
  from 2.10 an administrator may name another ``user_id``.
  ``[quota]key_pairs`` per user (403); a taken name is a 409.
* ``GET`` lists (2.10 ``?user_id=``, 2.35 ``limit`` / ``marker`` and
  ``keypairs_links``); ``GET /{name}`` shows; ``DELETE /{name}`` answers
  202 at 2.1 and 204 from 2.2.

Policies compare the key pair's owner with the caller (``user_id``).
"""

import string

import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.schemas import keypairs as schema
from nova_rocky.api import validation
from nova_rocky.api.views import keypairs as view
from nova_rocky import crypto
from nova_rocky import exception
from nova_rocky.objects import keypair as keypair_obj
from nova_rocky.policies import keypairs as policies
from nova_rocky import quota

SAFE_NAME_CHARS = frozenset('_- ' + string.digits + string.ascii_letters)


def _user_and_context(req, policy, user_id=None):
    """The key owner and the caller's context, after the policy check."""
    context = common.get_context(req)
    if user_id is None and microversion.is_at_least(req, '2.10'):
        user_id = req.GET.get('user_id')
    user_id = user_id or context.user_id
    context.can(policy, {'user_id': user_id,
                         'project_id': context.project_id})
    return user_id, context


def _check_name(name):
    if not set(name) <= SAFE_NAME_CHARS:
        raise webob.exc.HTTPBadRequest(
            explanation='Keypair data is invalid: Keypair name contains '
                        'unsafe characters')


def _make_keypair(context, user_id, name, key_type, public_key):
    """The new KeyPair (not stored yet) and its private key or None."""
    private_key = None
    if public_key is not None:
        fingerprint = (crypto.generate_x509_fingerprint(public_key)
                       if key_type == keypair_obj.KEYPAIR_TYPE_X509
                       else crypto.generate_fingerprint(public_key))
    elif key_type == keypair_obj.KEYPAIR_TYPE_X509:
        private_key, public_key, fingerprint = \
            crypto.generate_winrm_x509_cert(user_id)
    else:
        private_key, public_key, fingerprint = crypto.generate_key_pair()
    keypair = keypair_obj.KeyPair(
        context, name=name, user_id=user_id, type=key_type,
        public_key=public_key, fingerprint=fingerprint)
    return keypair, private_key


@validation.schema(schema.create, '2.1', '2.1')
@validation.schema(schema.create_v22, '2.2', '2.9')
@validation.schema(schema.create_v210, '2.10')
def create_keypair(req, body):
    """POST /os-keypairs"""
    params = body['keypair']
    user_id, context = _user_and_context(req, policies.CREATE,
                                         params.get('user_id'))
    name = params['name'].strip() if req.is_legacy_v2 else params['name']
    _check_name(name)
    try:
        quota.check_key_pairs(context, user_id)
        keypair, private_key = _make_keypair(
            context, user_id, name,
            params.get('type', keypair_obj.KEYPAIR_TYPE_SSH),
            params.get('public_key'))
        keypair.create()
    except exception.QuotaError:
        raise webob.exc.HTTPForbidden(
            explanation='Quota exceeded, too many key pairs.')
    except exception.InvalidKeypair as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    except exception.KeyPairExists as e:
        raise webob.exc.HTTPConflict(explanation=e.format_message())
    status = 201 if microversion.is_at_least(req, '2.2') else 200
    return common.json_response(
        req, view.created(req, keypair, private_key), status=status)


@validation.query_schema(schema.user_query_v210, '2.10', '2.34')
@validation.query_schema(schema.index_query_v235, '2.35')
def list_keypairs(req):
    """GET /os-keypairs"""
    user_id, context = _user_and_context(req, policies.INDEX)
    paged = microversion.is_at_least(req, '2.35')
    limit, marker = (common.get_limit_and_marker(req) if paged
                     else (None, None))
    try:
        keypairs = keypair_obj.KeyPairList.get_by_user(
            context, user_id, limit=limit, marker=marker)
    except exception.MarkerNotFound as e:
        raise webob.exc.HTTPBadRequest(explanation=e.format_message())
    return common.json_response(req, view.index(req, keypairs, paged))


def _get(context, user_id, name):
    try:
        return keypair_obj.KeyPair.get_by_name(context, user_id, name)
    except exception.KeypairNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())


@validation.query_schema(schema.user_query_v210, '2.10')
def show_keypair(req, keypair_name):
    """GET /os-keypairs/{keypair_name}"""
    user_id, context = _user_and_context(req, policies.SHOW)
    keypair = _get(context, user_id, keypair_name)
    return common.json_response(req, view.show(req, keypair))


@validation.query_schema(schema.user_query_v210, '2.10')
def delete_keypair(req, keypair_name):
    """DELETE /os-keypairs/{keypair_name}"""
    user_id, context = _user_and_context(req, policies.DELETE)
    try:
        keypair_obj.KeyPair.destroy_by_name(context, user_id, keypair_name)
    except exception.KeypairNotFound as e:
        raise webob.exc.HTTPNotFound(explanation=e.format_message())
    status = 204 if microversion.is_at_least(req, '2.2') else 202
    return common.empty_response(status=status)
