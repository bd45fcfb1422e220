"""Start and stop the services of the all-in-one process."""

import threading

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import rpc
from nova_rocky import service

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def compute_host_names(count):
    """``<host>`` for one compute; ``<host>-1`` .. ``<host>-N`` for more."""
    if count == 1:
        return [CONF.host]
    return ['%s-%d' % (CONF.host, index) for index in range(1, count + 1)]


class ServiceRunner(object):
    """The conductor, the scheduler and N computes as threads.

    Hosts of new computes are mapped to cell1 by a discovery thread, the
    job an operator does with ``nova-manage cell_v2 discover_hosts`` in a
    distributed deployment.
    """

    DISCOVERY_INTERVAL = 2

    def __init__(self, compute_count):
        self.compute_hosts = compute_host_names(compute_count)
        self.services = []
        self._stop = threading.Event()
        self._discovery_thread = None

    def start(self):
        rpc.init(CONF)
        for binary in ('nova-conductor', 'nova-scheduler'):
            self._start(service.Service.create(binary))
        for host in self.compute_hosts:
            self._start(service.Service.create('nova-compute', host=host))
        self.discover_hosts()
        self._discovery_thread = threading.Thread(
            target=self._discovery_loop, name='nova-all-discovery',
            daemon=True)
        self._discovery_thread.start()

    def _start(self, svc):
        svc.start()
        self.services.append(svc)

    def discover_hosts(self):
        from nova_rocky.cells import discovery
        try:
            mapped = discovery.discover_hosts(
                nova_context.get_admin_context())
        except Exception:
            LOG.exception('Host discovery failed')
            return []
        for mapping in mapped:
            LOG.info('Mapped compute host %s to cell %s', mapping.host,
                     mapping.cell_mapping.name)
        return mapped

    def _discovery_loop(self):
        while not self._stop.wait(self.DISCOVERY_INTERVAL):
            self.discover_hosts()

    def stop(self):
        self._stop.set()
        for svc in reversed(self.services):
            svc.stop()
        self.services = []
        rpc.cleanup()
