"""Start-up of the daemons: reachability, the service loop, no eventlet."""

import os
import threading
from unittest import mock

import fixtures
import sqlalchemy as sa
import testtools

from nova_rocky.cmd import common
from nova_rocky.cmd import compute
from nova_rocky.db import migration
from nova_rocky import rpc
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.unit.cmd import helpers

CLOSED_DB = 'mysql+pymysql://root:dbsecret@127.0.0.1:1/nova'
CLOSED_MQ = 'rabbit://guest:mqsecret@127.0.0.1:1/'


class UnreachableAtStartTest(testtools.TestCase):
    """The real entry points, in subprocesses."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def _start(self, module, conf_text):
        conf = helpers.write_conf(self.tmp, conf_text)
        return helpers.run(['-c', 'import sys; from nova_rocky.cmd import '
                            '%s as m; sys.exit(m.main())' % module,
                            '--config-file', conf])

    def _assert_one_line(self, proc, *needles):
        self.assertNotEqual(0, proc.returncode)
        output = proc.stdout + proc.stderr
        self.assertNotIn('Traceback', output)
        lines = [line for line in output.splitlines() if 'ERROR' in line]
        self.assertEqual(1, len(lines), output)
        for needle in needles:
            self.assertIn(needle, lines[0])
        self.assertNotIn('secret', output)

    def test_conductor_database_unreachable(self):
        proc = self._start('conductor', (
            '[DEFAULT]\ntransport_url = kombu+memory:////\n'
            '[database]\nconnection = %s\n' % CLOSED_DB))
        self._assert_one_line(proc, 'nova-conductor cannot start',
                              'mysql+pymysql://root:****@127.0.0.1:1/nova')

    def test_scheduler_broker_unreachable(self):
        proc = self._start('scheduler',
                           '[DEFAULT]\ntransport_url = %s\n' % CLOSED_MQ)
        self._assert_one_line(proc, 'message broker',
                              'rabbit://guest:****@127.0.0.1:1/')

    def test_compute_never_touches_the_database(self):
        proc = self._start('compute', (
            '[DEFAULT]\ntransport_url = %s\n'
            '[database]\nconnection = %s\n' % (CLOSED_MQ, CLOSED_DB)))
        self._assert_one_line(proc, 'nova-compute cannot start',
                              'message broker')
        self.assertNotIn('database', proc.stdout + proc.stderr)


class ImportsTest(testtools.TestCase):

    def test_services_do_not_import_eventlet(self):
        proc = helpers.run(['-c', (
            'import sys\n'
            'import nova_rocky.cmd.conductor, nova_rocky.cmd.scheduler\n'
            'import nova_rocky.cmd.compute, nova_rocky.cmd.api\n'
            'import nova_rocky.cmd.manage, nova_rocky.cmd.status\n'
            'import nova_rocky.api.wsgi_app\n'
            'print("eventlet=%r" % (sys.modules.get("eventlet"),))\n')])
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertIn('eventlet=None', proc.stdout)


class ProbeTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def test_sqlite(self):
        url = 'sqlite:///%s' % os.path.join(self.tmp, 'x.sqlite')
        reason, revision = common.probe_database(url)
        self.assertIn('no such file', reason)
        self.assertFalse(os.path.exists(url[10:]))  # not created
        sa.create_engine(url).connect().close()
        self.assertEqual((None, None), common.probe_database(url))
        migration.db_sync('api', url)
        self.assertEqual((None, migration.head_version('api')),
                         common.probe_database(url))

    def test_closed_port(self):
        reason, _revision = common.probe_database(CLOSED_DB)
        self.assertIn("Can't connect", reason)
        self.assertEqual(1, len(reason.splitlines()))

    def test_broker_addresses(self):
        self.assertEqual(
            [('h1', 5673), ('::1', 5), ('h3', 5672)],
            common.broker_addresses('rabbit://a:b@h1:5673,a:b@[::1]:5,h3/'))
        self.assertEqual([('localhost', 5672)],
                         common.broker_addresses('rabbit://'))
        self.assertEqual([], common.broker_addresses('kombu+memory:////'))
        self.assertEqual(
            [], common.broker_addresses(rpc.IN_PROCESS_TRANSPORT_URL))
        self.assertEqual([], common.broker_addresses('fake://'))
        self.assertIn('Connection refused', common.probe_broker(CLOSED_MQ))


class CheckReachableTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.log = self.useFixture(fixtures.FakeLogger(
            name='nova_rocky.cmd.common'))

    def test_fail_fast(self):
        self.useFixture(fixtures.MockPatchObject(
            common, 'unreachable', return_value=['db down', 'mq down']))
        exc = self.assertRaises(SystemExit, common.check_reachable, 'prog')
        self.assertEqual(1, exc.code)
        self.assertEqual('prog cannot start: db down; mq down\n',
                         self.log.output)

    def test_retry_with_backoff(self):
        self.flags.config(fail_fast_on_unreachable=False)
        results = [['db down']] * 8 + [[]]
        self.useFixture(fixtures.MockPatchObject(
            common, 'unreachable', side_effect=results))
        sleeps = []
        common.check_reachable('prog', sleep=sleeps.append)
        self.assertEqual([1, 2, 4, 8, 16, 32, 60, 60], sleeps)
        self.assertEqual(8, len(self.log.output.splitlines()))


class FakeService(object):
    def __init__(self, fail=False):
        self.fail = fail
        self.started = self.stopped = False

    def start(self):
        if self.fail:
            raise RuntimeError('no manager for you')
        self.started = True

    def stop(self):
        self.stopped = True


class RunServiceTest(testtools.TestCase):

    def _run(self, fake):
        create = self.useFixture(fixtures.MockPatch(
            'nova_rocky.service.Service.create', return_value=fake)).mock
        stop = threading.Event()
        threading.Timer(0.2, stop.set).start()
        status = common.run_service('nova-conductor', stop_event=stop)
        create.assert_called_once_with('nova-conductor', host=None)
        return status

    def test_clean_stop(self):
        fake = FakeService()
        self.assertEqual(0, self._run(fake))
        self.assertTrue(fake.started)
        self.assertTrue(fake.stopped)

    def test_start_failure_is_one_line(self):
        log = self.useFixture(fixtures.FakeLogger(
            name='nova_rocky.cmd.common'))
        self.assertEqual(1, self._run(FakeService(fail=True)))
        self.assertEqual('nova-conductor failed to start: no manager for '
                         'you\n', log.output)


class ComputeSetupTest(testtools.TestCase):

    def test_indirection_and_database_warning(self):
        flags = self.useFixture(conf_fixture.ConfFixture())
        flags.config(group='database', connection=CLOSED_DB)
        flags.config(group='api_database', connection=None)
        log = self.useFixture(fixtures.FakeLogger(
            name='nova_rocky.cmd.compute'))
        from nova_rocky.objects import base
        self.addCleanup(setattr, base.NovaObject, 'indirection_api',
                        base.NovaObject.indirection_api)
        with mock.patch('nova_rocky.conductor.rpcapi.ConductorAPI') as api:
            compute._use_conductor()
        self.assertIs(api.return_value, base.NovaObject.indirection_api)
        self.assertIn('ignores [database]connection', log.output)
