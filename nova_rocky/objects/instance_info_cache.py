"""InstanceInfoCache: the network info of an instance, as last seen."""

import copy

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_versionedobjects import fields as ovo_fields

from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields
from nova_rocky.objects import in_place

_CACHE = models.InstanceInfoCache


class NetworkInfo(ovo_fields.FieldType):
    """A list of VIF dicts; accepts the JSON text stored in the database."""

    @staticmethod
    def coerce(obj, attr, value):
        if isinstance(value, str):
            value = jsonutils.loads(value) if value else []
        if not isinstance(value, list):
            raise ValueError('network_info must be a list of VIFs, not %s'
                             % type(value).__name__)
        return value

    @staticmethod
    def to_primitive(obj, attr, value):
        return copy.deepcopy(value)

    @staticmethod
    def from_primitive(obj, attr, value):
        return copy.deepcopy(value)


class NetworkInfoField(ovo_fields.AutoTypedField):
    AUTO_TYPE = NetworkInfo()


def network_info_to_db(network_info):
    return jsonutils.dumps(network_info if network_info is not None else [])


@db_api.cell_reader
def _get(context, instance_uuid):
    row = context.session.query(_CACHE).filter_by(
        instance_uuid=instance_uuid, deleted=0).first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=instance_uuid)
    return row


@db_api.cell_writer
def _save(context, instance_uuid, network_info_json):
    now = timeutils.utcnow()
    count = context.session.query(_CACHE).filter_by(
        instance_uuid=instance_uuid, deleted=0).update(
            {'network_info': network_info_json, 'updated_at': now},
            synchronize_session=False)
    if not count:
        context.session.add(_CACHE(instance_uuid=instance_uuid,
                                   network_info=network_info_json,
                                   created_at=now))
    return now


@base.NovaObjectRegistry.register
class InstanceInfoCache(in_place.InPlaceChangesMixin,
                        base.NovaPersistentObject, base.NovaObject):
    """Network info (list of VIF dicts) cached for one instance.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    _TRACKED_FIELDS = ('network_info',)

    fields = {
        'instance_uuid': fields.UUIDField(),
        'network_info': NetworkInfoField(nullable=True),
    }

    @classmethod
    def from_db_row(cls, context, row):
        """An object from an ``instance_info_caches`` row."""
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The cache of the instance; InstanceNotFound if it has none."""
        return cls.from_db_row(context, _get(context, instance_uuid))

    @base.remotable
    def save(self):
        """Write ``network_info`` (creating the row when missing)."""
        if 'network_info' in self.obj_what_changed():
            self.updated_at = _save(self._context, self.instance_uuid,
                                    network_info_to_db(self.network_info))
        self.obj_reset_changes()

    @base.remotable
    def refresh(self):
        """Reload from the database."""
        current = self.get_by_instance_uuid(self._context,
                                            self.instance_uuid)
        for name in self.fields:
            setattr(self, name, getattr(current, name))
        self.obj_reset_changes()
