"""nova-all's side of the Keystone child: start it, watch it, restart it.

The child runs in a session of its own, so a Ctrl-C in nova-all's terminal
reaches nova-all only, and nova-all decides when Keystone stops. When the
child dies on its own (killed, crashed) the watcher logs one line and
starts it again, waiting a little longer each time it dies young so that a
child that cannot start does not spin. A child that dies before it ever
served is a broken setup: nova-all's start fails with its exit status.
"""

import os
import subprocess
import sys
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

#: Seconds before a restart, by number of quick deaths in a row.
RESTART_DELAYS = (0, 1, 2, 5, 10, 30)
#: A child that ran this long before dying counts as healthy.
HEALTHY_AFTER = 60


class KeystoneUnavailable(Exception):
    """The Keystone child did not come up."""


class KeystoneSupervisor(object):
    """Runs ``nova_rocky.allinone.identity.child`` and keeps it running.

    :attr:`port` is the child's local port while it serves, else None (the
    ``/identity`` proxy answers 503 then).
    """

    def __init__(self, layout, base_url, command=None):
        self.layout = layout
        self.base_url = base_url
        self.command = command or [
            sys.executable, '-m', 'nova_rocky.allinone.identity.child',
            '--state-dir', layout.state_path, '--base-url', base_url]
        self.port = None
        self.restarts = 0
        self._proc = None
        self._spawned_at = 0
        self._served = False
        self._start_failure = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = None

    @property
    def pid(self):
        proc = self._proc
        return proc.pid if proc is not None else None

    @property
    def identity_url(self):
        return self.base_url + '/identity'

    def start(self):
        """Start the child; :meth:`wait_ready` waits until it serves."""
        self.layout.create()
        # Generated here, before the child reads them, so the two
        # processes never race to create them.
        self.layout.admin_password
        self.layout.service_password
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, daemon=True,
                                         name='nova-all-keystone-watch')
        self._watcher.start()

    def _spawn(self):
        log = open(self.layout.log_file, 'ab')
        try:
            proc = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=log, start_new_session=True, close_fds=True)
        finally:
            log.close()
        with self._lock:
            self._proc = proc
            self._spawned_at = time.monotonic()
            self.port = None
            self._ready.clear()
        threading.Thread(target=self._read_port, args=(proc,), daemon=True,
                         name='nova-all-keystone-port').start()

    def _read_port(self, proc):
        # The child's only stdout line: "LISTENING <port>".
        for raw in proc.stdout:
            words = raw.decode('utf-8', 'replace').split()
            if len(words) == 2 and words[0] == 'LISTENING':
                with self._lock:
                    if self._proc is proc:
                        self.port = int(words[1])
                        self._served = True
                        self._ready.set()
        proc.stdout.close()

    def wait_ready(self, timeout):
        """Block until the child serves; raise KeystoneUnavailable."""
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.2):
            if self._start_failure is not None:
                raise KeystoneUnavailable(
                    'Keystone exited with status %s during its first start; '
                    'see %s' % (self._start_failure, self.layout.log_file))
            if time.monotonic() > deadline:
                raise KeystoneUnavailable(
                    'Keystone did not start within %d s; see %s'
                    % (timeout, self.layout.log_file))
        return self.port

    def _watch(self):
        quick_deaths = 0
        while not self._stopping.is_set():
            proc = self._proc
            status = proc.wait()
            if self._stopping.is_set():
                return
            with self._lock:
                self.port = None
                self._ready.clear()
            if not self._served:
                # It never came up: a broken setup, not a crash to ride
                # out. wait_ready() reports it.
                self._start_failure = status
                return
            if time.monotonic() - self._spawned_at >= HEALTHY_AFTER:
                quick_deaths = 0
            delay = RESTART_DELAYS[min(quick_deaths,
                                       len(RESTART_DELAYS) - 1)]
            quick_deaths += 1
            self.restarts += 1
            LOG.warning('Keystone (pid %(pid)d) exited with status '
                        '%(status)s; restarting it in %(delay)d s (log: '
                        '%(log)s)', {'pid': proc.pid, 'status': status,
                                     'delay': delay,
                                     'log': self.layout.log_file})
            if self._stopping.wait(delay):
                return
            self._spawn()

    def stop(self, timeout=10):
        """Stop the child and do not restart it."""
        self._stopping.set()
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            LOG.warning('Keystone (pid %d) ignored SIGTERM; killing it',
                        proc.pid)
            os.killpg(proc.pid, 9)
            proc.wait()
