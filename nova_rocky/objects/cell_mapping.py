"""CellMapping: where a cell's database and message queue live."""

from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_rocky.context import CELL0_UUID
from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields


@db_api.api_reader
def _get_by_uuid(context, uuid):
    row = context.session.query(api_models.CellMapping).filter_by(
        uuid=uuid).first()
    if row is None:
        raise exception.CellMappingNotFound(uuid=uuid)
    return row


@db_api.api_writer
def _create(context, values):
    row = api_models.CellMapping(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.api_writer
def _update(context, uuid, values):
    row = _get_by_uuid(context, uuid)
    row.update(values)
    context.session.flush()
    return row


@db_api.api_writer
def _destroy(context, uuid):
    deleted = context.session.query(api_models.CellMapping).filter_by(
        uuid=uuid).delete()
    if not deleted:
        raise exception.CellMappingNotFound(uuid=uuid)


@db_api.api_reader
def _get_all(context, disabled=None):
    query = context.session.query(api_models.CellMapping)
    if disabled is not None:
        query = query.filter_by(disabled=disabled)
    return query.order_by(sa.asc(api_models.CellMapping.id)).all()


@base.NovaObjectRegistry.register
class CellMapping(base.NovaTimestampObject, base.NovaObject):
    """A cell: its name, database URL and transport URL.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    CELL0_UUID = CELL0_UUID

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'transport_url': fields.StringField(),
        'database_connection': fields.StringField(),
        'disabled': fields.BooleanField(default=False),
    }

    @property
    def identity(self):
        return '%s(%s)' % (self.uuid, self.name) if self.name else self.uuid

    def is_cell0(self):
        return self.obj_attr_is_set('uuid') and self.uuid == CELL0_UUID

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        return cls._from_db(context, _get_by_uuid(context, uuid))

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.setdefault('uuid', uuidutils.generate_uuid())
        base._from_db(self, _create(self._context, values))

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        if changes:
            base._from_db(self, _update(self._context, self.uuid, changes))

    @base.remotable
    def destroy(self):
        _destroy(self._context, self.uuid)


@base.NovaObjectRegistry.register
class CellMappingList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('CellMapping')}

    @base.remotable_classmethod
    def get_all(cls, context):
        return base.obj_list_from_db(context, cls, CellMapping,
                                     _get_all(context))

    @base.remotable_classmethod
    def get_by_disabled(cls, context, disabled):
        return base.obj_list_from_db(context, cls, CellMapping,
                                     _get_all(context, disabled=disabled))
