"""Aggregate: a named set of compute hosts with metadata (API database).

The ``availability_zone`` metadata key makes an aggregate an availability
zone. Every aggregate exists in placement too, under the same uuid, as
the aggregate of its hosts' resource providers (see
``nova_rocky.compute.aggregates``).
"""

from oslo_db import exception as db_exc

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

_AGG = api_models.Aggregate
_HOST = api_models.AggregateHost
_META = api_models.AggregateMetadata
AZ_KEY = 'availability_zone'


def _query(context):
    return context.session.query(_AGG)


def _snapshot(row):
    """The row's values, read while its session is still open."""
    return {'id': row.id, 'uuid': row.uuid, 'name': row.name,
            'created_at': row.created_at, 'updated_at': row.updated_at,
            'hosts': sorted(h.host for h in row._hosts),
            'metadata': {m.key: m.value for m in row._metadata}}


def _row(context, aggregate_id):
    row = _query(context).filter_by(id=aggregate_id).first()
    if row is None:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return row


@db_api.api_reader
def _get(context, aggregate_id):
    return _snapshot(_row(context, aggregate_id))


@db_api.api_reader
def _get_by_uuid(context, uuid):
    row = _query(context).filter_by(uuid=uuid).first()
    if row is None:
        raise exception.AggregateNotFound(aggregate_id=uuid)
    return _snapshot(row)


@db_api.api_reader
def _get_all(context, host=None, key=None):
    query = _query(context).order_by(_AGG.id)
    if host is not None:
        query = query.join(_HOST).filter(_HOST.host == host)
    if key is not None:
        query = query.filter(_AGG._metadata.any(_META.key == key))
    return [_snapshot(row) for row in query.all()]


@db_api.api_writer
def _create(context, uuid, name, metadata):
    if _query(context).filter_by(name=name).first() is not None:
        raise exception.AggregateNameExists(aggregate_name=name)
    row = _AGG(uuid=uuid, name=name)
    row._metadata = [_META(key=k, value=v) for k, v in metadata.items()]
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.AggregateNameExists(aggregate_name=name)
    return _snapshot(row)


@db_api.api_writer
def _update(context, aggregate_id, name, metadata_updates):
    row = _row(context, aggregate_id)
    if name is not None and name != row.name:
        if _query(context).filter_by(name=name).first() is not None:
            raise exception.AggregateNameExists(aggregate_name=name)
        row.name = name
    current = {m.key: m for m in row._metadata}
    for key, value in (metadata_updates or {}).items():
        if value is None:
            if key in current:
                row._metadata.remove(current.pop(key))
        elif key in current:
            current[key].value = value
        else:
            current[key] = _META(key=key, value=value)
            row._metadata.append(current[key])
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.AggregateNameExists(aggregate_name=name)
    return _snapshot(row)


@db_api.api_writer
def _add_host(context, aggregate_id, host):
    row = _row(context, aggregate_id)
    if any(h.host == host for h in row._hosts):
        raise exception.AggregateHostExists(aggregate_id=aggregate_id,
                                            host=host)
    row._hosts.append(_HOST(host=host))
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.AggregateHostExists(aggregate_id=aggregate_id,
                                            host=host)
    return _snapshot(row)


@db_api.api_writer
def _delete_host(context, aggregate_id, host):
    row = _row(context, aggregate_id)
    found = [h for h in row._hosts if h.host == host]
    if not found:
        raise exception.AggregateHostNotFound(aggregate_id=aggregate_id,
                                              host=host)
    row._hosts.remove(found[0])
    context.session.flush()
    return _snapshot(row)


@db_api.api_writer
def _destroy(context, aggregate_id):
    row = _row(context, aggregate_id)
    if row._hosts:
        raise exception.InvalidAggregateAction(
            action='delete', aggregate_id=aggregate_id,
            reason='Host aggregate is not empty')
    context.session.delete(row)


@base.NovaObjectRegistry.register
class Aggregate(base.NovaObject):
    """A host aggregate.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(nullable=True),
        'metadata': fields.DictOfStringsField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @property
    def availability_zone(self):
        return (self.metadata or {}).get(AZ_KEY)

    def _refresh_from(self, values):
        for name, value in values.items():
            setattr(self, name, value)
        self.obj_reset_changes()
        return self

    @classmethod
    def _from_db(cls, context, row):
        return cls(context)._refresh_from(row)

    @base.remotable_classmethod
    def get_by_id(cls, context, aggregate_id):
        """The aggregate ``aggregate_id``; AggregateNotFound."""
        return cls._from_db(context, _get(context, aggregate_id))

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        return cls._from_db(context, _get_by_uuid(context, uuid))

    @base.remotable
    def create(self):
        """Store a new aggregate; AggregateNameExists (409)."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        metadata = self.metadata if self.obj_attr_is_set('metadata') else {}
        self._refresh_from(_create(self._context, self.uuid, self.name,
                                   dict(metadata or {})))

    @base.remotable
    def update(self, name=None, metadata_updates=None):
        """Rename and/or change metadata (a None value deletes the key)."""
        self._refresh_from(_update(self._context, self.id, name,
                                   metadata_updates))

    @base.remotable
    def add_host(self, host):
        self._refresh_from(_add_host(self._context, self.id, host))

    @base.remotable
    def delete_host(self, host):
        self._refresh_from(_delete_host(self._context, self.id, host))

    @base.remotable
    def destroy(self):
        """Delete an aggregate without hosts (InvalidAggregateAction)."""
        _destroy(self._context, self.id)


@base.NovaObjectRegistry.register
class AggregateList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Aggregate')}

    @base.remotable_classmethod
    def get_all(cls, context):
        return cls(context, objects=[Aggregate._from_db(context, r)
                                     for r in _get_all(context)])

    @base.remotable_classmethod
    def get_by_host(cls, context, host, key=None):
        """Aggregates ``host`` is in (with metadata ``key``, if given)."""
        return cls(context, objects=[
            Aggregate._from_db(context, r)
            for r in _get_all(context, host=host, key=key)])

    @base.remotable_classmethod
    def get_by_metadata_key(cls, context, key):
        """Aggregates that have metadata ``key``."""
        return cls(context, objects=[Aggregate._from_db(context, r)
                                     for r in _get_all(context, key=key)])
