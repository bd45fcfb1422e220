"""The evacuate action of POST /servers/{server_id}/action (admin).

200, as upstream: before 2.14 the body is ``{"adminPass": ...}`` (when
``[api]enable_instance_password``), from 2.14 it is empty. 2.29 adds
``force`` (which needs ``host``).
"""

import secrets
import string

from oslo_utils import strutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.handlers import servers as server_handlers
from nova_rocky.api import validation
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.policies import server_actions as policies

CONF = conf.CONF
compute_api = server_handlers.compute_api
_PASSWORD_CHARS = string.ascii_letters + string.digits


def _validate(req, body, schemas):
    for min_version, version_schema in schemas:
        if microversion.is_at_least(req, min_version):
            return validation.validate(version_schema, body)


def evacuate(req, server_id, body, schemas):
    """Rebuild the server on another host; its own host is down."""
    _validate(req, body, schemas)
    context = req.context
    instance = compute_api.get(context, server_id, expected_attrs=['flavor'])
    context.can(policies.EVACUATE, target={'user_id': instance.user_id,
                                           'project_id': instance.project_id})
    data = body['evacuate']
    host = data.get('host')
    force = strutils.bool_from_string(data.get('force', False))
    if force and not host:
        raise webob.exc.HTTPBadRequest(
            explanation="Can't force to a non-provided destination")
    if not microversion.is_at_least(req, '2.14') and \
            strutils.bool_from_string(data['onSharedStorage']):
        # NOTE: no shared instance storage here: a guest is always
        # recreated from its image.
        raise webob.exc.HTTPBadRequest(
            explanation='Shared storage is not available in this cloud.')
    password = data.get('adminPass') or ''.join(
        secrets.choice(_PASSWORD_CHARS)
        for _ in range(server_handlers.PASSWORD_LENGTH))
    try:
        compute_api.evacuate(context, instance, host=host,
                             admin_password=password, force=force)
    except exception.InstanceInvalidState as exc:
        from nova_rocky.api.handlers import server_actions
        raise server_actions.conflict_for_state(exc, 'evacuate', server_id)
    except exception.ComputeServiceInUse as exc:
        raise webob.exc.HTTPBadRequest(explanation=exc.format_message())
    except exception.ComputeHostNotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Compute host %s not found.' % host)
    if microversion.is_at_least(req, '2.14') or \
            not CONF.api.enable_instance_password:
        return _empty_200()
    return common.json_response(req, {'adminPass': password})


def _empty_200():
    # Upstream answers 200 with no body from 2.14.
    return common.empty_response(200)
