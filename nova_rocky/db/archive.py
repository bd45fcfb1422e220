"""Move soft-deleted rows of a cell database into shadow tables; purge them.

``nova-manage db archive_deleted_rows`` and ``db purge`` run on these
functions, one cell database at a time (they take its URL, as a cell
mapping stores it).

* ``archive(url, max_rows)`` moves rows whose ``deleted`` column is set
  into ``shadow_<table>``, in batches of at most ``max_rows`` rows chosen
  per table, parents before children. A row always moves together with
  every row that points at it through a foreign key (a server's extra,
  metadata, faults, actions and their events), whatever their own
  ``deleted`` flag says: the live tables never keep an orphan and a
  deleted server's history stays readable in one place. The moved rows
  count towards ``max_rows``, so a batch may end a little over it.
* ``purge(url, before)`` deletes shadow rows, all of them or those that
  became history (``deleted_at``, else ``updated_at``, else
  ``created_at``) before a date.
* ``forget_instances(api_url, uuids)`` drops the API database records of
  archived servers (mappings, request specs, build requests, group
  membership).

Shadow tables are created on first use and gain any column a later
migration added to their live table, so archiving never has to wait for a
schema change of its own; they have the live table's columns, its primary
key and nothing else (no unique keys or foreign keys, which history must
not be bound by).
"""

import collections

from alembic import migration as alembic_migration
from alembic import operations as alembic_operations
import sqlalchemy as sa
from sqlalchemy import pool as sa_pool

from nova_rocky.db.models import api as api_models
from nova_rocky.db.models import main as main_models

SHADOW_PREFIX = 'shadow_'
#: Largest --max_rows (the rows of one batch are selected by LIMIT).
MAX_INT = 0x7FFFFFFF
# Rows handled per statement: keeps IN lists well inside every backend's
# limits on bound parameters.
_CHUNK = 500
_TIME_COLUMNS = ('deleted_at', 'updated_at', 'created_at')

CELL_TABLES = main_models.BASE.metadata
API_TABLES = api_models.BASE.metadata


def _engine(url):
    return sa.create_engine(url, poolclass=sa_pool.NullPool)


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _shadow_type(column_type):
    # An Enum is a named type on PostgreSQL that belongs to the live
    # table; history keeps the value as plain text.
    if isinstance(column_type, sa.Enum):
        return sa.String(max(len(value) for value in column_type.enums))
    return column_type


def _shadow_column(column):
    return sa.Column(column.name, _shadow_type(column.type),
                     primary_key=column.primary_key, autoincrement=False,
                     nullable=not column.primary_key)


def shadow_table(table, metadata=None):
    """The description of ``table``'s shadow table (not created)."""
    return sa.Table(SHADOW_PREFIX + table.name, metadata or sa.MetaData(),
                    *[_shadow_column(column) for column in table.columns])


def ensure_shadow_tables(connection):
    """Create or complete the shadow tables; {table name: shadow Table}."""
    inspector = sa.inspect(connection)
    existing = set(inspector.get_table_names())
    operations = alembic_operations.Operations(
        alembic_migration.MigrationContext.configure(connection))
    metadata = sa.MetaData()
    shadows = {}
    for table in CELL_TABLES.sorted_tables:
        shadow = shadow_table(table, metadata)
        if shadow.name not in existing:
            shadow.create(connection)
        else:
            present = {column['name']
                       for column in inspector.get_columns(shadow.name)}
            for column in shadow.columns:
                if column.name not in present:
                    operations.add_column(shadow.name, sa.Column(
                        column.name, column.type, nullable=True))
        shadows[table.name] = shadow
    return shadows


def _referencing(table):
    """(child table, its column, ``table``'s column) per foreign key."""
    for child in CELL_TABLES.sorted_tables:
        for foreign_key in child.foreign_keys:
            if foreign_key.column.table is table:
                yield child, foreign_key.parent, foreign_key.column


def _move(connection, shadows, table, condition, moved):
    """Move the rows of ``table`` matching ``condition``, children first."""
    key = table.primary_key.columns.values()[0]
    ids = connection.execute(sa.select(key).where(condition)).scalars()
    for chunk in _chunks(ids.all()):
        selected = key.in_(chunk)
        for child, child_column, parent_column in _referencing(table):
            _move(connection, shadows, child, child_column.in_(
                sa.select(parent_column).where(selected)), moved)
        shadow = shadows[table.name]
        connection.execute(shadow.insert().from_select(
            [column.name for column in table.columns],
            sa.select(*table.columns).where(selected)))
        connection.execute(table.delete().where(selected))
        moved[table.name] += len(chunk)


def archive(url, max_rows):
    """Archive up to about ``max_rows`` rows of the cell database at ``url``.

    Returns ({table name: rows moved}, [uuids of archived instances]);
    empty when there was nothing to archive. Each table's batch is one
    transaction: an interrupted run loses nothing and the next run goes on.
    """
    engine = _engine(url)
    moved = collections.Counter()
    instance_uuids = []
    try:
        with engine.begin() as connection:
            shadows = ensure_shadow_tables(connection)
        for table in CELL_TABLES.sorted_tables:
            remaining = max_rows - sum(moved.values())
            if remaining <= 0:
                break
            if 'deleted' not in table.c:
                continue
            with engine.begin() as connection:
                key = table.primary_key.columns.values()[0]
                ids = connection.execute(
                    sa.select(key).where(table.c.deleted != 0)
                    .order_by(key).limit(remaining)).scalars().all()
                if not ids:
                    continue
                if table.name == 'instances':
                    instance_uuids.extend(connection.execute(
                        sa.select(table.c.uuid).where(key.in_(ids)))
                        .scalars())
                _move(connection, shadows, table, key.in_(ids), moved)
    finally:
        engine.dispose()
    return dict(moved), instance_uuids


def forget_instances(api_url, instance_uuids):
    """Delete the API database rows of archived instances; {table: rows}."""
    removed = {}
    if not instance_uuids:
        return removed
    engine = _engine(api_url)
    try:
        with engine.begin() as connection:
            for table in reversed(API_TABLES.sorted_tables):
                if 'instance_uuid' not in table.c:
                    continue
                count = 0
                for chunk in _chunks(instance_uuids):
                    count += connection.execute(table.delete().where(
                        table.c.instance_uuid.in_(chunk))).rowcount
                if count:
                    removed[table.name] = count
    finally:
        engine.dispose()
    return removed


def purge(url, before=None):
    """Delete shadow rows at ``url`` (older than ``before``, or all).

    ``before`` is a naive UTC datetime. Returns {shadow table: rows}
    for the tables that lost rows.
    """
    engine = _engine(url)
    deleted = {}
    try:
        with engine.begin() as connection:
            inspector = sa.inspect(connection)
            existing = set(inspector.get_table_names())
            for table in reversed(CELL_TABLES.sorted_tables):
                name = SHADOW_PREFIX + table.name
                if name not in existing:
                    continue
                present = [column['name']
                           for column in inspector.get_columns(name)]
                shadow = sa.table(name, *[sa.column(column)
                                          for column in present])
                statement = shadow.delete()
                if before is not None:
                    stamps = [shadow.c[column] for column in _TIME_COLUMNS
                              if column in present]
                    if not stamps:
                        continue
                    # SQLite's coalesce() wants two arguments at least.
                    age = (sa.func.coalesce(*stamps) if len(stamps) > 1
                           else stamps[0])
                    statement = statement.where(age < before)
                count = connection.execute(statement).rowcount
                if count:
                    deleted[name] = count
    finally:
        engine.dispose()
    return deleted
