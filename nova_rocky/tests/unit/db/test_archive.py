"""Archiving soft-deleted rows into shadow tables, and purging them.

Each test migrates its own cell and API databases (SQLite files here;
the same tests run on MariaDB and PostgreSQL scratch databases), writes
rows with plain SQL and checks where they end up.
"""

import datetime
import tempfile

from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from nova_rocky.db import archive
from nova_rocky.db import migration
from nova_rocky.db.models import api as api_models
from nova_rocky.db.models import main as main_models
from nova_rocky.tests.fixtures import backends

T = main_models.BASE.metadata.tables
API = api_models.BASE.metadata.tables
OLD = datetime.datetime(2018, 3, 1, 12, 0, 0)
NEW = datetime.datetime(2018, 9, 1, 12, 0, 0)


class _ArchiveTests(object):

    def _urls(self):
        """(cell URL, API URL) of empty databases."""
        raise NotImplementedError

    def setUp(self):
        super().setUp()
        self.url, self.api_url = self._urls()
        migration.db_sync('main', self.url)
        migration.db_sync('api', self.api_url)
        self.engine = sa.create_engine(self.url)
        self.addCleanup(self.engine.dispose)
        self.api_engine = sa.create_engine(self.api_url)
        self.addCleanup(self.api_engine.dispose)

    # -- rows ---------------------------------------------------------------

    def _insert(self, table, engine=None, **values):
        with (engine or self.engine).begin() as conn:
            result = conn.execute(table.insert().values(**values))
            return result.inserted_primary_key[0]

    def _instance(self, deleted=False, deleted_at=NEW):
        uuid = uuidutils.generate_uuid()
        row_id = self._insert(T['instances'], uuid=uuid, project_id='p1',
                              user_id='u1', vm_state='active',
                              created_at=OLD)
        if deleted:
            with self.engine.begin() as conn:
                conn.execute(T['instances'].update()
                             .where(T['instances'].c.id == row_id)
                             .values(deleted=row_id, deleted_at=deleted_at))
        self._insert(T['instance_extra'], instance_uuid=uuid,
                     created_at=OLD)
        self._insert(T['instance_metadata'], instance_uuid=uuid, key='k',
                     value='v', created_at=OLD)
        action = self._insert(T['instance_actions'], instance_uuid=uuid,
                              action='create', request_id='req-1',
                              created_at=OLD)
        for event in ('compute__do_build_and_run_instance',
                      'schedule_instances'):
            self._insert(T['instance_actions_events'], action_id=action,
                         event=event, result='Success', created_at=OLD)
        self._insert(T['instance_faults'], instance_uuid=uuid, code=500,
                     message='boom', created_at=OLD)
        for name in ('instance_mappings', 'request_specs'):
            values = dict(instance_uuid=uuid, project_id='p1')
            if name == 'request_specs':
                values = dict(instance_uuid=uuid, spec='{}')
            self._insert(API[name], engine=self.api_engine, **values)
        return uuid

    def _count(self, name, engine=None):
        with (engine or self.engine).connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(
                sa.table(name))).scalar()

    # -- archive ------------------------------------------------------------

    def test_nothing_to_archive(self):
        self._instance()
        moved, uuids = archive.archive(self.url, 1000)
        self.assertEqual({}, moved)
        self.assertEqual([], uuids)
        # The shadow tables exist now, empty.
        self.assertEqual(0, self._count('shadow_instances'))

    def test_deleted_instance_moves_with_its_rows(self):
        live = self._instance()
        gone = self._instance(deleted=True)
        moved, uuids = archive.archive(self.url, 1000)
        self.assertEqual([gone], uuids)
        self.assertEqual({'instances': 1, 'instance_extra': 1,
                          'instance_metadata': 1, 'instance_actions': 1,
                          'instance_actions_events': 2,
                          'instance_faults': 1}, moved)
        for name, live_rows in (('instances', 1), ('instance_extra', 1),
                                ('instance_actions_events', 2)):
            self.assertEqual(live_rows, self._count(name))
            self.assertEqual(moved[name], self._count('shadow_' + name))
        with self.engine.connect() as conn:
            shadow = conn.execute(sa.text(
                'SELECT uuid, deleted, project_id FROM shadow_instances'
            )).one()
            self.assertEqual(gone, shadow.uuid)
            self.assertNotEqual(0, shadow.deleted)
            self.assertEqual('p1', shadow.project_id)
            left = conn.execute(sa.select(T['instances'].c.uuid)).scalars()
            self.assertEqual([live], left.all())

    def test_soft_deleted_rows_of_live_instances_and_services(self):
        uuid = self._instance()
        meta_id = self._insert(T['instance_metadata'], instance_uuid=uuid,
                               key='old', value='x')
        service_id = self._insert(T['services'], host='h1',
                                  binary='nova-compute', topic='compute')
        with self.engine.begin() as conn:
            conn.execute(T['instance_metadata'].update()
                         .where(T['instance_metadata'].c.id == meta_id)
                         .values(deleted=meta_id, deleted_at=NEW))
            conn.execute(T['services'].update()
                         .where(T['services'].c.id == service_id)
                         .values(deleted=service_id, deleted_at=NEW))
        moved, uuids = archive.archive(self.url, 1000)
        self.assertEqual({'instance_metadata': 1, 'services': 1}, moved)
        self.assertEqual([], uuids)
        self.assertEqual(1, self._count('instance_metadata'))
        self.assertEqual(1, self._count('instances'))

    def test_max_rows_makes_batches(self):
        for _i in range(3):
            self._instance(deleted=True)
        moved, uuids = archive.archive(self.url, 2)
        # Two servers chosen; their rows come along in the same batch.
        self.assertEqual(2, len(uuids))
        self.assertEqual(2, moved['instances'])
        self.assertEqual(4, moved['instance_actions_events'])
        moved, uuids = archive.archive(self.url, 2)
        self.assertEqual(1, len(uuids))
        self.assertEqual({}, archive.archive(self.url, 2)[0])
        self.assertEqual(3, self._count('shadow_instances'))
        self.assertEqual(0, self._count('instances'))

    def test_forget_instances_in_the_api_database(self):
        keep = self._instance()
        gone = self._instance(deleted=True)
        _moved, uuids = archive.archive(self.url, 1000)
        removed = archive.forget_instances(self.api_url, uuids)
        self.assertEqual({'instance_mappings': 1, 'request_specs': 1},
                         removed)
        with self.api_engine.connect() as conn:
            mapped = conn.execute(sa.select(
                API['instance_mappings'].c.instance_uuid)).scalars().all()
        self.assertEqual([keep], mapped)
        self.assertNotIn(gone, mapped)
        self.assertEqual({}, archive.forget_instances(self.api_url, []))

    def test_shadow_table_gains_new_columns(self):
        # A shadow table made before a migration added a column (here:
        # made by hand without "locked_by") is completed, not broken.
        with self.engine.begin() as conn:
            conn.execute(sa.text('CREATE TABLE shadow_instances '
                                 '(id INTEGER PRIMARY KEY, uuid VARCHAR(36))'))
        uuid = self._instance(deleted=True)
        moved, _uuids = archive.archive(self.url, 1000)
        self.assertEqual(1, moved['instances'])
        with self.engine.connect() as conn:
            row = conn.execute(sa.text(
                'SELECT uuid, locked_by, deleted FROM shadow_instances'
            )).one()
        self.assertEqual(uuid, row.uuid)

    # -- purge --------------------------------------------------------------

    def test_purge_all(self):
        self._instance(deleted=True)
        archive.archive(self.url, 1000)
        deleted = archive.purge(self.url)
        self.assertEqual(1, deleted['shadow_instances'])
        self.assertEqual(2, deleted['shadow_instance_actions_events'])
        self.assertEqual({}, archive.purge(self.url))

    def test_purge_before_a_date(self):
        self._instance(deleted=True, deleted_at=OLD)
        self._instance(deleted=True, deleted_at=NEW)
        archive.archive(self.url, 1000)
        middle = datetime.datetime(2018, 6, 1)
        deleted = archive.purge(self.url, before=middle)
        # The server deleted in March goes, the one of September stays;
        # rows without deleted_at are judged by created_at (March).
        self.assertEqual(1, deleted['shadow_instances'])
        self.assertEqual(1, self._count('shadow_instances'))
        self.assertEqual(4, deleted['shadow_instance_actions_events'])
        self.assertEqual({}, archive.purge(
            self.url, before=datetime.datetime(2000, 1, 1)))

    def test_purge_without_shadow_tables(self):
        self.assertEqual({}, archive.purge(self.url))


class ArchiveSQLiteTest(_ArchiveTests, testtools.TestCase):

    def _urls(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(__import__('shutil').rmtree, tmp, True)
        return ('sqlite:///%s/cell.db' % tmp, 'sqlite:///%s/api.db' % tmp)


class ArchiveMySQLTest(_ArchiveTests, testtools.TestCase):

    def _urls(self):
        server = backends.mysql_server_url()
        return (backends.scratch_database(self, server, 'MariaDB').url,
                backends.scratch_database(self, server, 'MariaDB').url)


class ArchivePostgreSQLTest(_ArchiveTests, testtools.TestCase):

    def _urls(self):
        server = backends.postgres_server_url()
        return (backends.scratch_database(self, server, 'PostgreSQL').url,
                backends.scratch_database(self, server, 'PostgreSQL').url)
