"""CPUWeigher: prefer hosts with more free VCPUs (new upstream in Rocky)."""

from nova_rocky import conf
from nova_rocky.scheduler import weights

CONF = conf.CONF


class CPUWeigher(weights.BaseHostWeigher):
    """Weigh hosts by free VCPUs: total x allocation ratio - used."""

    def weight_multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        ratio = host_state.cpu_allocation_ratio or 1.0
        return host_state.vcpus_total * ratio - host_state.vcpus_used
