"""ComputeNode: a hypervisor node's resources as its compute reported them."""

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

_C = models.ComputeNode
_JSON_FIELDS = ('supported_instances', 'stats')


def _live(context, query):
    if context.read_deleted == 'no':
        query = query.filter(_C.deleted == 0)
    return query


def _to_object(context, row):
    obj = ComputeNode(context)
    for name in obj.fields:
        value = getattr(row, name)
        if name in _JSON_FIELDS:
            value = jsonutils.loads(value) if value else (
                [] if name == 'supported_instances' else {})
            if name == 'stats':
                value = {k: str(v) for k, v in value.items()}
        elif name == 'deleted':
            value = bool(value)
        setattr(obj, name, value)
    obj.obj_reset_changes()
    return obj


def _to_values(changes):
    values = dict(changes)
    if values.get('host_ip') is not None:
        values['host_ip'] = str(values['host_ip'])
    for name in _JSON_FIELDS:
        if name in values:
            values[name] = jsonutils.dumps(values[name])
    return values


@db_api.cell_reader
def _get(context, **filters):
    row = _live(context, context.session.query(_C)).filter_by(
        **filters).first()
    if row is None:
        raise exception.ComputeNodeNotFound(
            node=filters.get('hypervisor_hostname') or filters.get('uuid') or
            filters.get('id'))
    return row


@db_api.cell_writer
def _create(context, values):
    row = _C(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.cell_writer
def _update(context, node_id, values):
    values['updated_at'] = timeutils.utcnow()
    context.session.query(_C).filter_by(id=node_id).update(
        values, synchronize_session=False)
    return values['updated_at']


@db_api.cell_reader
def _get_all(context, host=None, uuids=None, hypervisor_hostname=None,
             changed_since=None, limit=None, marker_id=None):
    query = _live(context, context.session.query(_C))
    if host is not None:
        query = query.filter(_C.host == host)
    if uuids is not None:
        query = query.filter(_C.uuid.in_(list(uuids)))
    if hypervisor_hostname is not None:
        query = query.filter(_C.hypervisor_hostname.like(
            '%' + hypervisor_hostname + '%'))
    if changed_since is not None:
        query = query.filter(_C.updated_at >= changed_since)
    if marker_id is not None:
        query = query.filter(_C.id > marker_id)
    query = query.order_by(_C.id)
    if limit:
        query = query.limit(limit)
    return query.all()


@db_api.cell_writer
def _destroy(context, node_id):
    row = context.session.query(_C).filter_by(id=node_id, deleted=0).first()
    if row is not None:
        row.update(row.soft_delete_values())


@base.NovaObjectRegistry.register
class ComputeNode(base.NovaPersistentObject, base.NovaObject):
    """A hypervisor node; ``uuid`` is also its placement provider uuid.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(nullable=True),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(nullable=True),
        'hypervisor_hostname': fields.StringField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'cpu_info': fields.StringField(),
        'disk_available_least': fields.IntegerField(nullable=True),
        'free_ram_mb': fields.IntegerField(nullable=True),
        'free_disk_gb': fields.IntegerField(nullable=True),
        'current_workload': fields.IntegerField(nullable=True),
        'running_vms': fields.IntegerField(nullable=True),
        'host_ip': fields.IPAddressField(nullable=True),
        'supported_instances': fields.ListOfListsOfStringsField(),
        'stats': fields.DictOfNullableStringsField(nullable=True),
        'cpu_allocation_ratio': fields.FloatField(nullable=True),
        'ram_allocation_ratio': fields.FloatField(nullable=True),
        'disk_allocation_ratio': fields.FloatField(nullable=True),
        'mapped': fields.IntegerField(default=0),
    }

    RESOURCE_KEYS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                     'memory_mb_used', 'local_gb_used', 'hypervisor_type',
                     'hypervisor_version', 'cpu_info',
                     'disk_available_least', 'free_ram_mb', 'free_disk_gb',
                     'current_workload', 'running_vms', 'host_ip',
                     'supported_instances', 'hypervisor_hostname')

    def update_from_resources(self, resources):
        """Copy a virt driver's get_available_resource() result in."""
        for key in self.RESOURCE_KEYS:
            if key not in resources:
                continue
            value = resources[key]
            if key == 'host_ip' and value is not None:
                value = str(value)
            if not self.obj_attr_is_set(key) or getattr(self, key) != value:
                setattr(self, key, value)

    @base.remotable_classmethod
    def get_by_id(cls, context, node_id):
        return _to_object(context, _get(context, id=node_id))

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        return _to_object(context, _get(context, uuid=uuid))

    @base.remotable_classmethod
    def get_by_host_and_nodename(cls, context, host, nodename):
        return _to_object(context, _get(context, host=host,
                                        hypervisor_hostname=nodename))

    @base.remotable
    def create(self):
        values = _to_values(self.obj_get_changes())
        values.setdefault('uuid', uuidutils.generate_uuid())
        fresh = _to_object(self._context, _create(self._context, values))
        for name in self.fields:
            setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes()

    @base.remotable
    def save(self):
        changes = self.obj_get_changes()
        for name in ('id', 'uuid', 'created_at', 'updated_at'):
            changes.pop(name, None)
        if changes:
            self.updated_at = _update(self._context, self.id,
                                      _to_values(changes))
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        _destroy(self._context, self.id)


@base.NovaObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    def _from_rows(cls, context, rows):
        return cls(context, objects=[_to_object(context, r) for r in rows])

    @base.remotable_classmethod
    def get_all(cls, context, limit=None, marker_id=None):
        return cls._from_rows(context, _get_all(context, limit=limit,
                                                marker_id=marker_id))

    @base.remotable_classmethod
    def get_all_by_host(cls, context, host):
        return cls._from_rows(context, _get_all(context, host=host))

    @base.remotable_classmethod
    def get_all_by_uuids(cls, context, uuids):
        return cls._from_rows(context, _get_all(context, uuids=uuids))

    @base.remotable_classmethod
    def get_by_hypervisor(cls, context, hypervisor_match):
        return cls._from_rows(context, _get_all(
            context, hypervisor_hostname=hypervisor_match))

    @base.remotable_classmethod
    def get_changed_since(cls, context, since):
        """Nodes updated at or after ``since``: the scheduler's cheap
        refresh reads only these."""
        return cls._from_rows(context, _get_all(context,
                                                changed_since=since))
