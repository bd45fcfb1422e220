"""DiskWeigher: prefer hosts with more free local disk (spreading)."""

from nova_rocky import conf
from nova_rocky.scheduler import weights

CONF = conf.CONF


class DiskWeigher(weights.BaseHostWeigher):
    """Weigh hosts by free disk (MB)."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.free_disk_mb
