"""Migration: the record of one move of an instance between hosts.

Evacuations create one (type ``evacuation``); cold migrations, resizes
and live migrations will too. The fields are upstream's Migration 1.5
(nova/objects/migration.py), so the migrations APIs can show them as
upstream does. Its ``uuid`` doubles as the placement consumer that holds
the source host's allocations while the instance moves.
"""

from oslo_utils import uuidutils

from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

_M = models.Migration
MIGRATION_TYPES = ('migration', 'resize', 'live-migration', 'evacuation')
# Statuses of a move that is over, whatever its outcome.
FINISHED_STATUSES = ('completed', 'done', 'error', 'failed', 'cancelled',
                     'confirmed', 'reverted')


@db_api.cell_reader
def _get(context, **filters):
    row = context.session.query(_M).filter_by(deleted=0, **filters).first()
    if row is None:
        raise exception.MigrationNotFound(
            migration_id=filters.get('id') or filters.get('uuid'))
    return row


@db_api.cell_writer
def _create(context, values):
    row = _M(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.cell_writer
def _update(context, migration_id, values):
    row = context.session.query(_M).filter_by(id=migration_id,
                                              deleted=0).first()
    if row is None:
        raise exception.MigrationNotFound(migration_id=migration_id)
    row.update(values)
    context.session.flush()
    return row


_EXACT_FILTERS = ('instance_uuid', 'status', 'source_compute',
                  'dest_compute', 'source_node', 'dest_node',
                  'migration_type', 'hidden', 'uuid')


@db_api.cell_reader
def _get_all(context, filters, limit):
    query = context.session.query(_M).filter_by(deleted=0)
    for name in _EXACT_FILTERS:
        if name not in filters:
            continue
        value = filters[name]
        column = getattr(_M, name)
        if isinstance(value, (list, tuple, set)):
            query = query.filter(column.in_(list(value)))
        else:
            query = query.filter(column == value)
    if 'host' in filters:
        host = filters['host']
        query = query.filter((_M.source_compute == host) |
                             (_M.dest_compute == host))
    query = query.order_by(_M.created_at.desc(), _M.id.desc())
    return query.limit(limit).all() if limit else query.all()


@base.NovaObjectRegistry.register
class Migration(base.NovaPersistentObject, base.NovaObject):
    """One move of an instance: from where, to where, and how it went.

    Version 1.0: Initial version, with upstream 1.5's fields (uuid,
                 migration_type, hidden, memory_* and disk_* progress)
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'source_compute': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'migration_type': fields.StringField(nullable=True),
        'hidden': fields.BooleanField(nullable=False, default=False),
        'memory_total': fields.IntegerField(nullable=True),
        'memory_processed': fields.IntegerField(nullable=True),
        'memory_remaining': fields.IntegerField(nullable=True),
        'disk_total': fields.IntegerField(nullable=True),
        'disk_processed': fields.IntegerField(nullable=True),
        'disk_remaining': fields.IntegerField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def get_by_id(cls, context, migration_id):
        return cls._from_db(context, _get(context, id=migration_id))

    @base.remotable_classmethod
    def get_by_uuid(cls, context, migration_uuid):
        return cls._from_db(context, _get(context, uuid=migration_uuid))

    @base.remotable_classmethod
    def get_by_id_and_instance(cls, context, migration_id, instance_uuid):
        return cls._from_db(context, _get(context, id=migration_id,
                                          instance_uuid=instance_uuid))

    @base.remotable
    def create(self):
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if self.obj_attr_is_set('migration_type') and \
                self.migration_type not in MIGRATION_TYPES:
            raise exception.ObjectActionError(
                action='create',
                reason='unknown migration_type %s' % self.migration_type)
        self.obj_set_defaults_if_unset(uuid=uuidutils.generate_uuid(),
                                       hidden=False)
        values = self.obj_get_changes()
        base._from_db(self, _create(self._context, values))

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        values.pop('id', None)
        if values:
            base._from_db(self, _update(self._context, self.id, values))

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES


@base.NovaObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, limit=None):
        """Migrations matching ``filters``, newest first.

        Exact filters (a list means "any of"): instance_uuid, status,
        source_compute, dest_compute, source_node, dest_node,
        migration_type, hidden, uuid; ``host`` matches either end.
        """
        rows = _get_all(context, dict(filters or {}), limit)
        return base.obj_list_from_db(context, cls, Migration, rows)
