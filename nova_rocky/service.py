"""A service: an RPC server for one manager, its heartbeat and periodic tasks.

``Service`` runs in a thread-friendly way so the all-in-one process can
run several of them side by side; the daemons run one each (``serve``).
"""

import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import importutils

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky import rpc

CONF = conf.CONF
LOG = logging.getLogger(__name__)

MANAGERS = {
    'nova-compute': 'nova_rocky.compute.manager.ComputeManager',
    'nova-conductor': 'nova_rocky.conductor.manager.ConductorManager',
    'nova-scheduler': 'nova_rocky.scheduler.manager.SchedulerManager',
}
TOPICS = {
    'nova-compute': 'compute',
    'nova-conductor': 'conductor',
    'nova-scheduler': 'scheduler',
}


class Service(object):
    """One nova service: a manager behind an RPC server on ``topic``.

    The service record in the cell database is created on first start and
    updated (version, up) on later starts; a heartbeat thread refreshes it
    every ``report_interval`` seconds, and a second thread runs the
    manager's periodic tasks.
    """

    def __init__(self, host, binary, topic, manager,
                 report_interval=None, periodic_interval=None):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.report_interval = report_interval or CONF.report_interval
        self.periodic_interval = periodic_interval or CONF.periodic_interval
        self.service_ref = None
        self.rpcserver = None
        self._stop = threading.Event()
        self._threads = []

    @classmethod
    def create(cls, binary, host=None, topic=None, manager=None, **kwargs):
        """Build a service with the manager class registered for binary."""
        host = host or CONF.host
        topic = topic or TOPICS[binary]
        if manager is None:
            manager_cls = importutils.import_class(MANAGERS[binary])
            manager = manager_cls(host=host)
        return cls(host, binary, topic, manager, **kwargs)

    def _find_or_create_service_record(self, ctxt):
        try:
            return objects.Service.get_by_host_and_binary(ctxt, self.host,
                                                          self.binary)
        except exception.ServiceNotFound:
            pass
        ref = objects.Service(ctxt, host=self.host, binary=self.binary,
                              topic=self.topic, report_count=0)
        try:
            ref.create()
        except exception.ServiceBinaryExists:
            return objects.Service.get_by_host_and_binary(
                ctxt, self.host, self.binary)
        return ref

    def _ensure_service_record(self, ctxt, attempts=5):
        # Another start of the same service (a restart racing its old
        # process, a duplicated message) can create the record between our
        # read and our write and still be rolling back when we read again:
        # try again a few times before giving up.
        for attempt in range(1, attempts + 1):
            try:
                ref = self._find_or_create_service_record(ctxt)
                break
            except exception.ServiceNotFound:
                if attempt == attempts:
                    raise
                LOG.warning('Service record of %s on %s not settled yet; '
                            'trying again', self.binary, self.host)
                time.sleep(1)
        if ref.version != objects.service.SERVICE_VERSION:
            ref.version = objects.service.SERVICE_VERSION
            ref.save()
        return ref

    def start(self):
        """Register, start consuming RPC, and start the helper threads."""
        ctxt = nova_context.get_admin_context()
        self.service_ref = self._ensure_service_record(ctxt)
        self.manager.init_host(self.service_ref)
        target = messaging.Target(topic=self.topic, server=self.host)
        self.rpcserver = rpc.get_server(target, [self.manager])
        self.rpcserver.start()
        self.manager.post_start_hook()
        self._start_thread(self._heartbeat_loop, 'heartbeat')
        self._start_thread(self._periodic_loop, 'periodic')
        LOG.info('%s started on host %s (topic %s)', self.binary,
                 self.host, self.topic)

    def _start_thread(self, target, name):
        thread = threading.Thread(
            target=target, name='%s-%s-%s' % (self.binary, self.host, name),
            daemon=True)
        thread.start()
        self._threads.append(thread)

    def _heartbeat_loop(self):
        ctxt = nova_context.get_admin_context()
        while not self._stop.wait(self.report_interval):
            self.report_state(ctxt)

    def report_state(self, ctxt=None):
        """Write one heartbeat; failures are logged, never fatal."""
        ctxt = ctxt or nova_context.get_admin_context()
        try:
            self.service_ref._context = ctxt
            self.service_ref.heartbeat()
        except Exception as exc:
            LOG.warning('%s on %s could not record its heartbeat: %s',
                        self.binary, self.host, exc)

    def _periodic_loop(self):
        ctxt = nova_context.get_admin_context()
        # A first short wait lets the service finish starting up.
        delay = min(self.periodic_interval, 5)
        while not self._stop.wait(delay):
            try:
                delay = self.manager.periodic_tasks(ctxt) or \
                    self.periodic_interval
                delay = min(delay, self.periodic_interval)
            except Exception:
                LOG.exception('Periodic tasks of %s failed', self.binary)
                delay = self.periodic_interval

    def stop(self):
        """Stop consuming RPC and the helper threads."""
        self._stop.set()
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception as exc:
                LOG.warning('Stopping the RPC server of %s: %s',
                            self.binary, exc)
        try:
            self.manager.cleanup_host()
        except Exception:
            LOG.exception('Cleanup of %s failed', self.binary)
        for thread in self._threads:
            thread.join(timeout=5)
        LOG.info('%s stopped on host %s', self.binary, self.host)
