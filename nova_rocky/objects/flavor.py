"""Flavor: the size of a server, kept in the API database."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields
from nova_rocky.objects import in_place

_F = api_models.Flavor
_SPEC = api_models.FlavorExtraSpec
_PROJ = api_models.FlavorProject
# Fields whose value lives in another table or is fixed after create.
_OBJECT_FIELDS = ('extra_specs', 'projects')
_MUTABLE = ('description',)


def _access_filter(context, query):
    """Hide private flavors from a non-admin without access to them."""
    if context.is_admin:
        return query
    return query.filter(sa.or_(
        _F.is_public == sa.true(),
        _F.projects.any(_PROJ.project_id == context.project_id)))


@db_api.api_reader
def _get_one(context, column, value, check_access=True):
    query = context.session.query(_F).filter(getattr(_F, column) == value)
    if check_access:
        query = _access_filter(context, query)
    row = query.first()
    if row is None:
        raise exception.FlavorNotFound(flavor_id=value)
    return row


def _apply_filters(context, query, filters):
    if 'min_memory_mb' in filters:
        query = query.filter(_F.memory_mb >= filters['min_memory_mb'])
    if 'min_root_gb' in filters:
        query = query.filter(_F.root_gb >= filters['min_root_gb'])
    if filters.get('disabled') is not None:
        query = query.filter(_F.disabled == bool(filters['disabled']))
    is_public = filters.get('is_public')
    if is_public is not None:
        wanted = _F.is_public == bool(is_public)
        if is_public and context.project_id is not None:
            # A "public" listing includes private flavors shared with us.
            wanted = sa.or_(wanted, _F.projects.any(
                _PROJ.project_id == context.project_id))
        query = query.filter(wanted)
    return query


@db_api.api_reader
def _get_all(context, inactive, filters, sort_key, sort_dir, limit, marker):
    query = _access_filter(context, context.session.query(_F))
    if not inactive:
        filters = dict(filters, disabled=filters.get('disabled', False))
    query = _apply_filters(context, query, filters)
    marker_row = None
    if marker is not None:
        marker_row = _access_filter(
            context, context.session.query(_F)).filter(
                _F.flavorid == marker).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
    query = sqlalchemyutils.paginate_query(
        query, _F, limit, keys, marker=marker_row, sort_dir=sort_dir)
    return query.all()


@db_api.api_writer
def _create(context, values, extra_specs, projects):
    row = _F(**values)
    row.extra_specs = [_SPEC(key=k, value=v) for k, v in extra_specs.items()]
    row.projects = [_PROJ(project_id=p) for p in projects]
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        if 'flavorid' in (e.columns or []):
            raise exception.FlavorIdExists(flavor_id=values['flavorid'])
        raise exception.FlavorExists(name=values['name'])
    return row


@db_api.api_writer
def _update(context, flavor_id, values):
    context.session.query(_F).filter_by(id=flavor_id).update(
        values, synchronize_session=False)


@db_api.api_writer
def _save_extra_specs(context, flavor_id, to_add, to_delete):
    session = context.session
    if to_delete:
        session.query(_SPEC).filter(_SPEC.flavor_id == flavor_id,
                                    _SPEC.key.in_(to_delete)).delete(
            synchronize_session=False)
    existing = {r.key: r for r in session.query(_SPEC).filter(
        _SPEC.flavor_id == flavor_id, _SPEC.key.in_(list(to_add)))}
    for key, value in to_add.items():
        if key in existing:
            existing[key].value = value
        else:
            session.add(_SPEC(flavor_id=flavor_id, key=key, value=value))


@db_api.api_writer
def _add_access(context, flavor_id, flavorid, project_id):
    context.session.add(_PROJ(flavor_id=flavor_id, project_id=project_id))
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.FlavorAccessExists(flavor_id=flavorid,
                                           project_id=project_id)


@db_api.api_writer
def _remove_access(context, flavor_id, flavorid, project_id):
    count = context.session.query(_PROJ).filter_by(
        flavor_id=flavor_id, project_id=project_id).delete(
            synchronize_session=False)
    if not count:
        raise exception.FlavorAccessNotFound(flavor_id=flavorid,
                                             project_id=project_id)


@db_api.api_writer
def _destroy(context, flavor_id, flavorid):
    session = context.session
    session.query(_SPEC).filter_by(flavor_id=flavor_id).delete(
        synchronize_session=False)
    session.query(_PROJ).filter_by(flavor_id=flavor_id).delete(
        synchronize_session=False)
    if not session.query(_F).filter_by(id=flavor_id).delete(
            synchronize_session=False):
        raise exception.FlavorNotFound(flavor_id=flavorid)


@base.NovaObjectRegistry.register
class Flavor(in_place.InPlaceChangesMixin, base.NovaTimestampObject,
             base.NovaObject):
    """A flavor with its extra specs and the projects it is shared with.

    ``save()`` writes the description, extra spec changes and access
    (``projects``) changes; the sizes are fixed once created.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    _TRACKED_FIELDS = _OBJECT_FIELDS

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(nullable=True, default=1.0),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'is_public': fields.BooleanField(default=True),
        'extra_specs': fields.DictOfStringsField(),
        'projects': fields.ListOfStringsField(),
        'description': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        flavor = base.obj_from_db(context, cls, row, skip=_OBJECT_FIELDS)
        flavor.extra_specs = {s.key: s.value for s in row.extra_specs}
        flavor.projects = [p.project_id for p in row.projects]
        flavor.obj_reset_changes()
        return flavor

    def _refresh_from(self, row):
        loaded = self._from_db(self._context, row)
        for name in self.fields:
            setattr(self, name, getattr(loaded, name))
        self.obj_reset_changes()

    def obj_load_attr(self, attrname):
        if attrname not in _OBJECT_FIELDS:
            raise exception.ObjectActionError(
                action='obj_load_attr',
                reason='attribute %s is not lazy-loadable' % attrname)
        if self._context is None:
            raise exception.OrphanedObjectError(method='obj_load_attr',
                                                objtype=self.obj_name())
        try:
            loaded = self.get_by_flavor_id(self._context.elevated(),
                                           self.flavorid)
            value = getattr(loaded, attrname)
        except exception.FlavorNotFound:
            # A deleted flavor still embedded in an instance.
            value = {} if attrname == 'extra_specs' else []
        setattr(self, attrname, value)
        self.obj_reset_changes([attrname])

    @base.remotable_classmethod
    def get_by_id(cls, context, id):
        """The flavor with database id ``id``; FlavorNotFound if none."""
        return cls._from_db(context, _get_one(context, 'id', id))

    @base.remotable_classmethod
    def get_by_flavor_id(cls, context, flavor_id, read_deleted=None):
        """The flavor with API id ``flavor_id`` the context may see."""
        return cls._from_db(context, _get_one(context, 'flavorid',
                                              flavor_id))

    @base.remotable_classmethod
    def get_by_name(cls, context, name):
        """The flavor named ``name`` the context may see."""
        return cls._from_db(context, _get_one(context, 'name', name))

    @base.remotable
    def create(self):
        """Insert the flavor; FlavorExists / FlavorIdExists on clashes."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = self.obj_get_changes()
        extra_specs = values.pop('extra_specs', {})
        projects = values.pop('projects', [])
        values.setdefault('flavorid', uuidutils.generate_uuid())
        values.setdefault('swap', 0)
        values.setdefault('root_gb', 0)
        values.setdefault('ephemeral_gb', 0)
        self._refresh_from(_create(self._context, values, extra_specs,
                                   projects))

    @base.remotable
    def save_extra_specs(self, to_add=None, to_delete=None):
        """Add/update the ``to_add`` dict and delete the ``to_delete`` keys."""
        _save_extra_specs(self._context, self.id, dict(to_add or {}),
                          list(to_delete or []))

    @base.remotable
    def add_access(self, project_id):
        """Share this (private) flavor with ``project_id``."""
        if 'projects' in self.obj_what_changed():
            raise exception.ObjectActionError(
                action='add_access', reason='projects modified')
        _add_access(self._context, self.id, self.flavorid, project_id)
        self.projects = self.projects + [project_id]
        self.obj_reset_changes(['projects'])

    @base.remotable
    def remove_access(self, project_id):
        """Stop sharing with ``project_id``; FlavorAccessNotFound if not."""
        if 'projects' in self.obj_what_changed():
            raise exception.ObjectActionError(
                action='remove_access', reason='projects modified')
        _remove_access(self._context, self.id, self.flavorid, project_id)
        self.projects = [p for p in self.projects if p != project_id]
        self.obj_reset_changes(['projects'])

    @base.remotable
    def save(self):
        """Write the description and the extra spec / access changes."""
        changes = self.obj_what_changed()
        fixed = changes - set(_MUTABLE) - set(_OBJECT_FIELDS)
        if fixed:
            raise exception.ObjectActionError(
                action='save', reason='read-only fields changed: %s' %
                ', '.join(sorted(fixed)))
        if 'description' in changes:
            _update(self._context, self.id,
                    {'description': self.description})
        if 'extra_specs' in changes:
            self._save_spec_diff()
        if 'projects' in changes:
            self._save_project_diff()
        self.obj_reset_changes()

    def _save_spec_diff(self):
        new = self.extra_specs
        old = self.original_value('extra_specs', {})
        to_add = {k: v for k, v in new.items() if old.get(k) != v}
        to_delete = [k for k in old if k not in new]
        self.save_extra_specs(to_add, to_delete)

    def _save_project_diff(self):
        new = set(self.projects)
        old = set(self.original_value('projects', []))
        for project_id in sorted(new - old):
            _add_access(self._context, self.id, self.flavorid, project_id)
        for project_id in sorted(old - new):
            _remove_access(self._context, self.id, self.flavorid, project_id)

    @base.remotable
    def destroy(self):
        """Delete the flavor, its extra specs and access rows."""
        if self.obj_attr_is_set('id'):
            _destroy(self._context, self.id, self.flavorid)
            return
        row = _get_one(self._context, 'flavorid', self.flavorid,
                       check_access=False)
        _destroy(self._context, row.id, self.flavorid)


@base.NovaObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @base.remotable_classmethod
    def get_all(cls, context, inactive=False, filters=None,
                sort_key='flavorid', sort_dir='asc', limit=None,
                marker=None):
        """Flavors the context may see, filtered and paginated.

        ``filters``: min_memory_mb, min_root_gb, disabled, is_public
        (True: public plus shared with the project; False: private only;
        None: both). ``marker`` is a flavorid (MarkerNotFound if unknown).
        """
        rows = _get_all(context, inactive, dict(filters or {}),
                        sort_key or 'flavorid', sort_dir or 'asc', limit,
                        marker)
        objs = [Flavor._from_db(context, row) for row in rows]
        result = cls(context, objects=objs)
        result.obj_reset_changes()
        return result
