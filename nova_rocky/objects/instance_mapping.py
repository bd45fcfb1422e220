"""InstanceMapping: which cell an instance lives in."""

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import cell_mapping
from nova_rocky.objects import fields

_M = api_models.InstanceMapping


def _to_object(context, row, cell_cache=None):
    obj = InstanceMapping(context)
    for name in ('id', 'instance_uuid', 'project_id', 'user_id',
                 'created_at', 'updated_at'):
        setattr(obj, name, getattr(row, name))
    obj.queued_for_delete = bool(row.queued_for_delete)
    cell = None
    if row.cell_mapping is not None:
        cell = (cell_cache or {}).get(row.cell_mapping.uuid)
        if cell is None:
            cell = base.obj_from_db(context, cell_mapping.CellMapping,
                                    row.cell_mapping)
            if cell_cache is not None:
                cell_cache[cell.uuid] = cell
    obj.cell_mapping = cell
    obj.obj_reset_changes()
    return obj


@db_api.api_reader
def _get_by_uuid(context, instance_uuid):
    row = context.session.query(_M).filter_by(
        instance_uuid=instance_uuid).first()
    if row is None:
        raise exception.InstanceMappingNotFound(uuid=instance_uuid)
    return row


def _cell_id(context, cell):
    if cell is None:
        return None
    return context.session.query(api_models.CellMapping.id).filter_by(
        uuid=cell.uuid).scalar()


@db_api.api_writer
def _create(context, values, cell):
    row = _M(cell_id=_cell_id(context, cell), **values)
    context.session.add(row)
    context.session.flush()
    context.session.refresh(row)
    return row


@db_api.api_writer
def _save(context, instance_uuid, values, cell, cell_changed):
    row = _get_by_uuid(context, instance_uuid)
    if cell_changed:
        values['cell_id'] = _cell_id(context, cell)
    row.update(values)
    context.session.flush()
    context.session.refresh(row)
    return row


@db_api.api_writer
def _destroy(context, instance_uuid):
    if not context.session.query(_M).filter_by(
            instance_uuid=instance_uuid).delete():
        raise exception.InstanceMappingNotFound(uuid=instance_uuid)


@db_api.api_reader
def _get_list(context, project_id=None, instance_uuids=None, cell_uuid=None,
              limit=None, marker_id=None):
    query = context.session.query(_M)
    if project_id is not None:
        query = query.filter(_M.project_id == project_id)
    if instance_uuids is not None:
        query = query.filter(_M.instance_uuid.in_(list(instance_uuids)))
    if cell_uuid is not None:
        query = query.join(api_models.CellMapping).filter(
            api_models.CellMapping.uuid == cell_uuid)
    if marker_id is not None:
        query = query.filter(_M.id > marker_id)
    query = query.order_by(_M.id)
    if limit:
        query = query.limit(limit)
    return query.all()


@base.NovaObjectRegistry.register
class InstanceMapping(base.NovaTimestampObject, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'instance_uuid': fields.UUIDField(),
        'cell_mapping': fields.ObjectField('CellMapping', nullable=True),
        'project_id': fields.StringField(),
        'user_id': fields.StringField(nullable=True),
        'queued_for_delete': fields.BooleanField(default=False),
    }

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        return _to_object(context, _get_by_uuid(context, instance_uuid))

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        cell = values.pop('cell_mapping', None)
        row = _create(self._context, values, cell)
        fresh = _to_object(self._context, row)
        for name in self.fields:
            setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes()

    @base.remotable
    def save(self):
        values = self.obj_get_changes()
        cell_changed = 'cell_mapping' in values
        cell = values.pop('cell_mapping', None)
        values.pop('instance_uuid', None)
        row = _save(self._context, self.instance_uuid, values, cell,
                    cell_changed)
        fresh = _to_object(self._context, row)
        for name in self.fields:
            setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        _destroy(self._context, self.instance_uuid)


@base.NovaObjectRegistry.register
class InstanceMappingList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceMapping')}

    @classmethod
    def _from_rows(cls, context, rows):
        cache = {}
        return cls(context, objects=[_to_object(context, r, cache)
                                     for r in rows])

    @base.remotable_classmethod
    def get_by_project_id(cls, context, project_id):
        return cls._from_rows(context, _get_list(context,
                                                 project_id=project_id))

    @base.remotable_classmethod
    def get_by_instance_uuids(cls, context, uuids):
        return cls._from_rows(context, _get_list(context,
                                                 instance_uuids=uuids))

    @base.remotable_classmethod
    def get_by_cell_id(cls, context, cell_uuid, limit=None, marker_id=None):
        return cls._from_rows(context, _get_list(
            context, cell_uuid=cell_uuid, limit=limit, marker_id=marker_id))
