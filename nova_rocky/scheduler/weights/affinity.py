"""Soft server group weighers: prefer (or avoid) hosts with members.

The raw value is the number of the group's members already on the host
(``spec_obj.instance_group.hosts``); the anti-affinity weigher negates it,
so the host with the fewest members wins.
"""

from nova_rocky import conf
from nova_rocky.objects import instance_group as group_obj
from nova_rocky.scheduler import weights

CONF = conf.CONF


class _SoftAffinityWeigherBase(weights.BaseHostWeigher):
    POLICY = None

    def _members_on_host(self, host_state, spec_obj):
        if not spec_obj.obj_attr_is_set('instance_group'):
            return 0
        group = spec_obj.instance_group
        if group is None or group.policy != self.POLICY:
            return 0
        return (group.hosts or []).count(host_state.host)


class ServerGroupSoftAffinityWeigher(_SoftAffinityWeigherBase):
    """Prefer hosts with more members of a soft-affinity group."""

    POLICY = group_obj.SOFT_AFFINITY

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return self._members_on_host(host_state, spec_obj)


class ServerGroupSoftAntiAffinityWeigher(_SoftAffinityWeigherBase):
    """Prefer hosts with fewer members of a soft-anti-affinity group."""

    POLICY = group_obj.SOFT_ANTI_AFFINITY

    def weight_multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj):
        return -self._members_on_host(host_state, spec_obj)
