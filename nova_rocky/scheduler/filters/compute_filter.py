"""ComputeFilter: only hosts whose compute service is enabled and up."""

from oslo_log import log as logging

from nova_rocky.scheduler import filters

LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):
    """Reject hosts whose nova-compute is disabled or has stopped
    reporting (heartbeat older than ``[DEFAULT]service_down_time``)."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        if host_state.service_disabled:
            LOG.debug('%s is disabled', host_state)
            return False
        if not host_state.service_up:
            LOG.warning('%s has not been heard from in a while', host_state)
            return False
        return True
