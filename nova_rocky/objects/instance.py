"""Instance: a server, as its cell database knows it.

The ``instances`` row holds the plain fields. The optional attributes
(``OPTIONAL_ATTRS``) live in other tables and are loaded when asked for
with ``expected_attrs`` (in batch for lists) or lazily on first access:

* ``flavor`` / ``old_flavor`` / ``new_flavor``: instance_extra.flavor, JSON
  ``{"cur": <Flavor primitive>, "old": ..., "new": ...}``
* ``metadata`` / ``system_metadata``: key/value rows
* ``info_cache``: instance_info_caches.network_info
* ``fault``: the newest instance_faults row (read only)
"""

import datetime

import netaddr
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields
from nova_rocky.objects import flavor as flavor_obj
from nova_rocky.objects import in_place
from nova_rocky.objects import instance_fault
from nova_rocky.objects import instance_info_cache
from nova_rocky.objects import instance_query

OPTIONAL_ATTRS = ('flavor', 'metadata', 'system_metadata', 'info_cache',
                  'fault')
_FLAVOR_FIELDS = {'flavor': 'cur', 'old_flavor': 'old', 'new_flavor': 'new'}
_OBJECT_FIELDS = set(OPTIONAL_ATTRS) | set(_FLAVOR_FIELDS)
_BOOL_COLUMNS = ('locked', 'auto_disk_config', 'shutdown_terminate',
                 'disable_terminate', 'cleaned')
_STR = fields.StringField
_INT = fields.IntegerField
_TIME = fields.DateTimeField


def _column_fields():
    """Fields that map one-to-one onto ``instances`` columns."""
    nullable_strings = (
        'user_id', 'project_id', 'image_ref', 'kernel_id', 'ramdisk_id',
        'hostname', 'key_name', 'key_data', 'vm_state', 'task_state', 'host',
        'node', 'launched_on', 'availability_zone', 'display_name',
        'display_description', 'user_data', 'reservation_id', 'locked_by',
        'os_type', 'root_device_name', 'config_drive')
    result = {name: _STR(nullable=True) for name in nullable_strings}
    for name in ('launch_index', 'power_state', 'memory_mb', 'vcpus',
                 'root_gb', 'ephemeral_gb', 'instance_type_id', 'progress'):
        result[name] = _INT(nullable=True)
    for name in ('launched_at', 'terminated_at', 'scheduled_at'):
        result[name] = _TIME(nullable=True)
    for name in _BOOL_COLUMNS:
        result[name] = fields.BooleanField(default=False)
    result.update({
        'id': _INT(),
        'uuid': fields.UUIDField(),
        'architecture': fields.ArchitectureField(nullable=True),
        'vm_mode': fields.VMModeField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'ephemeral_key_uuid': fields.UUIDField(nullable=True),
    })
    return result


_COLUMNS = _column_fields()


def expand_expected_attrs(expected_attrs):
    """The set of OPTIONAL_ATTRS to load for ``expected_attrs``."""
    attrs = set()
    for name in expected_attrs or ():
        attrs.add('flavor' if name in _FLAVOR_FIELDS else name)
    unknown = attrs - set(OPTIONAL_ATTRS)
    if unknown:
        raise exception.ObjectActionError(
            action='load', reason='unknown attributes %s' % sorted(unknown))
    return attrs


def _to_db(value):
    if isinstance(value, datetime.datetime):
        return timeutils.normalize_time(value)
    if isinstance(value, netaddr.IPAddress):
        return str(value)
    return value


def _expected(value):
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


@base.NovaObjectRegistry.register
class Instance(in_place.InPlaceChangesMixin, base.NovaPersistentObject,
               base.NovaObject):
    """A server in a cell database.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    _TRACKED_FIELDS = ('metadata', 'system_metadata')

    fields = dict(_COLUMNS, **{
        'flavor': fields.ObjectField('Flavor'),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'metadata': fields.DictOfStringsField(),
        'system_metadata': fields.DictOfNullableStringsField(),
        'info_cache': fields.ObjectField('InstanceInfoCache', nullable=True),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
    })

    @property
    def name(self):
        """The hypervisor-side name, ``instance-%08x`` of the id."""
        if self.obj_attr_is_set('id'):
            return 'instance-%08x' % self.id
        return 'instance-%s' % self.uuid

    # -- loading --------------------------------------------------------

    @classmethod
    def _from_db(cls, context, row, extras, attrs):
        instance = cls(context)
        instance._set_columns(row)
        instance._set_extras(extras, attrs)
        instance.obj_reset_changes(recursive=True)
        return instance

    def _set_columns(self, row):
        for name in _COLUMNS:
            value = getattr(row, name)
            if name in _BOOL_COLUMNS:
                value = bool(value)
            setattr(self, name, value)
        for name in ('created_at', 'updated_at', 'deleted_at'):
            setattr(self, name, getattr(row, name))
        self.deleted = bool(row.deleted)

    def _set_extras(self, extras, attrs):
        uuid = self.uuid
        if 'flavor' in attrs:
            self._set_flavors(extras['flavor'].get(uuid))
        for name in ('metadata', 'system_metadata'):
            if name in attrs:
                setattr(self, name, dict(extras[name].get(uuid, {})))
        if 'info_cache' in attrs:
            row = extras['info_cache'].get(uuid)
            self.info_cache = None if row is None else (
                instance_info_cache.InstanceInfoCache.from_db_row(
                    self._context, row))
        if 'fault' in attrs:
            row = extras['fault'].get(uuid)
            self.fault = None if row is None else (
                instance_fault.InstanceFault._from_db(self._context, row))

    def _set_flavors(self, flavor_json):
        data = jsonutils.loads(flavor_json) if flavor_json else {}
        for name, key in _FLAVOR_FIELDS.items():
            primitive = data.get(key)
            if primitive is None:
                if name != 'flavor':
                    setattr(self, name, None)
                continue
            flavor = flavor_obj.Flavor.obj_from_primitive(
                primitive, context=self._context)
            flavor.obj_reset_changes()
            setattr(self, name, flavor)

    def _flavors_json(self):
        data = {}
        for name, key in _FLAVOR_FIELDS.items():
            value = getattr(self, name) if self.obj_attr_is_set(name) \
                else None
            data[key] = value.obj_to_primitive() if value else None
        return jsonutils.dumps(data)

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        """The instance ``uuid`` (honours context.read_deleted)."""
        attrs = expand_expected_attrs(expected_attrs)
        row, extras = instance_query.get_one(context, attrs, uuid=uuid)
        return cls._from_db(context, row, extras, attrs)

    @base.remotable_classmethod
    def get_by_id(cls, context, id, expected_attrs=None):
        """The instance with database id ``id``."""
        attrs = expand_expected_attrs(expected_attrs)
        row, extras = instance_query.get_one(context, attrs, id=id)
        return cls._from_db(context, row, extras, attrs)

    def obj_load_attr(self, attrname):
        """Load an attribute that was not loaded (even when deleted)."""
        if self._context is None:
            raise exception.OrphanedObjectError(method='obj_load_attr',
                                                objtype=self.obj_name())
        if not self.obj_attr_is_set('uuid'):
            raise exception.ObjectActionError(
                action='obj_load_attr', reason='instance has no uuid')
        wanted = [attrname] if attrname in _OBJECT_FIELDS else []
        ctxt = self._context.elevated(read_deleted='yes')
        loaded = self.get_by_uuid(ctxt, self.uuid, expected_attrs=wanted)
        names = list(_FLAVOR_FIELDS) if attrname in _FLAVOR_FIELDS \
            else [attrname]
        for name in names:
            if loaded.obj_attr_is_set(name):
                value = getattr(loaded, name)
                if isinstance(value, base.NovaObject):
                    value._context = self._context
                setattr(self, name, value)
        self.obj_reset_changes(names, recursive=True)

    # -- writing --------------------------------------------------------

    def _column_values(self, names):
        return {name: _to_db(getattr(self, name)) for name in names
                if name in _COLUMNS or name in ('created_at', 'updated_at',
                                                'deleted_at')}

    def _fill_from_flavor(self, values):
        flavor = self.flavor
        values.setdefault('instance_type_id', flavor.id)
        for name in ('memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb'):
            values.setdefault(name, getattr(flavor, name))

    @base.remotable
    def create(self):
        """Insert the instance with its flavor, metadata and info cache."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('uuid'):
            self.uuid = uuidutils.generate_uuid()
        # Every set field is written, changed or not (an instance rebuilt
        # from a build request has no pending changes).
        values = self._column_values(
            [n for n in self.fields if self.obj_attr_is_set(n)])
        values.pop('id', None)
        flavor_json = None
        if self.obj_attr_is_set('flavor'):
            self._fill_from_flavor(values)
            flavor_json = self._flavors_json()
        self.obj_set_defaults_if_unset(metadata={}, system_metadata={})
        cache = self.info_cache if self.obj_attr_is_set('info_cache') \
            else None
        network_info = cache.network_info if cache else []
        row = instance_query.create(
            self._context, values, flavor_json, self.metadata,
            self.system_metadata,
            instance_info_cache.network_info_to_db(network_info))
        self._set_columns(row)
        self.info_cache = instance_info_cache.InstanceInfoCache(
            self._context, instance_uuid=self.uuid,
            network_info=network_info or [])
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None):
        """Write the changed fields, atomically checking current states.

        ``expected_task_state`` / ``expected_vm_state``: a value or list of
        values (``[None]`` means "must be unset") the row must still have;
        otherwise UnexpectedTaskStateError / UnexpectedVMStateError (or
        UnexpectedDeletingTaskStateError when being deleted) is raised and
        nothing is written.
        """
        changes = self.obj_what_changed()
        expected = {k: v for k, v in (
            ('task_state', _expected(expected_task_state)),
            ('vm_state', _expected(expected_vm_state))) if v is not None}
        values = self._column_values(changes)
        extras = self._changed_extras(changes)
        if values or expected or any(v is not None for v in extras.values()):
            values.setdefault('updated_at', timeutils.utcnow())
            instance_query.update(self._context, self.uuid, values, expected,
                                  **extras)
            self.updated_at = values['updated_at']
        if 'info_cache' in changes and self.info_cache is not None:
            self.info_cache.save()
        self.obj_reset_changes(recursive=True)

    def _changed_extras(self, changes):
        extras = {'metadata': None, 'system_metadata': None,
                  'flavor_json': None}
        for name in ('metadata', 'system_metadata'):
            if name in changes:
                extras[name] = dict(getattr(self, name))
        if changes & set(_FLAVOR_FIELDS):
            extras['flavor_json'] = self._flavors_json()
        return extras

    @base.remotable
    def destroy(self):
        """Soft-delete the instance and its extra rows."""
        if not self.obj_attr_is_set('uuid'):
            raise exception.ObjectActionError(action='destroy',
                                              reason='no uuid')
        self.deleted_at = instance_query.destroy(self._context, self.uuid)
        self.deleted = True
        self.obj_reset_changes(['deleted', 'deleted_at'])

    @base.remotable
    def refresh(self):
        """Reload every loaded field from the database."""
        loaded = [a for a in OPTIONAL_ATTRS if self.obj_attr_is_set(a)]
        current = self.get_by_uuid(self._context, self.uuid,
                                   expected_attrs=loaded)
        for name in self.fields:
            if current.obj_attr_is_set(name) and (
                    not self.obj_attr_is_set(name) or
                    getattr(self, name) != getattr(current, name)):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes(recursive=True)


@base.NovaObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    def _from_rows(cls, context, rows, extras, attrs):
        objs = [Instance._from_db(context, row, extras, attrs)
                for row in rows]
        result = cls(context, objects=objs)
        result.obj_reset_changes()
        return result

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, sort_keys=None, sort_dirs=None,
                       limit=None, marker=None, expected_attrs=None,
                       sort_key=None, sort_dir=None):
        """Instances matching ``filters``, sorted and paginated.

        Filters (exact; a list means "any of"): project_id, user_id, host,
        node, uuid, vm_state, task_state, power_state, image (image_ref),
        flavor (instance_type_id), availability_zone, key_name,
        reservation_id, locked. Regex (case-insensitive): name
        (display_name), hostname. Also: deleted (bool; with soft_deleted),
        changes-since / changes-before (updated_at), cleaned.
        Sorting defaults to created_at, id descending; ``marker`` is an
        instance uuid (MarkerNotFound when unknown).
        """
        if isinstance(sort_keys, str):
            sort_keys = [sort_keys]
        if isinstance(sort_dirs, str):
            sort_dirs = [sort_dirs]
        sort_keys = sort_keys or ([sort_key] if sort_key else None)
        sort_dirs = sort_dirs or ([sort_dir] if sort_dir else None)
        attrs = expand_expected_attrs(expected_attrs)
        rows, extras = instance_query.get_all(
            context, dict(filters or {}), sort_keys, sort_dirs, limit,
            marker, attrs)
        return cls._from_rows(context, rows, extras, attrs)

    @base.remotable_classmethod
    def get_by_host(cls, context, host, expected_attrs=None):
        """Live instances on ``host``."""
        return cls.get_by_filters(context, {'host': host, 'deleted': False,
                                            'soft_deleted': True},
                                  expected_attrs=expected_attrs)

    @base.remotable_classmethod
    def get_by_host_and_node(cls, context, host, node, expected_attrs=None):
        """Live instances on hypervisor node ``node`` of ``host``."""
        return cls.get_by_filters(
            context, {'host': host, 'node': node, 'deleted': False,
                      'soft_deleted': True},
            expected_attrs=expected_attrs)

    @base.remotable_classmethod
    def get_uuids_by_host(cls, context, host):
        """The uuids of the live instances on ``host``."""
        return [i.uuid for i in cls.get_by_host(context, host)]
