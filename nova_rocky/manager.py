"""Base class of the RPC managers (conductor, scheduler, compute).

A manager is the server side of one RPC API: its public methods are the
RPC entry points and should stay thin, handing long flows to their own
modules. Periodic tasks are declared with ``periodic_task``.
"""

from oslo_log import log as logging
from oslo_service import periodic_task

from nova_rocky import conf

CONF = conf.CONF
LOG = logging.getLogger(__name__)

periodic = periodic_task.periodic_task


class Manager(periodic_task.PeriodicTasks):
    """Common manager behaviour: host name, hooks, periodic tasks."""

    #: Subclasses set an oslo.messaging Target with their newest version.
    target = None
    service_name = None

    def __init__(self, host=None, service_name=None):
        self.host = host or CONF.host
        if service_name:
            self.service_name = service_name
        super().__init__(CONF)

    def init_host(self, service_ref=None):
        """Run once before the RPC server starts consuming."""

    def post_start_hook(self):
        """Run once after the RPC server is consuming."""

    def cleanup_host(self):
        """Run once when the service stops."""

    def periodic_tasks(self, context, raise_on_error=False):
        return self.run_periodic_tasks(context,
                                       raise_on_error=raise_on_error)

    def reset(self):
        """Drop caches on SIGHUP."""
