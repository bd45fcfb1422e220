"""nova-status upgrade check: each check, and the exit status end to end."""

import datetime
import json
import os

import fixtures
from keystoneauth1 import exceptions as ks_exc
from oslo_upgradecheck import upgradecheck
from oslo_utils import timeutils

from nova_rocky.cmd import status
from nova_rocky.db import migration
from nova_rocky import objects
from nova_rocky.tests.unit.cmd import helpers

Code = upgradecheck.Code


class CellsV2CheckTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.cmds = status.UpgradeCommands()

    def test_no_cells(self):
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('simple_cell_setup', result.details)

    def test_no_cell0(self):
        self.map_cell1()
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('map_cell0', result.details)

    def test_only_cell0(self):
        self.map_cell0()
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('create_cell', result.details)

    def test_fresh_install_without_computes(self):
        self.map_cell0()
        self.map_cell1()
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.SUCCESS, result.code)
        self.assertIn('discover_hosts', result.details)

    def test_unmapped_computes(self):
        self.map_cell0()
        cell1 = self.map_cell1()
        self.make_node(cell1, 'h1')
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('compute nodes', result.details)
        objects.HostMapping(self.ctxt, host='h1', cell_mapping=cell1).create()
        self.assertEqual(Code.SUCCESS, self.cmds._check_cells_v2().code)

    def test_unreadable_cell(self):
        self.map_cell0()
        objects.CellMapping(
            self.ctxt, uuid='8f3a4b2c-1d5e-4f60-9a7b-0c1d2e3f4a5b',
            name='gone', transport_url='fake://',
            database_connection='mysql+pymysql://u:pw@127.0.0.1:1/x'
        ).create()
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('Cannot read the database of cell gone', result.details)
        self.assertNotIn(':pw@', result.details)

    def test_api_database_not_set(self):
        self.flags.config(group='api_database', connection=None)
        result = self.cmds._check_cells_v2()
        self.assertEqual(Code.FAILURE, result.code)


class ComputeServicesCheckTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.cmds = status.UpgradeCommands()
        self.map_cell0()
        self.cell1 = self.map_cell1()
        self.flags.config(service_down_time=60)

    def _service(self, host, age):
        seen = timeutils.utcnow() - datetime.timedelta(seconds=age)
        self.make_service(self.cell1, host, last_seen_up=seen)

    def test_no_compute_is_a_warning(self):
        self.make_service(self.cell1, 'c1', binary='nova-conductor')
        result = self.cmds._check_compute_services()
        self.assertEqual(Code.WARNING, result.code)

    def test_all_up(self):
        self._service('h1', 5)
        self.assertEqual(Code.SUCCESS,
                         self.cmds._check_compute_services().code)

    def test_some_down(self):
        self._service('h1', 5)
        self._service('h2', 600)
        result = self.cmds._check_compute_services()
        self.assertEqual(Code.WARNING, result.code)
        self.assertIn('h2', result.details)

    def test_all_down(self):
        self._service('h1', 600)
        result = self.cmds._check_compute_services()
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('h1', result.details)


class PlacementCheckTest(helpers.DatabaseTestCase):

    def _check(self, versions=None, error=None):
        def fake_versions(cmds):
            if error is not None:
                raise error
            return {'versions': [{'id': 'v1.0', 'max_version': versions,
                                  'min_version': '1.0'}]}

        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.cmd.status.UpgradeCommands._placement_versions',
            fake_versions))
        return status.UpgradeCommands()._check_placement()

    def test_recent_enough(self):
        self.assertEqual(Code.SUCCESS, self._check('1.39').code)
        self.assertEqual(Code.SUCCESS, self._check('1.28').code)

    def test_too_old(self):
        result = self._check('1.27')
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('1.28', result.details)

    def test_no_credentials(self):
        result = self._check(error=ks_exc.MissingAuthPlugin())
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('No credentials', result.details)

    def test_anything_else_is_a_failure_not_a_crash(self):
        result = self._check(error=ImportError('no report client yet'))
        self.assertEqual(Code.FAILURE, result.code)
        self.assertIn('no report client yet', result.details)


class DeprecatedOptionsCheckTest(helpers.DatabaseTestCase):

    def test_unset(self):
        self.assertEqual(Code.SUCCESS, status.UpgradeCommands().
                         _check_deprecated_options().code)

    def test_set_in_a_file_of_an_unregistered_group(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        path = helpers.write_conf(
            tmp, '[libvirt]\nenabled_perf_events = cmt,mbml\n')
        self.flags.conf([], project='nova', default_config_files=[path])
        result = status.UpgradeCommands()._check_deprecated_options()
        self.assertEqual(Code.WARNING, result.code)
        self.assertIn('[libvirt]enabled_perf_events', result.details)


class StatusCommandTest(helpers.DatabaseTestCase):
    """The real program, in a subprocess (its own database facade)."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.api_url = 'sqlite:///%s' % os.path.join(self.tmp, 'api.sqlite')

    def test_no_cells_exits_2(self):
        migration.db_sync('api', self.api_url)
        conf = helpers.write_conf(self.tmp, '[api_database]\nconnection = '
                                  '%s\n' % self.api_url)
        proc = helpers.run(['-m', 'nova_rocky.cmd.status', '--config-file',
                            conf, 'upgrade', 'check', '--json'])
        self.assertEqual(2, proc.returncode, proc.stderr)
        checks = {c['check']: c for c in
                  json.loads(proc.stdout.strip().splitlines()[-1])['checks']}
        self.assertEqual({'Cells v2', 'Placement API', 'Compute services',
                          'Deprecated options'}, set(checks))
        self.assertEqual(Code.FAILURE, checks['Cells v2']['result'])
        self.assertEqual(Code.SUCCESS, checks['Deprecated options']['result'])
