"""os-services response bodies.

A service is shown with ``id`` (the integer database id, or from 2.53 its
uuid), ``binary``, ``host``, ``zone``, ``status`` (enabled/disabled),
``state`` (up/down, see ``nova_rocky.servicegroup``), ``updated_at``,
``disabled_reason`` and, from 2.11, ``forced_down``.
"""

from nova_rocky.api import microversion
from nova_rocky.compute import host_api
from nova_rocky import servicegroup

UUID_FOR_ID_VERSION = '2.53'
FORCED_DOWN_VERSION = '2.11'


def status(service):
    return 'disabled' if service.disabled else 'enabled'


def detail(req, service, zones=None):
    """The full description of one Service object."""
    uuid_ids = microversion.is_at_least(req, UUID_FOR_ID_VERSION)
    body = {
        'id': service.uuid if uuid_ids else service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': host_api.availability_zone(service, zones),
        'status': status(service),
        'state': 'up' if servicegroup.is_up(service) else 'down',
        'updated_at': service.updated_at,
        'disabled_reason': service.disabled_reason,
    }
    if microversion.is_at_least(req, FORCED_DOWN_VERSION):
        body['forced_down'] = service.forced_down
    return body


def index(req, services, zones=None):
    """``{"services": [...]}``; ``zones``: {host: aggregate zone}."""
    return {'services': [detail(req, service, zones)
                         for service in services]}
