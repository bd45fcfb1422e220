"""RequestSpec: what an instance asked the scheduler for (API database).

The whole object is stored in ``request_specs.spec`` as the JSON of its
primitive. Fields that only make sense for one scheduling operation
(``_TRANSIENT_FIELDS``: ``requested_destination``, ``ignore_hosts``) are
not stored and come back as None. ``instance_group`` is transient too:
the scheduler reads the group the ``group`` hint names afresh for each
request, so members and their hosts are never stale.
"""

from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
from oslo_utils import versionutils
from oslo_versionedobjects import fields as ovo_fields

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import cell_mapping  # noqa: F401 (registers)
from nova_rocky.objects import fields
from nova_rocky.objects import flavor as _flavor  # noqa: F401 (registers)
from nova_rocky.objects import image_meta
from nova_rocky.objects import instance_group  # noqa: F401 (registers)

_RS = api_models.RequestSpec
_TRANSIENT_FIELDS = ('requested_destination', 'ignore_hosts',
                     'instance_group')
_ROW_FIELDS = ('id',)


@db_api.api_reader
def _get(context, instance_uuid):
    row = context.session.query(_RS).filter_by(
        instance_uuid=instance_uuid).first()
    if row is None:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
    return row


@db_api.api_writer
def _create(context, instance_uuid, spec):
    row = _RS(instance_uuid=instance_uuid, spec=spec)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.RequestSpecExists(instance_uuid=instance_uuid)
    return row


@db_api.api_writer
def _save(context, instance_uuid, spec):
    count = context.session.query(_RS).filter_by(
        instance_uuid=instance_uuid).update({'spec': spec},
                                            synchronize_session=False)
    if not count:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)


@db_api.api_writer
def _destroy(context, instance_uuid):
    if not context.session.query(_RS).filter_by(
            instance_uuid=instance_uuid).delete(synchronize_session=False):
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)


@base.NovaObjectRegistry.register
class Destination(base.NovaObject):
    """Where an operation must go: a host, node, cell or aggregates.

    ``aggregates``: each item is a comma-separated list of aggregate uuids
    of which the host must be in at least one.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'node': fields.StringField(nullable=True),
        'cell': fields.ObjectField('CellMapping', nullable=True),
        'aggregates': fields.ListOfStringsField(nullable=True, default=None),
    }

    def require_aggregates(self, aggregates):
        """Require the host to be in one of ``aggregates`` (uuids)."""
        if not self.obj_attr_is_set('aggregates') or self.aggregates is None:
            self.aggregates = []
        self.aggregates = self.aggregates + [','.join(aggregates)]


@base.NovaObjectRegistry.register
class RequestSpec(base.NovaObject):
    """The scheduling request of an instance (or a multi-create batch).

    Version 1.0: Initial version
    Version 1.1: Added instance_group (transient: filled by the scheduler)
    """
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image': fields.ObjectField('ImageMeta', nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'ignore_hosts': fields.ListOfStringsField(nullable=True),
        'force_hosts': fields.ListOfStringsField(nullable=True),
        'force_nodes': fields.ListOfStringsField(nullable=True),
        'scheduler_hints': ovo_fields.DictOfListOfStringsField(
            nullable=True),
        'requested_destination': fields.ObjectField('Destination',
                                                    nullable=True),
        'is_bfv': fields.BooleanField(default=False),
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        version = versionutils.convert_version_to_tuple(target_version)
        if version < (1, 1):
            primitive.pop('instance_group', None)

    # -- conveniences for the scheduler ---------------------------------

    @property
    def memory_mb(self):
        return self.flavor.memory_mb

    @property
    def vcpus(self):
        return self.flavor.vcpus

    @property
    def root_gb(self):
        return self.flavor.root_gb

    @property
    def ephemeral_gb(self):
        return self.flavor.ephemeral_gb

    @property
    def swap(self):
        return self.flavor.swap

    def get_scheduler_hint(self, hint_name, default=None):
        """A hint's value: the single item of a one-item list, the list
        otherwise, ``default`` when absent."""
        hints = (self.scheduler_hints
                 if self.obj_attr_is_set('scheduler_hints') else None) or {}
        value = hints.get(hint_name)
        if not value:
            return default
        return value[0] if len(value) == 1 else value

    def reset_forced_destinations(self):
        """Forget forced hosts/nodes (a move must not reuse them)."""
        self.force_hosts = None
        self.force_nodes = None

    @classmethod
    def from_components(cls, context, instance_uuid, image, flavor,
                        num_instances, availability_zone, project_id,
                        user_id, scheduler_hints=None, force_hosts=None,
                        force_nodes=None, is_bfv=False):
        """A new (unsaved) spec from the parts the API has at boot.

        ``image`` may be an ImageMeta, an image dict or None;
        ``scheduler_hints`` values are turned into lists of strings.
        """
        if image is not None and not isinstance(image,
                                                image_meta.ImageMeta):
            image = image_meta.ImageMeta.from_dict(image)
        hints = {key: [str(v) for v in value] if isinstance(
            value, (list, tuple)) else [str(value)]
            for key, value in (scheduler_hints or {}).items()}
        spec = cls(context, instance_uuid=instance_uuid, image=image,
                   flavor=flavor, num_instances=num_instances,
                   availability_zone=availability_zone,
                   project_id=project_id, user_id=user_id,
                   scheduler_hints=hints, force_hosts=force_hosts,
                   force_nodes=force_nodes, is_bfv=is_bfv,
                   ignore_hosts=None, requested_destination=None,
                   instance_group=None)
        return spec

    # -- persistence ----------------------------------------------------

    def _spec_json(self):
        spec = self.obj_clone()
        for name in _TRANSIENT_FIELDS + _ROW_FIELDS:
            if spec.obj_attr_is_set(name):
                delattr(spec, name)
        return jsonutils.dumps(spec.obj_to_primitive())

    @classmethod
    def _from_db(cls, context, row):
        spec = cls.obj_from_primitive(jsonutils.loads(row.spec),
                                      context=context)
        spec._context = context
        spec.id = row.id
        spec.instance_uuid = row.instance_uuid
        for name in _TRANSIENT_FIELDS:
            setattr(spec, name, None)
        spec.obj_reset_changes(recursive=True)
        return spec

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The spec of the instance; RequestSpecNotFound if none."""
        return cls._from_db(context, _get(context, instance_uuid))

    @base.remotable
    def create(self):
        """Store the spec; RequestSpecExists if the instance has one."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        row = _create(self._context, self.instance_uuid, self._spec_json())
        self.id = row.id
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        """Rewrite the stored spec with the current values."""
        _save(self._context, self.instance_uuid, self._spec_json())
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self):
        """Delete the stored spec."""
        _destroy(self._context, self.instance_uuid)
