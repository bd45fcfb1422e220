"""InstanceFault: why an instance went wrong, newest first."""

import traceback

from oslo_utils import timeutils
import sqlalchemy as sa

from nova_rocky import conf
from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

CONF = conf.CONF
_FAULT = models.InstanceFault
_MESSAGE_MAX = 255


def latest_fault_rows(session, instance_uuids):
    """The newest live fault row of each instance, in one query."""
    if not instance_uuids:
        return []
    newest = sa.select(sa.func.max(_FAULT.id)).where(
        _FAULT.instance_uuid.in_(list(instance_uuids)),
        _FAULT.deleted == 0).group_by(_FAULT.instance_uuid)
    return session.query(_FAULT).filter(_FAULT.id.in_(newest)).all()


@db_api.cell_reader
def _get_by_instance_uuids(context, instance_uuids, latest):
    if latest:
        return latest_fault_rows(context.session, instance_uuids)
    return context.session.query(_FAULT).filter(
        _FAULT.instance_uuid.in_(list(instance_uuids)),
        _FAULT.deleted == 0).order_by(
            _FAULT.created_at.desc(), _FAULT.id.desc()).all()


@db_api.cell_writer
def _create(context, values):
    row = _FAULT(**values)
    context.session.add(row)
    context.session.flush()
    return row


def _fault_message(exc):
    """A user-facing message for ``exc``: its formatted text or type."""
    try:
        message = exc.format_message()
    except Exception:
        try:
            message = str(exc)
        except Exception:
            message = None
    return (message or type(exc).__name__)[:_MESSAGE_MAX]


def _fault_details(exc, exc_tb, code):
    # Tracebacks are only kept for unexpected (500) errors; expected ones
    # carry everything in their message.
    if code != 500:
        return ''
    if exc_tb is not None:
        return ''.join(traceback.format_exception(type(exc), exc, exc_tb))
    return str(exc)


@base.NovaObjectRegistry.register
class InstanceFault(base.NovaPersistentObject, base.NovaObject):
    """One fault of an instance: HTTP-like code, message and details.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def get_latest_for_instance(cls, context, instance_uuid):
        """The newest fault of the instance, or None."""
        rows = _get_by_instance_uuids(context, [instance_uuid], True)
        return cls._from_db(context, rows[0]) if rows else None

    @base.remotable
    def create(self):
        """Record the fault in the cell database."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = {name: getattr(self, name) for name in
                  ('instance_uuid', 'code', 'message', 'details', 'host')
                  if self.obj_attr_is_set(name)}
        values['created_at'] = timeutils.utcnow()
        row = _create(self._context, values)
        base._from_db(self, row)

    @classmethod
    def create_from_exception(cls, context, instance, exc, exc_tb=None,
                              host=None):
        """Record ``exc`` (a raised exception) as a fault of ``instance``.

        The code comes from a NovaException's ``code`` (500 otherwise);
        the traceback is kept in ``details`` for 500s only.
        """
        code = getattr(exc, 'kwargs', {}).get('code', 500)
        fault = cls(context)
        fault.instance_uuid = instance.uuid
        fault.code = code
        fault.message = _fault_message(exc)
        fault.details = _fault_details(exc, exc_tb, code)
        fault.host = host or CONF.host
        fault.create()
        return fault


@base.NovaObjectRegistry.register
class InstanceFaultList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceFault')}

    @base.remotable_classmethod
    def get_by_instance_uuids(cls, context, instance_uuids, latest=True):
        """Faults of the instances in one query.

        ``latest=True`` (default): the newest fault of each instance.
        ``latest=False``: every fault, newest first.
        """
        rows = _get_by_instance_uuids(context, instance_uuids, latest)
        return base.obj_list_from_db(context, cls, InstanceFault, rows)
