"""os-availability-zone response bodies.

A zone is *available* when it has at least one enabled service; a zone
whose services are all disabled is listed as not available. The brief
list hides the internal zone; the detailed list shows, for available
zones, each host's enabled services with ``available`` (up),
``active`` (enabled) and ``updated_at``.
"""

from nova_rocky.compute import host_api
from nova_rocky import servicegroup

# API services are not maintained like the others; upstream leaves them
# out of the detailed listing.
API_BINARIES = ('nova-osapi_compute', 'nova-metadata')


def split_zones(services, zones=None):
    """``(available, not_available)`` zone names, in service order."""
    available, unavailable = [], []
    for service in services:
        if not service.disabled:
            _append_once(available, host_api.availability_zone(service, zones))
    for service in services:
        zone = host_api.availability_zone(service, zones)
        if service.disabled and zone not in available:
            _append_once(unavailable, zone)
    return available, unavailable


def _append_once(names, name):
    if name not in names:
        names.append(name)


def _zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


def brief(services, internal_zone, zones=None):
    """``{"availabilityZoneInfo": [...]}`` without the internal zone."""
    available, unavailable = split_zones(services, zones)
    return {'availabilityZoneInfo':
            [_zone(name, True) for name in available
             if name != internal_zone] +
            [_zone(name, False) for name in unavailable
             if name != internal_zone]}


def _hosts_of(zone, services, zones):
    hosts = {}
    for service in services:
        if service.disabled or service.binary in API_BINARIES or \
                host_api.availability_zone(service, zones) != zone:
            continue
        hosts.setdefault(service.host, {})[service.binary] = {
            'available': servicegroup.is_up(service),
            'active': not service.disabled,
            'updated_at': service.updated_at,
        }
    return hosts


def detail(services, zones=None):
    """``{"availabilityZoneInfo": [...]}`` with hosts and services."""
    available, unavailable = split_zones(services, zones)
    return {'availabilityZoneInfo':
            [_zone(name, True, _hosts_of(name, services, zones))
             for name in available] +
            [_zone(name, False) for name in unavailable]}
