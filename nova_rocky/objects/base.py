"""Versioned object base classes shared by every nova_rocky object.

Objects cross RPC between services. Each has a ``VERSION`` and a changelog
in its docstring; ``obj_make_compatible`` trims fields an older peer does
not know. nova-compute sets ``NovaObject.indirection_api`` to the
conductor's RPC API, so remotable methods called there run in the conductor
(compute nodes hold no database credentials).
"""

import contextlib
import datetime

from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exc

from nova_rocky.objects import fields

remotable = ovo_base.remotable
remotable_classmethod = ovo_base.remotable_classmethod


class NovaObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Registry that exposes every registered class on the package."""

    notification_classes = []

    def registration_hook(self, cls, index):
        from nova_rocky import objects
        version = versionutils.convert_version_to_tuple(cls.VERSION)
        current = getattr(objects, cls.obj_name(), None)
        if current is None or version >= versionutils.convert_version_to_tuple(
                current.VERSION):
            setattr(objects, cls.obj_name(), cls)


class NovaObject(ovo_base.VersionedObject):
    """Base class of all nova_rocky objects."""

    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields, recursive=recursive)

    @contextlib.contextmanager
    def obj_alternate_context(self, context):
        original = self._context
        self._context = context
        try:
            yield
        finally:
            self._context = original

    @contextlib.contextmanager
    def obj_as_admin(self):
        """Run the enclosed saves with an elevated copy of the context."""
        if self._context is None:
            raise ovo_exc.OrphanedObjectError(method='obj_as_admin',
                                              objtype=self.obj_name())
        with self.obj_alternate_context(self._context.elevated()):
            yield

    def obj_set_defaults_if_unset(self, **defaults):
        for name, value in defaults.items():
            if not self.obj_attr_is_set(name):
                setattr(self, name, value)


class NovaPersistentObject(object):
    """Mixin for objects backed by a soft-deletable row."""
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    }


class NovaTimestampObject(object):
    """Mixin for objects backed by a row with only timestamps."""
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }


class ObjectListBase(ovo_base.ObjectListBase):
    """A list of objects; ``objects`` holds them."""

    @classmethod
    def _obj_primitive_key(cls, field):
        return 'nova_object.%s' % field

    @classmethod
    def _obj_primitive_field(cls, primitive, field, default=None):
        return primitive.get('nova_object.%s' % field, default)


class NovaObjectSerializer(ovo_base.VersionedObjectSerializer):
    """Serializer that turns objects into primitives and back over RPC."""

    OBJ_BASE_CLASS = NovaObject

    @property
    def conductor(self):
        if not hasattr(self, '_conductor'):
            from nova_rocky.conductor import rpcapi as conductor_rpcapi
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    def _process_object(self, context, objprim):
        try:
            return super()._process_object(context, objprim)
        except ovo_exc.IncompatibleObjectVersion:
            # An older peer sent something we know a newer version of; ask
            # the conductor to backport it to what we understand.
            objver = objprim['nova_object.version']
            if objver.count('.') == 2:
                objprim['nova_object.version'] = '.'.join(
                    objver.split('.')[:2])
                return self._process_object(context, objprim)
            # The conductor needs the versions of the whole tree this
            # process knows (nested objects too), not just the top one.
            manifest = ovo_base.obj_tree_get_versions(
                objprim['nova_object.name'])
            primitive = self.conductor.object_backport_versions(
                context, objprim, manifest)
            return super()._process_object(context, primitive)


class NovaObjectDictCompat(object):
    """Deliberately absent: objects are accessed by attribute only."""


def obj_to_primitive(obj):
    """Recursively turn an object into plain Python types."""
    if isinstance(obj, ObjectListBase):
        return [obj_to_primitive(x) for x in obj]
    if isinstance(obj, NovaObject):
        result = {}
        for key in obj.obj_fields:
            if obj.obj_attr_is_set(key) or key in obj.obj_extra_fields:
                result[key] = obj_to_primitive(getattr(obj, key))
        return result
    if isinstance(obj, (set, list, tuple)):
        return [obj_to_primitive(x) for x in obj]
    if isinstance(obj, datetime.datetime):
        return obj
    return obj


def _from_db(obj, db_row, skip=()):
    """Copy the columns of ``db_row`` into ``obj`` for its plain fields."""
    for field in obj.fields:
        if field in skip:
            continue
        value = db_row[field] if isinstance(db_row, dict) else getattr(
            db_row, field)
        if field == 'deleted':
            value = bool(value)
        setattr(obj, field, value)
    obj.obj_reset_changes()
    return obj


def obj_from_db(context, cls, db_row, skip=()):
    """A new ``cls`` object loaded from a row (columns named as fields)."""
    obj = cls(context)
    _from_db(obj, db_row, skip)
    obj._context = context
    return obj


def obj_list_from_db(context, list_cls, item_cls, db_rows, skip=()):
    """A ``list_cls`` of ``item_cls`` objects loaded from rows."""
    objs = [obj_from_db(context, item_cls, row, skip) for row in db_rows]
    result = list_cls(context, objects=objs)
    result.obj_reset_changes()
    return result
