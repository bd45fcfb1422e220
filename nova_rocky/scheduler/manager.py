"""Server side of the scheduler RPC API.

The manager only receives calls; the select flow lives in
``filter_scheduler.py``, the host view in ``host_manager.py``.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_serialization import jsonutils

from nova_rocky import exception
from nova_rocky import manager
from nova_rocky.scheduler import filter_scheduler

LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    """Chooses hosts for instances (nova-scheduler)."""

    target = messaging.Target(version='1.1')

    def __init__(self, host=None, driver=None):
        super().__init__(host=host, service_name='scheduler')
        # Built here so that a bad filter or weigher name stops the
        # service at start.
        self.driver = driver or filter_scheduler.FilterScheduler()

    def init_host(self, service_ref=None):
        """Read every cell's compute nodes once before serving."""
        try:
            self.driver.host_manager.refresh(full=True)
        except Exception:
            # The first request retries; a missing cell must not stop the
            # scheduler from starting.
            LOG.exception('Initial read of the compute nodes failed')

    def select_destinations(self, ctxt, spec_obj, instance_uuids=None,
                            return_objects=True, return_alternates=True):
        """Choose (and claim) hosts: see SchedulerAPI.select_destinations.

        NoValidHost is expected: it goes back to the caller without a
        traceback in this service's log. (Not oslo.messaging's
        expected_exceptions decorator: it hides the signature and the
        docstring.)
        """
        try:
            selections = self.driver.select_destinations(ctxt, spec_obj,
                                                         instance_uuids)
        except exception.NoValidHost:
            raise messaging.ExpectedException()
        if not return_alternates:
            selections = [host_list[:1] for host_list in selections]
        if return_objects:
            return selections
        return jsonutils.to_primitive(
            [host_list[0].to_dict() for host_list in selections])

    def update_aggregates(self, ctxt, aggregates):
        """Take new or changed aggregates into the host view (fanout)."""
        self.driver.host_manager.update_aggregates(aggregates)

    def delete_aggregate(self, ctxt, aggregate):
        """Drop a deleted aggregate from the host view (fanout)."""
        self.driver.host_manager.delete_aggregate(aggregate)

    def reset(self):
        """Forget cached host states and mappings (SIGHUP)."""
        self.driver.host_manager = type(self.driver.host_manager)()
