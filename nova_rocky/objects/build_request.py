"""BuildRequest: an accepted instance not yet placed in a cell.

The API lists these next to the cells' instances while the instance is
scheduling. The Instance is stored in ``build_requests.instance`` as the
JSON of its primitive; tags as a JSON list.
"""

import re

from oslo_db import exception as db_exc
from oslo_serialization import jsonutils
from oslo_utils import timeutils

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields
from nova_rocky.objects import instance as instance_obj

_BR = api_models.BuildRequest
# Instance filters compared for equality (a list means "any of").
_EXACT_FILTERS = {'project_id': 'project_id', 'user_id': 'user_id',
                  'uuid': 'uuid', 'vm_state': 'vm_state',
                  'task_state': 'task_state', 'image': 'image_ref',
                  'image_ref': 'image_ref', 'flavor': 'instance_type_id',
                  'instance_type_id': 'instance_type_id',
                  'availability_zone': 'availability_zone',
                  'key_name': 'key_name', 'reservation_id': 'reservation_id',
                  'locked': 'locked'}
_REGEX_FILTERS = {'name': 'display_name', 'display_name': 'display_name',
                  'hostname': 'hostname'}


@db_api.api_reader
def _get(context, instance_uuid):
    row = context.session.query(_BR).filter_by(
        instance_uuid=instance_uuid).first()
    if row is None:
        raise exception.BuildRequestNotFound(uuid=instance_uuid)
    return row


@db_api.api_reader
def _get_all(context, project_id=None, instance_uuids=None):
    query = context.session.query(_BR)
    if project_id is not None:
        query = query.filter(_BR.project_id == project_id)
    if instance_uuids is not None:
        query = query.filter(_BR.instance_uuid.in_(instance_uuids))
    return query.order_by(_BR.id).all()


def _uuid_filter(filters):
    # Decoding a build request's instance is most of what reading it
    # costs: narrow by uuid in SQL when the filter names the servers (a
    # server show, the tags of a page of servers).
    uuids = filters.get('uuid')
    if uuids is None:
        return None
    return [uuids] if isinstance(uuids, str) else list(uuids)


@db_api.api_writer
def _create(context, values):
    row = _BR(**values)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.BuildRequestAlreadyExists(
            uuid=values['instance_uuid'])
    return row


@db_api.api_writer
def _update(context, instance_uuid, values):
    values['updated_at'] = timeutils.utcnow()
    if not context.session.query(_BR).filter_by(
            instance_uuid=instance_uuid).update(values,
                                                synchronize_session=False):
        raise exception.BuildRequestNotFound(uuid=instance_uuid)
    return values['updated_at']


@db_api.api_writer
def _destroy(context, instance_uuid):
    if not context.session.query(_BR).filter_by(
            instance_uuid=instance_uuid).delete(synchronize_session=False):
        raise exception.BuildRequestNotFound(uuid=instance_uuid)


@base.NovaObjectRegistry.register
class BuildRequest(base.NovaTimestampObject, base.NovaObject):
    """A scheduling instance, kept in the API database.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(),
        'instance': fields.ObjectField('Instance'),
        'tags': fields.ListOfStringsField(default=[]),
    }

    @classmethod
    def _from_db(cls, context, row):
        req = cls(context)
        for name in ('id', 'instance_uuid', 'project_id', 'created_at',
                     'updated_at'):
            setattr(req, name, getattr(row, name))
        req.tags = jsonutils.loads(row.tags) if row.tags else []
        req.instance = instance_obj.Instance.obj_from_primitive(
            jsonutils.loads(row.instance), context=context)
        # Not in any cell yet: never deleted, nothing to save.
        req.instance.deleted = False
        req.instance.obj_reset_changes(recursive=True)
        req.obj_reset_changes(recursive=True)
        return req

    def _instance_json(self):
        return jsonutils.dumps(self.instance.obj_to_primitive())

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The build request of the instance; BuildRequestNotFound."""
        return cls._from_db(context, _get(context, instance_uuid))

    @base.remotable
    def create(self):
        """Store the request (BuildRequestAlreadyExists on a duplicate)."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if not self.obj_attr_is_set('instance_uuid'):
            self.instance_uuid = self.instance.uuid
        if not self.obj_attr_is_set('project_id'):
            self.project_id = self.instance.project_id
        tags = self.tags if self.obj_attr_is_set('tags') else []
        row = _create(self._context, {
            'instance_uuid': self.instance_uuid,
            'project_id': self.project_id,
            'instance': self._instance_json(),
            'tags': jsonutils.dumps(tags)})
        self.id = row.id
        self.tags = tags
        self.created_at = row.created_at
        self.updated_at = row.updated_at
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self):
        """Write the changed instance and tags."""
        changes = self.obj_what_changed()
        values = {}
        if 'instance' in changes:
            values['instance'] = self._instance_json()
        if 'tags' in changes:
            values['tags'] = jsonutils.dumps(self.tags)
        if values:
            self.updated_at = _update(self._context, self.instance_uuid,
                                      values)
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def destroy(self):
        """Delete the request; BuildRequestNotFound if already gone."""
        _destroy(self._context, self.instance_uuid)

    def get_new_instance(self, context):
        """A copy of the instance, ready for ``create()`` in a cell."""
        instance = self.instance.obj_clone()
        instance._context = context
        return instance


def _value_matches(value, wanted):
    if isinstance(wanted, (list, tuple, set)):
        return value in wanted
    return value == wanted


def _attr(instance, name):
    # Never lazy-load: the instance is not in any database yet.
    return getattr(instance, name) if instance.obj_attr_is_set(name) \
        else None


def _passes(instance, filters):
    for key, name in _EXACT_FILTERS.items():
        if key in filters and not _value_matches(
                _attr(instance, name), filters[key]):
            return False
    for key, name in _REGEX_FILTERS.items():
        if filters.get(key):
            value = _attr(instance, name) or ''
            if not re.search(str(filters[key]), value, re.IGNORECASE):
                return False
    return True


def _never_matches(filters):
    # Build requests are not deleted, cleaned, or on any host yet.
    return bool(filters.get('deleted') or filters.get('cleaned') or
                filters.get('host') or filters.get('node'))


def _sort(build_requests, sort_keys, sort_dirs):
    keys = list(sort_keys or ['created_at', 'id'])
    dirs = list(sort_dirs or [])
    dirs += [dirs[0] if dirs else 'desc'] * (len(keys) - len(dirs))
    # Stable sorts from the least to the most significant key.
    for key, direction in reversed(list(zip(keys, dirs))):
        build_requests.sort(
            key=lambda br: _sort_value(br, key),
            reverse=direction.startswith('desc'))
    return build_requests


def _sort_value(build_request, key):
    instance = build_request.instance
    if key == 'id':
        return (0, build_request.id)
    value = _attr(instance, key)
    if value is None and key in ('created_at', 'updated_at'):
        value = getattr(build_request, key)
    # None sorts first, values of different types never compare.
    return (1, value) if value is not None else (0, 0)


def _page(build_requests, limit, marker):
    if marker is not None:
        uuids = [br.instance_uuid for br in build_requests]
        if marker not in uuids:
            raise exception.MarkerNotFound(marker=marker)
        build_requests = build_requests[uuids.index(marker) + 1:]
    return build_requests if limit is None else build_requests[:limit]


@base.NovaObjectRegistry.register
class BuildRequestList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('BuildRequest')}

    @base.remotable_classmethod
    def get_all(cls, context):
        """Every build request, oldest first."""
        objs = [BuildRequest._from_db(context, row)
                for row in _get_all(context)]
        return cls(context, objects=objs)

    @base.remotable_classmethod
    def get_by_filters(cls, context, filters, limit=None, marker=None,
                       sort_keys=None, sort_dirs=None):
        """Build requests whose instance matches the server list filters.

        Filters are those of InstanceList.get_by_filters (deleted, host,
        node or cleaned match nothing); ``marker`` is an instance uuid
        (MarkerNotFound when it is not a build request).
        """
        filters = dict(filters or {})
        if _never_matches(filters) or limit == 0:
            return cls(context, objects=[])
        project_id = filters.get('project_id')
        rows = _get_all(context, project_id if isinstance(project_id, str)
                        else None, instance_uuids=_uuid_filter(filters))
        objs = [br for br in (BuildRequest._from_db(context, r)
                              for r in rows) if _passes(br.instance, filters)]
        objs = _page(_sort(objs, sort_keys, sort_dirs), limit, marker)
        return cls(context, objects=objs)
