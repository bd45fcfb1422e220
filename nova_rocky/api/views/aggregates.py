"""os-aggregates response bodies.

An aggregate shows ``id``, ``name``, ``availability_zone``, ``hosts``,
``metadata``, ``created_at``, ``updated_at``, ``deleted`` (always false)
and ``deleted_at`` (always null); 2.41 adds ``uuid``. The create response
leaves out ``hosts`` and ``metadata``, as upstream.
"""

from nova_rocky.api import microversion

UUID_VERSION = '2.41'


def _time(value):
    return value.isoformat() if value is not None else None


def _aggregate(req, aggregate):
    body = {
        'id': aggregate.id, 'name': aggregate.name,
        'availability_zone': aggregate.availability_zone,
        'hosts': list(aggregate.hosts or []),
        'metadata': dict(aggregate.metadata or {}),
        'created_at': _time(aggregate.created_at),
        'updated_at': _time(aggregate.updated_at),
        'deleted': False, 'deleted_at': None,
    }
    if microversion.is_at_least(req, UUID_VERSION):
        body['uuid'] = aggregate.uuid
    return body


def show(req, aggregate):
    return {'aggregate': _aggregate(req, aggregate)}


def created(req, aggregate):
    body = _aggregate(req, aggregate)
    del body['hosts']
    del body['metadata']
    return {'aggregate': body}


def index(req, aggregates):
    return {'aggregates': [_aggregate(req, a) for a in aggregates]}
