"""os-hypervisors response bodies.

Every hypervisor shows ``id`` (integer, uuid from 2.53),
``hypervisor_hostname``, ``state`` (up/down of its compute service) and
``status`` (enabled/disabled). The detailed form adds the resource
figures, ``host_ip``, ``service`` ``{id, host, disabled_reason}`` and
``cpu_info`` (the driver's JSON text before 2.28, an object from 2.28).
``servers`` (``[{name, uuid}]``) is added when asked for and not empty.
"""

from oslo_serialization import jsonutils

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky import servicegroup

UUID_FOR_ID_VERSION = '2.53'
CPU_INFO_OBJECT_VERSION = '2.28'
DETAIL_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                 'memory_mb_used', 'local_gb_used', 'hypervisor_type',
                 'hypervisor_version', 'free_ram_mb', 'free_disk_gb',
                 'current_workload', 'running_vms', 'disk_available_least')
STATISTICS_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                     'memory_mb_used', 'local_gb_used', 'free_ram_mb',
                     'free_disk_gb', 'current_workload', 'running_vms',
                     'disk_available_least')


def _uuid_ids(req):
    return microversion.is_at_least(req, UUID_FOR_ID_VERSION)


def _cpu_info(req, node):
    if not microversion.is_at_least(req, CPU_INFO_OBJECT_VERSION):
        return node.cpu_info
    return jsonutils.loads(node.cpu_info) if node.cpu_info else {}


def hypervisor(req, node, service, detail=False, servers=None):
    """One compute node as the API shows it."""
    uuid_ids = _uuid_ids(req)
    body = {
        'id': node.uuid if uuid_ids else node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if servicegroup.is_up(service) else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if detail:
        for field in DETAIL_FIELDS:
            body[field] = getattr(node, field)
        body['host_ip'] = (str(node.host_ip) if node.host_ip is not None
                           else None)
        body['service'] = {
            'id': service.uuid if uuid_ids else service.id,
            'host': node.host,
            'disabled_reason': service.disabled_reason,
        }
        body['cpu_info'] = _cpu_info(req, node)
    if servers:
        body['servers'] = [{'name': server.name, 'uuid': server.uuid}
                           for server in servers]
    return body


def collection(req, hypervisors, detail, links=False):
    """``{"hypervisors": [...]}`` plus ``hypervisors_links`` if paged."""
    body = {'hypervisors': hypervisors}
    if links:
        name = 'os-hypervisors/detail' if detail else 'os-hypervisors'
        next_links = common.collection_links(req, hypervisors, name)
        if next_links:
            body['hypervisors_links'] = next_links
    return body


def statistics(nodes):
    """Sums over ``nodes`` (compute nodes of enabled computes)."""
    stats = {'count': len(nodes)}
    for field in STATISTICS_FIELDS:
        stats[field] = sum(getattr(node, field) or 0 for node in nodes)
    return {'hypervisor_statistics': stats}
