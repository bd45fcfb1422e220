"""IoOpsWeigher and BuildFailureWeigher: avoid busy and failing hosts."""

from nova_rocky import conf
from nova_rocky.scheduler import weights

CONF = conf.CONF


class IoOpsWeigher(weights.BaseHostWeigher):
    """Weigh hosts by their running IO operations; the default negative
    multiplier prefers idle hosts."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.io_ops_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.num_io_ops


class BuildFailureWeigher(weights.BaseHostWeigher):
    """Push hosts whose recent builds failed to the back of the list.

    The value is minus the host's consecutive failed builds; with the
    large default multiplier one failure outweighs every other weigher,
    and a successful build resets the count.
    """

    def weight_multiplier(self):
        return CONF.filter_scheduler.build_failure_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return -host_state.failed_builds
