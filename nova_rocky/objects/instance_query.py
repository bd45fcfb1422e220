"""Database access of Instance and InstanceList (cell database).

Lists load their optional attributes in batch: one query per attribute for
the whole page (``load_extras``), never one per instance.
"""

import datetime

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import timeutils
import sqlalchemy as sa

from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import instance_fault

_I = models.Instance
_EXTRA = models.InstanceExtra
_META = models.InstanceMetadata
_SYSMETA = models.InstanceSystemMetadata
_CACHE = models.InstanceInfoCache
_FAULT = models.InstanceFault

SOFT_DELETED = 'soft-delete'
DELETING = 'deleting'
# Filters matched exactly (a list/tuple/set value means "any of").
_EXACT = {'project_id': 'project_id', 'user_id': 'user_id', 'host': 'host',
          'node': 'node', 'uuid': 'uuid', 'vm_state': 'vm_state',
          'task_state': 'task_state', 'power_state': 'power_state',
          'image': 'image_ref', 'image_ref': 'image_ref',
          'flavor': 'instance_type_id', 'instance_type_id': 'instance_type_id',
          'availability_zone': 'availability_zone', 'key_name': 'key_name',
          'reservation_id': 'reservation_id', 'locked': 'locked'}
# Filters matched as case-insensitive regular expressions.
_REGEX = {'name': 'display_name', 'display_name': 'display_name',
          'hostname': 'hostname'}


def match(query, column, value):
    """Filter ``column`` equal to ``value`` (any of, for a collection)."""
    if not isinstance(value, (list, tuple, set, frozenset)):
        return query.filter(column.is_(None) if value is None
                            else column == value)
    values = [v for v in value if v is not None]
    clause = column.in_(values)
    if len(values) != len(value):
        clause = sa.or_(clause, column.is_(None))
    return query.filter(clause)


def _regex(query, column, pattern):
    dialect = query.session.get_bind().dialect.name
    if dialect == 'sqlite':
        return query.filter(column.regexp_match('(?i)' + pattern))
    return query.filter(column.regexp_match(pattern, flags='i'))


def _as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return timeutils.normalize_time(timeutils.parse_isotime(value))


def _deleted_filter(context, query, filters):
    if 'deleted' not in filters:
        mode = context.read_deleted
        if mode == 'no':
            return query.filter(_I.deleted == 0)
        return query.filter(_I.deleted != 0) if mode == 'only' else query
    if filters['deleted']:
        gone = _I.deleted != 0
        if filters.get('soft_deleted', True):
            gone = sa.or_(gone, _I.vm_state == SOFT_DELETED)
        return query.filter(gone)
    query = query.filter(_I.deleted == 0)
    if not filters.get('soft_deleted', False):
        query = query.filter(sa.or_(_I.vm_state != SOFT_DELETED,
                                    _I.vm_state.is_(None)))
    return query


def _apply_filters(context, query, filters):
    query = _deleted_filter(context, query, filters)
    for key, column in _EXACT.items():
        if key in filters:
            query = match(query, getattr(_I, column), filters[key])
    for key, column in _REGEX.items():
        if filters.get(key):
            query = _regex(query, getattr(_I, column), str(filters[key]))
    since = filters.get('changes-since', filters.get('changes_since'))
    if since:
        query = query.filter(_I.updated_at >= _as_datetime(since))
    before = filters.get('changes-before', filters.get('changes_before'))
    if before:
        query = query.filter(_I.updated_at <= _as_datetime(before))
    if 'cleaned' in filters:
        query = query.filter(_I.cleaned == int(bool(filters['cleaned'])))
    return query


def _sort_params(sort_keys, sort_dirs):
    keys = list(sort_keys or [])
    dirs = list(sort_dirs or [])
    default_dir = dirs[0] if dirs else 'desc'
    dirs += [default_dir] * (len(keys) - len(dirs))
    for key in ('created_at', 'id'):
        if key not in keys:
            keys.append(key)
            dirs.append(default_dir)
    return keys, dirs


@db_api.cell_reader
def get_all(context, filters, sort_keys, sort_dirs, limit, marker,
            expected_attrs):
    """(rows, extras) of the instances matching ``filters``."""
    query = _apply_filters(context, context.session.query(_I), filters)
    marker_row = None
    if marker is not None:
        marker_row = context.session.query(_I).filter(
            _I.uuid == marker).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    keys, dirs = _sort_params(sort_keys, sort_dirs)
    try:
        query = sqlalchemyutils.paginate_query(
            query, _I, limit, keys, marker=marker_row, sort_dirs=dirs)
    except db_exc.InvalidSortKey as e:
        raise exception.InvalidInput(reason=str(e))
    rows = query.all()
    return rows, load_extras(context.session, rows, expected_attrs)


@db_api.cell_reader
def get_one(context, expected_attrs, **by):
    """(row, extras) of the instance with ``uuid=`` or ``id=``."""
    query = _deleted_filter(context, context.session.query(_I), {})
    row = query.filter_by(**by).first()
    if row is None:
        raise exception.InstanceNotFound(
            instance_id=by.get('uuid', by.get('id')))
    return row, load_extras(context.session, [row], expected_attrs)


def _rows_of(session, model, rows):
    """Rows of ``model`` belonging to ``rows``; deleted instances keep
    their (soft-deleted) rows, live ones only their live rows."""
    uuids = [r.uuid for r in rows]
    gone = [r.uuid for r in rows if r.deleted]
    live = model.deleted == 0
    if gone:
        live = sa.or_(live, model.instance_uuid.in_(gone))
    query = session.query(model).filter(model.instance_uuid.in_(uuids), live)
    return query.all()


def _key_values(session, model, rows):
    result = {r.uuid: {} for r in rows}
    for item in _rows_of(session, model, rows):
        result[item.instance_uuid][item.key] = item.value
    return result


def load_extras(session, rows, expected_attrs):
    """{attr: {instance_uuid: value}} for each expected attribute.

    flavor: the instance_extra.flavor JSON; metadata / system_metadata:
    dicts; info_cache and fault: rows (or absent).
    """
    attrs = set(expected_attrs or ())
    extras = {}
    if not rows:
        return extras
    if 'flavor' in attrs:
        extras['flavor'] = {e.instance_uuid: e.flavor for e in
                            _rows_of(session, _EXTRA, rows)}
    if 'metadata' in attrs:
        extras['metadata'] = _key_values(session, _META, rows)
    if 'system_metadata' in attrs:
        extras['system_metadata'] = _key_values(session, _SYSMETA, rows)
    if 'info_cache' in attrs:
        extras['info_cache'] = {c.instance_uuid: c for c in
                                _rows_of(session, _CACHE, rows)}
    if 'fault' in attrs:
        faults = instance_fault.latest_fault_rows(session,
                                                  [r.uuid for r in rows])
        extras['fault'] = {f.instance_uuid: f for f in faults}
    return extras


@db_api.cell_writer
def create(context, values, flavor_json, metadata, system_metadata,
           network_info_json):
    """Insert the instance with its extra, metadata and info cache rows."""
    session = context.session
    row = _I(**values)
    session.add(row)
    try:
        session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.ObjectActionError(
            action='create', reason='instance %s exists' % values['uuid'])
    uuid = values['uuid']
    session.add(_EXTRA(instance_uuid=uuid, flavor=flavor_json))
    for model, items in ((_META, metadata), (_SYSMETA, system_metadata)):
        for key, value in (items or {}).items():
            session.add(model(instance_uuid=uuid, key=key, value=value))
    session.add(_CACHE(instance_uuid=uuid, network_info=network_info_json))
    session.flush()
    return row


def _raise_conflict(session, uuid, expected):
    row = session.query(_I).filter_by(uuid=uuid, deleted=0).first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    wanted = expected.get('task_state')
    if wanted is not None and row.task_state not in wanted:
        cls = (exception.UnexpectedDeletingTaskStateError
               if row.task_state == DELETING
               else exception.UnexpectedTaskStateError)
        raise cls(instance_uuid=uuid, expected=list(wanted),
                  actual=row.task_state)
    raise exception.UnexpectedVMStateError(
        instance_uuid=uuid, expected=list(expected.get('vm_state') or []),
        actual=row.vm_state)


def _sync_key_values(session, model, uuid, wanted):
    now = timeutils.utcnow()
    current = {r.key: r for r in session.query(model).filter_by(
        instance_uuid=uuid, deleted=0)}
    for key, row in current.items():
        if key not in wanted:
            row.deleted = row.id
            row.deleted_at = now
        elif row.value != wanted[key]:
            row.value = wanted[key]
    for key in set(wanted) - set(current):
        session.add(model(instance_uuid=uuid, key=key, value=wanted[key]))


@db_api.cell_writer
def update(context, uuid, values, expected, metadata=None,
           system_metadata=None, flavor_json=None):
    """Compare-and-swap update of one instance and its extras.

    ``expected`` maps task_state / vm_state to the allowed current values;
    when the row does not match, UnexpectedTaskStateError (or
    UnexpectedVMStateError / InstanceNotFound) is raised and nothing is
    written.
    """
    session = context.session
    query = session.query(_I).filter(_I.uuid == uuid, _I.deleted == 0)
    for column, allowed in expected.items():
        query = match(query, getattr(_I, column), allowed)
    if not query.update(values, synchronize_session=False):
        _raise_conflict(session, uuid, expected)
    if metadata is not None:
        _sync_key_values(session, _META, uuid, metadata)
    if system_metadata is not None:
        _sync_key_values(session, _SYSMETA, uuid, system_metadata)
    if flavor_json is not None:
        session.query(_EXTRA).filter_by(instance_uuid=uuid).update(
            {'flavor': flavor_json}, synchronize_session=False)


@db_api.cell_writer
def destroy(context, uuid):
    """Soft-delete the instance and its dependent rows; its deleted_at."""
    session = context.session
    now = timeutils.utcnow()
    count = session.query(_I).filter_by(uuid=uuid, deleted=0).update(
        {'deleted': _I.id, 'deleted_at': now,
         'updated_at': _I.updated_at}, synchronize_session=False)
    if not count:
        raise exception.InstanceNotFound(instance_id=uuid)
    for model in (_EXTRA, _META, _SYSMETA, _CACHE, _FAULT):
        session.query(model).filter_by(instance_uuid=uuid, deleted=0).update(
            {'deleted': model.id, 'deleted_at': now},
            synchronize_session=False)
    return now
