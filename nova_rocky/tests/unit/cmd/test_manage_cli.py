"""The nova-manage program itself, in subprocesses on temporary SQLite files.

Each run is a fresh process, as for an operator: oslo.db's global
transaction contexts can be configured once per process only.
"""

import os

import fixtures
import sqlalchemy as sa
import testtools

from nova_rocky.db import migration
from nova_rocky.tests.unit.cmd import helpers

MQ = 'rabbit://nova:mqsecret@mq1:5672/'


class ManageCommandTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.api_url = self._url('api.sqlite')
        self.cell_url = self._url('nova.sqlite')
        self.conf = helpers.write_conf(self.tmp, (
            '[DEFAULT]\ntransport_url = %s\n'
            '[api_database]\nconnection = %s\n'
            '[database]\nconnection = %s\n')
            % (MQ, self.api_url, self.cell_url))

    def _url(self, name):
        return 'sqlite:///%s' % os.path.join(self.tmp, name)

    def manage(self, *args):
        return helpers.run(['-m', 'nova_rocky.cmd.manage', '--config-file',
                            self.conf] + list(args))

    def test_unmigrated_api_database_says_which_sync(self):
        # An empty file: reachable, but no schema.
        sa.create_engine(self.api_url).connect().close()
        proc = self.manage('cell_v2', 'list_cells')
        self.assertEqual(255, proc.returncode)
        self.assertIn('nova-manage api_db sync', proc.stderr)
        self.assertNotIn('Traceback', proc.stderr)

    def test_missing_api_database(self):
        proc = self.manage('cell_v2', 'list_cells')
        self.assertEqual(255, proc.returncode)
        self.assertIn('Cannot reach the API database', proc.stderr)
        self.assertNotIn('Traceback', proc.stderr)

    def test_api_db_sync_fresh_database(self):
        proc = self.manage('api_db', 'sync')
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertTrue(migration.is_synced('api', self.api_url))
        proc = self.manage('api_db', 'version')
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertIn(migration.head_version('api'), proc.stdout)

    def test_cell_setup_flow(self):
        self.assertEqual(0, self.manage('api_db', 'sync').returncode)
        proc = self.manage('cell_v2', 'map_cell0')
        self.assertEqual(0, proc.returncode, proc.stderr)
        # db sync migrates [database] and the mapped cell0.
        proc = self.manage('db', 'sync')
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertTrue(migration.is_synced('main', self.cell_url))
        self.assertTrue(migration.is_synced(
            'main', self._url('nova_cell0.sqlite')))

        proc = self.manage('cell_v2', 'create_cell', '--name', 'cell1')
        self.assertEqual(0, proc.returncode, proc.stderr)
        cell_uuid = proc.stdout.strip().splitlines()[-1]
        proc = self.manage('cell_v2', 'create_cell', '--name', 'again')
        self.assertEqual(2, proc.returncode, proc.stdout)

        proc = self.manage('cell_v2', 'list_cells')
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertIn(cell_uuid, proc.stdout)
        self.assertIn('rabbit://nova:****@mq1:5672/', proc.stdout)
        self.assertNotIn('mqsecret', proc.stdout)

        proc = self.manage('cell_v2', 'discover_hosts', '--strict')
        self.assertEqual(1, proc.returncode, proc.stdout + proc.stderr)
        proc = self.manage('cell_v2', 'verify_instance', '--uuid',
                           '7a8d64b1-3c0e-4c55-9e0a-6b1f0d2c3e4f')
        self.assertEqual(1, proc.returncode, proc.stdout + proc.stderr)

    def test_usage_error(self):
        proc = self.manage('cell_v2', 'delete_cell')  # --cell_uuid missing
        self.assertEqual(2, proc.returncode)
        self.assertIn('--cell_uuid', proc.stderr)
