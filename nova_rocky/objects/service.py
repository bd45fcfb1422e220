"""Service: a nova daemon on a host and its heartbeat."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

# The version of the code a service runs. It rises whenever a service gains
# a behaviour its peers must know about before they rely on it; peers read
# the minimum version among the running services (get_minimum_version).
SERVICE_VERSION = 2

# Index = version. Each entry says what RPC API versions that service
# version speaks.
SERVICE_VERSION_HISTORY = (
    # Version 0: a service that never reported its version.
    {'compute_rpc': '1.0', 'conductor_rpc': '1.0', 'scheduler_rpc': '1.0'},
    # Version 1: Initial nova_rocky services.
    {'compute_rpc': '1.0', 'conductor_rpc': '1.0', 'scheduler_rpc': '1.0'},
    # Version 2: Server lifecycle actions, rebuild and evacuate (compute
    # 1.1: power actions, soft delete/restore, rebuild_instance;
    # conductor 1.1: rebuild_instance); schedulers take aggregate changes
    # by fanout (scheduler 1.1).
    {'compute_rpc': '1.1', 'conductor_rpc': '1.1', 'scheduler_rpc': '1.1'},
)

_S = models.Service


def _live(context, query):
    if context.read_deleted == 'no':
        query = query.filter(_S.deleted == 0)
    elif context.read_deleted == 'only':
        query = query.filter(_S.deleted != 0)
    return query


@db_api.cell_reader
def _get(context, **filters):
    row = _live(context, context.session.query(_S)).filter_by(
        **filters).first()
    if row is None:
        raise exception.ServiceNotFound(
            service_id=filters.get('id') or filters.get('uuid') or
            '%s/%s' % (filters.get('host'), filters.get('binary')))
    return row


@db_api.cell_writer
def _create(context, values):
    existing = context.session.query(_S).filter_by(
        host=values.get('host'), binary=values.get('binary'),
        deleted=0).first()
    if existing is not None:
        raise exception.ServiceBinaryExists(host=values.get('host'),
                                            binary=values.get('binary'))
    row = _S(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.cell_writer
def _update(context, service_id, values):
    row = context.session.query(_S).filter_by(id=service_id,
                                              deleted=0).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_id)
    row.update(values)
    context.session.flush()
    return row


@db_api.cell_writer
def _heartbeat(context, service_id):
    now = timeutils.utcnow()
    context.session.query(_S).filter_by(id=service_id).update(
        {'report_count': _S.report_count + 1, 'last_seen_up': now,
         'updated_at': now}, synchronize_session=False)
    return now


@db_api.cell_writer
def _destroy(context, service_id):
    row = context.session.query(_S).filter_by(id=service_id,
                                              deleted=0).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_id)
    row.update(row.soft_delete_values())
    context.session.query(models.ComputeNode).filter_by(
        service_id=service_id, deleted=0).update(
        {'deleted': models.ComputeNode.id,
         'deleted_at': timeutils.utcnow()}, synchronize_session=False)


@db_api.cell_reader
def _get_all(context, disabled=None, binary=None, host=None):
    query = _live(context, context.session.query(_S))
    if disabled is not None:
        query = query.filter(_S.disabled == disabled)
    if binary is not None:
        query = query.filter(_S.binary == binary)
    if host is not None:
        query = query.filter(_S.host == host)
    return query.order_by(_S.id).all()


@db_api.cell_reader
def _min_version(context, binaries):
    return context.session.query(_S.binary, sa.func.min(_S.version)).filter(
        _S.binary.in_(binaries), _S.deleted == 0,
        _S.forced_down.is_(False)).group_by(_S.binary).all()


@base.NovaObjectRegistry.register
class Service(base.NovaPersistentObject, base.NovaObject):
    """A nova service (nova-compute, nova-conductor, ...) on one host.

    Version 1.0: Initial version
    Version 1.1: ``version`` has no field default any more (create() sets
                 the running SERVICE_VERSION), so raising the service
                 version no longer changes this object's fingerprint
    """
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(nullable=True),
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'version': fields.IntegerField(),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def get_by_id(cls, context, service_id):
        return cls._from_db(context, _get(context, id=service_id))

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        return cls._from_db(context, _get(context, uuid=uuid))

    @base.remotable_classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        return cls._from_db(context, _get(context, host=host, binary=binary))

    @base.remotable_classmethod
    def get_minimum_version(cls, context, binary):
        versions = dict(_min_version(context, [binary]))
        return versions.get(binary) or 0

    @base.remotable
    def create(self):
        values = self.obj_get_changes()
        values.setdefault('uuid', uuidutils.generate_uuid())
        values.setdefault('version', SERVICE_VERSION)
        base._from_db(self, _create(self._context, values))

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        for name in ('id', 'created_at', 'updated_at', 'deleted',
                     'deleted_at'):
            changes.pop(name, None)
        if changes:
            base._from_db(self, _update(self._context, self.id, changes))

    @base.remotable
    def heartbeat(self):
        """Record that the service is alive (one UPDATE, no read)."""
        self.last_seen_up = _heartbeat(self._context, self.id)
        self.report_count = (self.report_count or 0) + 1
        self.obj_reset_changes(['last_seen_up', 'report_count'])

    @base.remotable
    def destroy(self):
        _destroy(self._context, self.id)


@base.NovaObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Service')}

    @base.remotable_classmethod
    def get_all(cls, context, disabled=None, binary=None, host=None):
        return base.obj_list_from_db(
            context, cls, Service,
            _get_all(context, disabled=disabled, binary=binary, host=host))

    @base.remotable_classmethod
    def get_by_binary(cls, context, binary, include_disabled=False):
        disabled = None if include_disabled else False
        return cls.get_all(context, disabled=disabled, binary=binary)

    @base.remotable_classmethod
    def get_by_host(cls, context, host):
        return cls.get_all(context, host=host)
