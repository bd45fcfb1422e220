"""nova-manage db archive_deleted_rows / db purge.

``ArchiveActionTest`` calls the actions in-process on the test databases
(cell1 is the fixture's cell database, cell0 a migrated file of its own);
``ArchiveProgramTest`` runs the program as an operator does, in fresh
processes on temporary SQLite files set up by nova-manage itself.
"""

import datetime

import fixtures
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from nova_rocky.cmd import manage_db
from nova_rocky import context
from nova_rocky.db import archive
from nova_rocky.db import migration
from nova_rocky.db.models import main as main_models
from nova_rocky import objects
from nova_rocky.tests.unit.cmd import helpers

T = main_models.BASE.metadata.tables
MQ = 'rabbit://nova:mqsecret@mq1:5672/'
# nova-manage processes compete with every other test on a loaded machine.
TIMEOUT = 300


def _deleted_instance(engine, api_engine, deleted_at=None):
    """A soft-deleted server with an action, mapped in the API database."""
    uuid = uuidutils.generate_uuid()
    with engine.begin() as conn:
        row_id = conn.execute(T['instances'].insert().values(
            uuid=uuid, project_id='p1', user_id='u1')
        ).inserted_primary_key[0]
        conn.execute(T['instance_actions'].insert().values(
            instance_uuid=uuid, action='create'))
        conn.execute(T['instances'].update().where(
            T['instances'].c.id == row_id).values(
            deleted=row_id,
            deleted_at=deleted_at or datetime.datetime.utcnow()))
    with api_engine.begin() as conn:
        conn.execute(sa.text(
            'INSERT INTO instance_mappings (instance_uuid, project_id) '
            'VALUES (:uuid, :project)'), {'uuid': uuid, 'project': 'p1'})
    return uuid


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            'SELECT count(*) FROM %s' % table)).scalar()


class ArchiveActionTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_db.DbCommands()
        self.cell1 = self.map_cell1()
        tmp = self.useFixture(fixtures.TempDir()).path
        cell0_url = 'sqlite:///%s/cell0.sqlite' % tmp
        migration.db_sync('main', cell0_url)
        objects.CellMapping(self.ctxt, uuid=context.CELL0_UUID, name='cell0',
                            transport_url='none:///',
                            database_connection=cell0_url).create()
        self.cell = self._engine(self.db.cell_url)
        self.cell0 = self._engine(cell0_url)
        self.api = self._engine(self.db.api_url)
        # The fixture empties the model tables between tests; the shadow
        # tables are this test's to empty.
        self.addCleanup(archive.purge, self.db.cell_url)

    def _engine(self, url):
        engine = sa.create_engine(url)
        self.addCleanup(engine.dispose)
        return engine

    def _deleted(self, engine=None, deleted_at=None):
        return _deleted_instance(engine or self.cell, self.api, deleted_at)

    # -- archive_deleted_rows ----------------------------------------------

    def test_nothing_to_archive_exits_0(self):
        self.assertEqual(0, self.commands.archive_deleted_rows(verbose=True))
        self.assertIn('Nothing was archived.', self.output())

    def test_archive_across_cells_exits_1(self):
        self._deleted()
        self._deleted(self.cell0)
        self.assertEqual(1, self.commands.archive_deleted_rows(verbose=True))
        out = self.output()
        self.assertIn('Number of Rows Archived', out)
        self.assertRegex(out, r'cell0\.instances\s+\|\s+1 ')
        self.assertRegex(out, r'cell1\.instances\s+\|\s+1 ')
        self.assertRegex(out, r'API_DB\.instance_mappings\s+\|\s+2 ')
        for engine in (self.cell, self.cell0):
            self.assertEqual(0, _count(engine, 'instances'))
            self.assertEqual(1, _count(engine, 'shadow_instances'))
            self.assertEqual(1, _count(engine, 'shadow_instance_actions'))
        self.assertEqual(0, _count(self.api, 'instance_mappings'))
        self.assertEqual(0, self.commands.archive_deleted_rows())

    def test_until_complete_with_small_batches(self):
        for _i in range(3):
            self._deleted()
        self.assertEqual(1, self.commands.archive_deleted_rows(
            max_rows=1, until_complete=True, verbose=True))
        out = self.output()
        self.assertIn('Archiving', out)
        self.assertIn('complete', out)
        self.assertRegex(out, r'cell1\.instances\s+\|\s+3 ')
        self.assertEqual(0, _count(self.cell, 'instances'))

    def test_one_batch_without_until_complete(self):
        for _i in range(3):
            self._deleted()
        self.assertEqual(1, self.commands.archive_deleted_rows(max_rows=1))
        self.assertEqual(2, _count(self.cell, 'instances'))

    def test_archive_and_purge(self):
        self._deleted()
        self.assertEqual(1, self.commands.archive_deleted_rows(
            purge=True, verbose=True))
        self.assertIn('running purge', self.output())
        self.assertEqual(0, _count(self.cell, 'shadow_instances'))

    def test_bad_max_rows_exits_2(self):
        for value in (0, -5, 2 ** 31):
            self.assertEqual(2, self.commands.archive_deleted_rows(
                max_rows=value))

    def test_unreachable_cell_exits_3(self):
        objects.CellMapping(
            self.ctxt, uuid=uuidutils.generate_uuid(), name='cell2',
            transport_url='none:///',
            database_connection='sqlite:////nonexistent/cell2.db').create()
        self.assertEqual(3, self.commands.archive_deleted_rows())
        self.assertIn('Cannot reach the cell cell2 database', self.output())

    # -- purge ----------------------------------------------------------------

    def test_purge_needs_all_or_before(self):
        self.assertEqual(1, self.commands.purge())
        self.assertIn('Either --before or --all is required', self.output())

    def test_purge_bad_date_exits_2(self):
        self.assertEqual(2, self.commands.purge(before='not a date at all'))
        self.assertIn('Invalid value for --before', self.output())

    def test_purge_nothing_exits_3(self):
        self.assertEqual(3, self.commands.purge(purge_all=True))

    def test_purge_local_cell_before_a_date(self):
        self._deleted(deleted_at=datetime.datetime(2018, 3, 1))
        self._deleted(deleted_at=datetime.datetime(2018, 9, 1))
        self.assertEqual(1, self.commands.archive_deleted_rows())
        self.assertEqual(0, self.commands.purge(before='2018-06-01',
                                                verbose=True))
        self.assertRegex(self.output(), r'DB\.shadow_instances\s+\|\s+1 ')
        self.assertEqual(1, _count(self.cell, 'shadow_instances'))
        # A zone is honoured: 2018-09-01T00:00+02:00 is still August, UTC.
        self.assertEqual(3, self.commands.purge(
            before='2018-09-01T01:00:00+02:00'))

    def test_purge_all_cells(self):
        self._deleted()
        self._deleted(self.cell0)
        self.assertEqual(1, self.commands.archive_deleted_rows())
        self.output()
        self.assertEqual(0, self.commands.purge(
            purge_all=True, all_cells=True, verbose=True))
        out = self.output()
        self.assertIn('cell0.shadow_instances', out)
        self.assertIn('cell1.shadow_instances', out)
        for engine in (self.cell, self.cell0):
            self.assertEqual(0, _count(engine, 'shadow_instances'))

    def test_purge_all_cells_without_api_database_exits_4(self):
        self.flags.config(group='api_database', connection=None)
        self.assertEqual(4, self.commands.purge(purge_all=True,
                                                all_cells=True))


class ArchiveProgramTest(testtools.TestCase):
    """The program: argument parsing, exit status, messages."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.conf = helpers.write_conf(self.tmp, (
            '[DEFAULT]\ntransport_url = %s\n'
            '[api_database]\nconnection = sqlite:///%s/api.sqlite\n'
            '[database]\nconnection = sqlite:///%s/nova.sqlite\n')
            % (MQ, self.tmp, self.tmp))

    def manage(self, *args):
        proc = helpers.run(['-m', 'nova_rocky.cmd.manage', '--config-file',
                            self.conf] + list(args), timeout=TIMEOUT)
        self.assertNotIn('Traceback', proc.stdout + proc.stderr)
        return proc

    def _engine(self, name):
        engine = sa.create_engine('sqlite:///%s/%s' % (self.tmp, name))
        self.addCleanup(engine.dispose)
        return engine

    def test_operator_flow(self):
        for command in (['api_db', 'sync'], ['db', 'sync'],
                        ['cell_v2', 'create_cell', '--name', 'cell1']):
            proc = self.manage(*command)
            self.assertEqual(0, proc.returncode, proc.stdout + proc.stderr)
        cell, api = self._engine('nova.sqlite'), self._engine('api.sqlite')
        for _i in range(2):
            _deleted_instance(cell, api)
        proc = self.manage('db', 'archive_deleted_rows', '--max_rows', '1',
                           '--until-complete', '--verbose', '--purge')
        self.assertEqual(1, proc.returncode, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, r'cell1\.instances\s+\|\s+2 ')
        self.assertEqual(0, _count(cell, 'instances'))
        self.assertEqual(0, _count(cell, 'shadow_instances'))

        proc = self.manage('db', 'archive_deleted_rows', '--max_rows', 'x')
        self.assertEqual(2, proc.returncode)  # argparse: not a number
        proc = self.manage('db', 'purge', '--before', 'yesterday-ish?')
        self.assertEqual(2, proc.returncode, proc.stdout)

        # An unmigrated cell database: the message names the sync to run.
        with cell.begin() as conn:
            conn.execute(sa.text('DELETE FROM alembic_version'))
        proc = self.manage('db', 'archive_deleted_rows')
        self.assertEqual(3, proc.returncode, proc.stderr)
        self.assertIn('nova-manage db sync', proc.stdout)
        self.assertIn('cell1', proc.stdout)

    def test_unsynced_api_database_exits_3(self):
        proc = self.manage('db', 'archive_deleted_rows')
        self.assertEqual(3, proc.returncode, proc.stderr)
        self.assertIn('run "nova-manage api_db sync"', proc.stdout)
