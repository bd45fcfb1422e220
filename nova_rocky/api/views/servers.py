"""Response bodies of /servers, per microversion.

Builders take the request and Instance objects whose optional attributes
(flavor, metadata, fault, info_cache) were loaded with the list in batch;
nothing here reads the database. Policy answers that are the same for every
server of a response are computed once (:class:`ViewOptions`).
"""

import hashlib

from oslo_utils import timeutils

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.views import server_status
from nova_rocky import conf
from nova_rocky.compute import vm_states
from nova_rocky import policy
from nova_rocky.policies import servers as server_policies

CONF = conf.CONF
COLLECTION = 'servers'
# Owned by the flavors API; shown inline from 2.47 when it allows.
FLAVOR_EXTRA_SPECS_POLICY = 'os_compute_api:os-flavor-extra-specs:index'
# The object attributes a detailed view reads (load them with the list).
DETAIL_EXPECTED_ATTRS = ['flavor', 'info_cache', 'metadata', 'fault']
_EXTENDED_2_3 = ('reservation_id', 'launch_index', 'hostname', 'kernel_id',
                 'ramdisk_id', 'root_device_name', 'user_data')


def isotime(value):
    """Upstream's timestamp format: 2018-08-30T12:00:00Z."""
    if value is None:
        value = timeutils.utcnow()
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%SZ')


def _can(context, rule, target=None):
    # A rule another API owns may not be registered in this process yet:
    # then it cannot allow anything.
    if rule not in policy.init().registered_rules:
        return False
    return context.can(rule, target, fatal=False)


class ViewOptions(object):
    """Per-response decisions: policies, host statuses, build tags."""

    def __init__(self, req, host_statuses=None, tags=None):
        context = req.context
        self.is_admin = context.is_admin
        self.extra_specs = (microversion.is_at_least(req, '2.47') and
                            _can(context, FLAVOR_EXTRA_SPECS_POLICY))
        self.extended_attrs = _can(context,
                                   server_policies.EXTENDED_ATTRIBUTES)
        self.host_statuses = host_statuses
        self.tags = tags or {}


def _attr(instance, name, default=None):
    if not instance.obj_attr_is_set(name):
        return default
    value = getattr(instance, name)
    return default if value is None else value


def _bookmark(req, collection, identifier):
    return [{'rel': 'bookmark', 'href': common.url_join(
        common.root_url(req), req.url_project_id or '', collection,
        identifier)}]


def host_id(instance):
    """sha224 of project id and host: same value means same host."""
    host = _attr(instance, 'host')
    if not host:
        return ''
    data = (str(instance.project_id) + host).encode('utf-8')
    return hashlib.sha224(data).hexdigest()


def _image(req, instance):
    image_ref = _attr(instance, 'image_ref')
    if not image_ref:
        return ''  # booted from a volume
    image_id = image_ref.rstrip('/').rsplit('/', 1)[-1]
    return {'id': image_id, 'links': _bookmark(req, 'images', image_id)}


def _flavor(req, instance, options):
    flavor = _attr(instance, 'flavor')
    if flavor is None:
        return {}
    if not microversion.is_at_least(req, '2.47'):
        return {'id': str(flavor.flavorid),
                'links': _bookmark(req, 'flavors', flavor.flavorid)}
    body = {'vcpus': flavor.vcpus, 'ram': flavor.memory_mb,
            'disk': flavor.root_gb, 'ephemeral': flavor.ephemeral_gb,
            'swap': flavor.swap, 'original_name': flavor.name}
    if options.extra_specs:
        body['extra_specs'] = dict(_attr(flavor, 'extra_specs', {}))
    return body


def _addresses(instance):
    # Hidden while building, as upstream; no networking service yet, so a
    # built server has the addresses its info cache knows (none so far).
    if instance.vm_state == vm_states.BUILDING:
        return {}
    addresses = {}
    for vif in _attr(_attr(instance, 'info_cache'), 'network_info', []):
        label = (vif.get('network') or {}).get('label') or 'private'
        ips = addresses.setdefault(label, [])
        for subnet in (vif.get('network') or {}).get('subnets', []):
            for ip in subnet.get('ips', []):
                ips.append({'version': ip.get('version', 4),
                            'addr': ip.get('address'),
                            'OS-EXT-IPS:type': ip.get('type', 'fixed'),
                            'OS-EXT-IPS-MAC:mac_addr': vif.get('address')})
    return addresses


def _fault(instance, options):
    fault = _attr(instance, 'fault')
    if fault is None:
        return None
    body = {'code': fault.code, 'created': isotime(fault.created_at),
            'message': fault.message or ''}
    # Details of an unexpected (500) error are for administrators only.
    if fault.details and (options.is_admin or fault.code != 500):
        body['details'] = fault.details
    return body


def _availability_zone(instance):
    if _attr(instance, 'host'):
        return _attr(instance, 'availability_zone',
                     CONF.default_availability_zone)
    return _attr(instance, 'availability_zone', '')


def _usage_time(value):
    return str(timeutils.normalize_time(value)) if value else None


def _add_extended(req, server, instance):
    server['OS-EXT-SRV-ATTR:host'] = _attr(instance, 'host')
    server['OS-EXT-SRV-ATTR:instance_name'] = instance.name
    server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = _attr(instance, 'node')
    if microversion.is_at_least(req, '2.3'):
        for name in _EXTENDED_2_3:
            server['OS-EXT-SRV-ATTR:%s' % name] = _attr(instance, name)


def _add_versioned(req, server, instance, options, full):
    if microversion.is_at_least(req, '2.9'):
        server['locked'] = bool(_attr(instance, 'locked') or
                                _attr(instance, 'locked_by'))
    if full and microversion.is_at_least(req, '2.16') and \
            options.host_statuses is not None:
        server['host_status'] = options.host_statuses.get(instance.uuid, '')
    if microversion.is_at_least(req, '2.19'):
        server['description'] = _attr(instance, 'display_description')
    if microversion.is_at_least(req, '2.26'):
        server['tags'] = list(options.tags.get(instance.uuid, []))
    if microversion.is_at_least(req, '2.63'):
        # Certificate validation is not implemented: none are ever stored.
        server['trusted_image_certificates'] = None


def show(req, instance, options, full=True):
    """The detailed server dict of GET /servers/{id} and detail.

    ``full=False`` is the shorter dict answering PUT /servers/{id}.
    """
    status = server_status.server_status(instance)
    created = _attr(instance, 'created_at')
    server = {
        'id': instance.uuid,
        'name': _attr(instance, 'display_name', ''),
        'status': status,
        'tenant_id': _attr(instance, 'project_id', ''),
        'user_id': _attr(instance, 'user_id', ''),
        'metadata': dict(_attr(instance, 'metadata', {})),
        'hostId': host_id(instance),
        'image': _image(req, instance),
        'flavor': _flavor(req, instance, options),
        'created': isotime(created),
        'updated': isotime(_attr(instance, 'updated_at', created)),
        'addresses': _addresses(instance),
        'accessIPv4': str(_attr(instance, 'access_ip_v4', '')),
        'accessIPv6': str(_attr(instance, 'access_ip_v6', '')),
        'links': common.resource_links(req, COLLECTION, instance.uuid),
        'OS-DCF:diskConfig': ('AUTO' if _attr(instance, 'auto_disk_config')
                              else 'MANUAL'),
    }
    if status in server_status.FAULT_STATUSES:
        fault = _fault(instance, options)
        if fault:
            server['fault'] = fault
    if status in server_status.PROGRESS_STATUSES:
        server['progress'] = _attr(instance, 'progress', 0)
    if full:
        _add_details(req, server, instance, options)
    _add_versioned(req, server, instance, options, full)
    return server


def _add_details(req, server, instance, options):
    """What GET shows beyond the PUT answer (once separate extensions)."""
    server.update({
        'OS-EXT-AZ:availability_zone': _availability_zone(instance),
        'config_drive': _attr(instance, 'config_drive', ''),
        'key_name': _attr(instance, 'key_name'),
        'OS-SRV-USG:launched_at': _usage_time(_attr(instance,
                                                    'launched_at')),
        'OS-SRV-USG:terminated_at': _usage_time(_attr(instance,
                                                      'terminated_at')),
        'OS-EXT-STS:task_state': _attr(instance, 'task_state'),
        'OS-EXT-STS:vm_state': _attr(instance, 'vm_state'),
        'OS-EXT-STS:power_state': _attr(instance, 'power_state', 0),
        # No volume service yet: no server has volumes attached.
        'os-extended-volumes:volumes_attached': [],
    })
    if options.extended_attrs:
        _add_extended(req, server, instance)


def basic(req, instance):
    """The short server dict of GET /servers."""
    return {'id': instance.uuid,
            'name': _attr(instance, 'display_name', ''),
            'links': common.resource_links(req, COLLECTION, instance.uuid)}


def _collection(req, servers, collection):
    body = {'servers': servers}
    links = common.collection_links(req, servers, collection)
    if links:
        body['servers_links'] = links
    return body


def index(req, instances):
    """Body of GET /servers."""
    return _collection(req, [basic(req, inst) for inst in instances],
                       COLLECTION)


def detail(req, instances, options):
    """Body of GET /servers/detail."""
    return _collection(req, [show(req, inst, options) for inst in instances],
                       COLLECTION + '/detail')


def create(req, instance, admin_password, security_groups):
    """Body of the 202 answering POST /servers."""
    server = {
        'id': instance.uuid,
        'links': common.resource_links(req, COLLECTION, instance.uuid),
        'OS-DCF:diskConfig': ('AUTO' if _attr(instance, 'auto_disk_config')
                              else 'MANUAL'),
        'security_groups': [{'name': name} for name in
                            (security_groups or ['default'])],
    }
    if admin_password is not None:
        server['adminPass'] = admin_password
    return {'server': server}
