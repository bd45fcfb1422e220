"""KeystoneSupervisor with a stand-in child program.

The child here is a few lines of Python that speak the child's one-line
protocol (``LISTENING <port>``); the real Keystone child is exercised by
the functional tests (test_keystone_child, test_openstack_cli).
"""

import os
import signal
import sys
import time

import fixtures
import testtools

from nova_rocky.allinone.identity import layout as identity_layout
from nova_rocky.allinone.identity import supervisor

_CHILD = ('import sys, time\n'
          'sys.stdout.write("LISTENING %d\\n" % {port}); sys.stdout.flush()\n'
          'time.sleep(600)\n')
_FAILING_CHILD = 'import sys; sys.stderr.write("no keystone here"); ' \
                 'sys.exit(3)'


def _wait(predicate, what, limit=30):
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('gave up waiting for %s' % what)
        time.sleep(0.05)


class SupervisorTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.state = self.useFixture(fixtures.TempDir()).path
        self.layout = identity_layout.KeystoneLayout(self.state)
        self.logger = self.useFixture(fixtures.FakeLogger(
            name=supervisor.__name__))

    def _supervisor(self, program):
        sup = supervisor.KeystoneSupervisor(
            self.layout, 'http://127.0.0.1:1',
            command=[sys.executable, '-c', program])
        self.addCleanup(sup.stop)
        return sup

    def test_ready_port_and_passwords(self):
        sup = self._supervisor(_CHILD.format(port=4242))
        sup.start()
        self.assertEqual(4242, sup.wait_ready(30))
        self.assertEqual(4242, sup.port)
        self.assertTrue(os.path.exists(self.layout.file('admin-password')))
        self.assertTrue(os.path.exists(self.layout.file('service-password')))

    def test_killed_child_is_restarted_with_one_log_line(self):
        sup = self._supervisor(_CHILD.format(port=4243))
        sup.start()
        sup.wait_ready(30)
        first = sup.pid
        os.kill(first, signal.SIGKILL)
        _wait(lambda: sup.pid != first and sup.port == 4243, 'the restart')
        self.assertEqual(1, sup.restarts)
        lines = [line for line in self.logger.output.splitlines()
                 if 'exited' in line]
        self.assertEqual(1, len(lines), self.logger.output)
        self.assertIn('Keystone (pid %d) exited with status -9' % first,
                      lines[0])

    def test_stop_does_not_restart(self):
        sup = self._supervisor(_CHILD.format(port=4244))
        sup.start()
        sup.wait_ready(30)
        proc = sup._proc
        sup.stop()
        self.assertIsNotNone(proc.poll())
        time.sleep(0.3)
        self.assertIs(proc, sup._proc)
        self.assertEqual(0, sup.restarts)

    def test_child_failing_on_first_start_is_reported(self):
        sup = self._supervisor(_FAILING_CHILD)
        sup.start()
        exc = self.assertRaises(supervisor.KeystoneUnavailable,
                                sup.wait_ready, 30)
        self.assertIn('exited with status 3', str(exc))
        with open(self.layout.log_file) as log:
            self.assertIn('no keystone here', log.read())
