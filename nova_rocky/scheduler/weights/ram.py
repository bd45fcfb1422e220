"""RAMWeigher: prefer hosts with more free RAM (spreading).

A negative ``[filter_scheduler]ram_weight_multiplier`` stacks instead.
"""

from nova_rocky import conf
from nova_rocky.scheduler import weights

CONF = conf.CONF


class RAMWeigher(weights.BaseHostWeigher):
    """Weigh hosts by free RAM (MB)."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return host_state.free_ram_mb
