"""IoOpsFilter and NumInstancesFilter: keep busy or full hosts out."""

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky.scheduler import filters

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class IoOpsFilter(filters.BaseHostFilter):
    """Pass hosts running fewer than ``[filter_scheduler]
    max_io_ops_per_host`` IO-heavy tasks (builds in progress, as the
    compute reports them in its ``io_workload`` stat)."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        allowed = CONF.filter_scheduler.max_io_ops_per_host
        if host_state.num_io_ops < allowed:
            return True
        LOG.debug('%s has %d IO operations running (max %d)', host_state,
                  host_state.num_io_ops, allowed)
        return False


class NumInstancesFilter(filters.BaseHostFilter):
    """Pass hosts with fewer than ``[filter_scheduler]
    max_instances_per_host`` instances."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        return host_state.num_instances < \
            CONF.filter_scheduler.max_instances_per_host
