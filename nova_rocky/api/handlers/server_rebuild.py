"""The rebuild action of POST /servers/{server_id}/action.

202 with the server as it will be once rebuilt (the requested name,
image, metadata...) and ``adminPass``; nothing but the task state is saved
before the conductor has passed scheduling (``compute/rebuild_api.py``).
"""

import secrets
import string

from oslo_utils import strutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.handlers import servers as server_handlers
from nova_rocky.api import validation
from nova_rocky.api.views import servers as views
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.policies import server_actions as policies

CONF = conf.CONF
compute_api = server_handlers.compute_api
_PASSWORD_CHARS = string.ascii_letters + string.digits

# Body key -> compute API keyword of the fields a rebuild may change.
_CHANGES = {'name': 'name', 'metadata': 'metadata',
            'accessIPv4': 'access_ip_v4', 'accessIPv6': 'access_ip_v6',
            'description': 'description', 'key_name': 'key_name',
            'user_data': 'user_data'}


def _validate(req, body, schemas):
    for min_version, version_schema in schemas:
        if microversion.is_at_least(req, min_version):
            return validation.validate(version_schema, body)


def _bad_request(message):
    return webob.exc.HTTPBadRequest(explanation=message)


def _changes(rebuild):
    changes = {_CHANGES[key]: rebuild[key] for key in _CHANGES
               if key in rebuild}
    if 'OS-DCF:diskConfig' in rebuild:
        changes['auto_disk_config'] = rebuild['OS-DCF:diskConfig'] == 'AUTO'
    return changes


def _refuse_unsupported(req, instance, rebuild):
    if rebuild.get('personality'):
        # NOTE: file injection is not implemented; accepting files and
        # dropping them would lie to the user.
        raise _bad_request('Personality files are not supported by this '
                           'cloud.')
    if 'trusted_image_certificates' in rebuild:
        req.context.can(policies.REBUILD_TRUSTED_CERTS,
                        target={'user_id': instance.user_id,
                                'project_id': instance.project_id})
        if rebuild['trusted_image_certificates']:
            raise _bad_request('Image certificate validation is not '
                               'available in this cloud.')


def _password(rebuild):
    password = rebuild.get('adminPass')
    if password is None:
        password = ''.join(secrets.choice(_PASSWORD_CHARS)
                           for _ in range(server_handlers.PASSWORD_LENGTH))
    return password


def rebuild(req, server_id, body, schemas):
    """Rebuild the server from ``imageRef`` (202 with the server)."""
    _validate(req, body, schemas)
    context = req.context
    instance = server_handlers.compute_api.get(
        context, server_id, expected_attrs=views.DETAIL_EXPECTED_ATTRS)
    context.can(policies.REBUILD, target={'user_id': instance.user_id,
                                          'project_id': instance.project_id})
    data = body['rebuild']
    _refuse_unsupported(req, instance, data)
    image_href = data['imageRef']
    password = _password(data)
    preserve = strutils.bool_from_string(data.get('preserve_ephemeral',
                                                  False))
    try:
        updates = compute_api.rebuild(context, instance, image_href,
                                      password, preserve_ephemeral=preserve,
                                      **_changes(data))
    except exception.InstanceInvalidState as exc:
        from nova_rocky.api.handlers import server_actions
        raise server_actions.conflict_for_state(exc, 'rebuild', server_id)
    except exception.ImageNotFound:
        raise _bad_request('Cannot find image for rebuild')
    except exception.KeypairNotFound:
        raise _bad_request('Invalid key_name provided.')
    except exception.QuotaError as exc:
        raise webob.exc.HTTPForbidden(explanation=exc.format_message())
    return common.json_response(req, _view(req, instance, updates, password),
                                status=202, headers={
                                    'Location': common.resource_url(
                                        req, 'servers', instance.uuid)})


def _view(req, instance, updates, password):
    # The answer shows the server as requested: the changes are applied
    # to this in-memory copy only (the conductor saves them).
    for field, value in updates.items():
        setattr(instance, field, value)
    options = views.ViewOptions(req)
    server = views.show(req, instance, options, full=False)
    if microversion.is_at_least(req, '2.54'):
        server['key_name'] = instance.key_name
    if microversion.is_at_least(req, '2.57'):
        server['user_data'] = instance.user_data
    if CONF.api.enable_instance_password:
        server['adminPass'] = password
    return {'server': server}
