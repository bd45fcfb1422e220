"""Handlers of /servers: list, detail, show, create, update, delete.

Each handler checks policy, validates, calls the compute API facade
(``nova_rocky.compute.api``) and builds the view (``api.views.servers``).
"""

import secrets
import string

from oslo_utils import strutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api import server_filters
from nova_rocky.api.schemas import servers as schema
from nova_rocky.api import validation
from nova_rocky.api.views import servers as views
from nova_rocky.compute import api as compute
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.policies import servers as server_policies

# Version ranges of the create and update body schemas (legacy /v2 aside).
_CREATE_SCHEMAS = [('2.63', schema.create_v263), ('2.57', schema.create_v257),
                   ('2.52', schema.create_v252), ('2.42', schema.create_v242),
                   ('2.37', schema.create_v237), ('2.33', schema.create_v233),
                   ('2.32', schema.create_v232), ('2.19', schema.create_v219),
                   ('2.1', schema.create)]
_UPDATE_SCHEMAS = [('2.19', schema.update_v219), ('2.1', schema.update)]
_PASSWORD_CHARS = string.ascii_letters + string.digits
PASSWORD_LENGTH = 12

compute_api = compute.API()


def _validate_body(req, body, schemas, legacy_schema):
    """Validate against the schema of the request's version."""
    if req.is_legacy_v2:
        return validation.validate(legacy_schema, body, legacy_v2=True)
    for min_version, version_schema in schemas:
        if microversion.is_at_least(req, min_version):
            return validation.validate(version_schema, body)


def _bad_request(message):
    return webob.exc.HTTPBadRequest(explanation=message)


def _list(req, is_detail):
    context, filters = server_filters.search_options(req, is_detail)
    limit, marker = common.get_limit_and_marker(req)
    sort_keys, sort_dirs = server_filters.sort_params(req)
    expected = views.DETAIL_EXPECTED_ATTRS if is_detail else []
    try:
        return compute_api.get_all(
            context, search_opts=filters, limit=limit, marker=marker,
            expected_attrs=expected, sort_keys=sort_keys,
            sort_dirs=sort_dirs)
    except exception.MarkerNotFound:
        raise _bad_request('marker [%s] not found' % marker)


def _view_options(req, instances, with_host_status=True):
    host_statuses = None
    if with_host_status and microversion.is_at_least(req, '2.16') and \
            req.context.can(server_policies.SHOW_HOST_STATUS, fatal=False):
        host_statuses = compute_api.get_instances_host_statuses(instances)
    tags = {}
    building = [i.uuid for i in instances if not i.obj_attr_is_set('id')]
    if building and microversion.is_at_least(req, '2.26'):
        tags = compute_api.get_build_request_tags(req.context, building)
    return views.ViewOptions(req, host_statuses=host_statuses, tags=tags)


@validation.query_schema(schema.list_query_v226, '2.26')
@validation.query_schema(schema.list_query, '2.1', '2.25')
def list_servers(req):
    """GET /servers - ids, names and links of the caller's servers."""
    req.context.can(server_policies.INDEX)
    try:
        instances = _list(req, is_detail=False)
    except server_filters.EmptyResult:
        instances = []
    return common.json_response(req, views.index(req, instances))


@validation.query_schema(schema.list_query_v226, '2.26')
@validation.query_schema(schema.list_query, '2.1', '2.25')
def list_servers_detail(req):
    """GET /servers/detail - the caller's servers in full."""
    req.context.can(server_policies.DETAIL)
    try:
        instances = _list(req, is_detail=True)
    except server_filters.EmptyResult:
        instances = []
    body = views.detail(req, instances, _view_options(req, instances))
    return common.json_response(req, body)


def _get_server(req, server_id):
    return compute_api.get(req.context, server_id,
                           expected_attrs=views.DETAIL_EXPECTED_ATTRS)


def show_server(req, server_id):
    """GET /servers/{server_id}."""
    req.context.can(server_policies.SHOW)
    instance = _get_server(req, server_id)
    body = {'server': views.show(req, instance,
                                 _view_options(req, [instance]))}
    return common.json_response(req, body)


def _owner_target(instance):
    return {'user_id': instance.user_id, 'project_id': instance.project_id}


def update_server(req, server_id, body):
    """PUT /servers/{server_id} - name, description, access IPs."""
    _validate_body(req, body, _UPDATE_SCHEMAS, schema.update_v20)
    context = req.context
    instance = _get_server(req, server_id)
    context.can(server_policies.UPDATE, target=_owner_target(instance))
    server = body['server']
    updates = {}
    if 'name' in server:
        updates['display_name'] = server['name'].strip()
    if 'description' in server:
        updates['display_description'] = server['description']
    for key, field in (('accessIPv4', 'access_ip_v4'),
                       ('accessIPv6', 'access_ip_v6')):
        if key in server:
            updates[field] = server[key]
    if 'OS-DCF:diskConfig' in server:
        updates['auto_disk_config'] = server['OS-DCF:diskConfig'] == 'AUTO'
    instance = compute_api.update_instance(context, instance, updates)
    options = _view_options(req, [instance], with_host_status=False)
    return common.json_response(
        req, {'server': views.show(req, instance, options, full=False)})


def delete_server(req, server_id):
    """DELETE /servers/{server_id} - 204; the deletion goes on behind."""
    context = req.context
    instance = compute_api.get(context, server_id)
    context.can(server_policies.DELETE, target=_owner_target(instance))
    try:
        compute_api.delete(context, instance)
    except exception.InstanceNotFound:
        raise webob.exc.HTTPNotFound(
            explanation='Instance could not be found')
    return common.empty_response(204)


# -- create ---------------------------------------------------------------

def _password(server):
    password = server.get('adminPass')
    if password is None:
        password = ''.join(secrets.choice(_PASSWORD_CHARS)
                           for _ in range(PASSWORD_LENGTH))
    return password


def _image_root_disk_only(server):
    """True when the block device mappings only restate the image boot.

    openstackclient sends ``--image`` both as ``imageRef`` and as one
    mapping (image -> local disk, boot index 0); that needs no volume
    service. An ``imageRef`` missing beside it is taken from the mapping.
    """
    mappings = server.get('block_device_mapping_v2') or []
    if server.get('block_device_mapping') or len(mappings) != 1:
        return False
    mapping = mappings[0]
    image = server.get('imageRef')
    if (mapping.get('source_type') != 'image' or
            mapping.get('destination_type', 'local') != 'local' or
            str(mapping.get('boot_index')) != '0' or
            mapping.get('volume_size') or
            (image and mapping.get('uuid') != image)):
        return False
    server['imageRef'] = image or mapping.get('uuid')
    return True


def _unsupported_create_options(req, server, target):
    """Refuse what needs services nova_rocky does not have yet."""
    context = req.context
    if (server.get('block_device_mapping') or
            server.get('block_device_mapping_v2')) and \
            not _image_root_disk_only(server):
        context.can(server_policies.CREATE_ATTACH_VOLUME, target)
        # NOTE: no volume service yet, so boot from volume and extra block
        # devices are refused rather than silently ignored.
        raise _bad_request('Block device mapping is not available: this '
                           'cloud has no volume service.')
    networks = server.get('networks')
    if isinstance(networks, list) and networks:
        context.can(server_policies.CREATE_ATTACH_NETWORK, target)
        # NOTE: no networking service (Neutron) yet: "auto", "none" or an
        # empty list all mean "no network"; naming networks or ports is
        # refused until there is one.
        raise _bad_request('Requesting networks is not available: '
                           'networking is not available in this cloud.')
    if server.get('trusted_image_certificates'):
        context.can(server_policies.CREATE_TRUSTED_CERTS, target)
        # NOTE: nothing verifies image signatures yet; accepting the
        # certificates would pretend otherwise.
        raise _bad_request('Image certificate validation is not available '
                           'in this cloud.')


def _counts(server):
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    if min_count > max_count:
        raise _bad_request('min_count must be <= max_count')
    return min_count, max_count


def _flavor(req, server):
    flavor_id = str(server['flavorRef']).rstrip('/').rsplit('/', 1)[-1]
    try:
        return objects.Flavor.get_by_flavor_id(req.context, flavor_id)
    except exception.FlavorNotFound:
        raise _bad_request('Invalid flavorRef provided.')


def _create_kwargs(req, body, server):
    name = server['name'].strip()
    description = name
    if microversion.is_at_least(req, '2.19'):
        description = server.get('description')
    return dict(
        display_name=name, display_description=description,
        key_name=server.get('key_name'), metadata=server.get('metadata', {}),
        user_data=server.get('user_data'),
        access_ip_v4=server.get('accessIPv4'),
        access_ip_v6=server.get('accessIPv6'),
        auto_disk_config=server.get('OS-DCF:diskConfig') == 'AUTO',
        config_drive=server.get('config_drive'),
        scheduler_hints=(body.get('os:scheduler_hints') or
                         body.get('OS-SCH-HNT:scheduler_hints') or {}),
        tags=server.get('tags'))


def create_server(req, body):
    """POST /servers - 202 with the new server's id, links, adminPass."""
    _validate_body(req, body, _CREATE_SCHEMAS, schema.create_v20)
    context = req.context
    server = body['server']
    target = {'project_id': context.project_id, 'user_id': context.user_id,
              'availability_zone': server.get('availability_zone')}
    context.can(server_policies.CREATE, target)
    zone, host, node = compute_api.parse_availability_zone(
        server.get('availability_zone'))
    if host or node:
        context.can(server_policies.CREATE_FORCED_HOST, {})
    _unsupported_create_options(req, server, target)
    if not server.get('imageRef'):
        raise _bad_request('Missing imageRef attribute')
    min_count, max_count = _counts(server)
    password = _password(server)
    try:
        instances, resv_id = compute_api.create(
            context, _flavor(req, server), server['imageRef'],
            min_count=min_count, max_count=max_count, availability_zone=zone,
            admin_password=password, forced_host=host, forced_node=node,
            **_create_kwargs(req, body, server))
    except exception.ImageNotFound:
        raise _bad_request('Can not find requested image')
    except exception.KeypairNotFound:
        raise _bad_request('Invalid key_name provided.')
    except exception.FlavorNotFound:
        raise _bad_request('Invalid flavorRef provided.')
    except exception.InstanceGroupNotFound as e:
        raise _bad_request(e.format_message())
    if strutils.bool_from_string(server.get('return_reservation_id', False)):
        return common.json_response(req, {'reservation_id': resv_id},
                                    status=202)
    groups = [g['name'] for g in server.get('security_groups', [])]
    body = views.create(req, instances[0], password, groups)
    location = body['server']['links'][0]['href']
    return common.json_response(req, body, status=202,
                                headers={'Location': location})
