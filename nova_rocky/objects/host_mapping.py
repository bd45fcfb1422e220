"""HostMapping: which cell a compute host belongs to."""

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import cell_mapping
from nova_rocky.objects import fields


def _to_object(context, row):
    obj = HostMapping(context)
    obj.id = row.id
    obj.host = row.host
    obj.created_at = row.created_at
    obj.updated_at = row.updated_at
    obj.cell_mapping = base.obj_from_db(context, cell_mapping.CellMapping,
                                        row.cell_mapping)
    obj.obj_reset_changes()
    return obj


@db_api.api_reader
def _get_by_host(context, host):
    row = context.session.query(api_models.HostMapping).filter_by(
        host=host).first()
    if row is None:
        raise exception.HostMappingNotFound(name=host)
    return row


@db_api.api_writer
def _create(context, host, cell_uuid):
    cell = context.session.query(api_models.CellMapping).filter_by(
        uuid=cell_uuid).one()
    row = api_models.HostMapping(host=host, cell_id=cell.id)
    context.session.add(row)
    context.session.flush()
    context.session.refresh(row)
    return row


@db_api.api_writer
def _destroy(context, host):
    context.session.query(api_models.HostMapping).filter_by(
        host=host).delete()


@db_api.api_reader
def _get_all(context, cell_uuid=None):
    query = context.session.query(api_models.HostMapping)
    if cell_uuid:
        query = query.join(api_models.CellMapping).filter(
            api_models.CellMapping.uuid == cell_uuid)
    return query.order_by(api_models.HostMapping.host).all()


@base.NovaObjectRegistry.register
class HostMapping(base.NovaTimestampObject, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'host': fields.StringField(),
        'cell_mapping': fields.ObjectField('CellMapping'),
    }

    @base.remotable_classmethod
    def get_by_host(cls, context, host):
        return _to_object(context, _get_by_host(context, host))

    @base.remotable
    def create(self):
        row = _create(self._context, self.host, self.cell_mapping.uuid)
        self.id = row.id
        self.created_at = row.created_at
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        _destroy(self._context, self.host)


@base.NovaObjectRegistry.register
class HostMappingList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('HostMapping')}

    @base.remotable_classmethod
    def get_all(cls, context):
        rows = _get_all(context)
        return cls(context, objects=[_to_object(context, r) for r in rows])

    @base.remotable_classmethod
    def get_by_cell_id(cls, context, cell_uuid):
        rows = _get_all(context, cell_uuid=cell_uuid)
        return cls(context, objects=[_to_object(context, r) for r in rows])
