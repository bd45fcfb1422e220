"""Server group filters, plus SameHostFilter and DifferentHostFilter.

The group filters read ``spec_obj.instance_group``, which the scheduler
fills for each request with the group the ``group`` hint names; its
``hosts`` has one item per member already placed (see
``nova_rocky.objects.instance_group``).
"""

from oslo_log import log as logging

from nova_rocky import context as nova_context
from nova_rocky.objects import instance_group as group_obj
from nova_rocky.scheduler import filters
from nova_rocky.scheduler import utils

LOG = logging.getLogger(__name__)


def _group(spec_obj, policy):
    if not spec_obj.obj_attr_is_set('instance_group'):
        return None
    group = spec_obj.instance_group
    if group is None or group.policy != policy:
        return None
    return group


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """Pass a host holding fewer than ``max_server_per_host`` members
    (rule of 2.64; 1 without it) of an anti-affinity group."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        group = _group(spec_obj, group_obj.ANTI_AFFINITY)
        if group is None:
            return True
        on_host = (group.hosts or []).count(host_state.host)
        if on_host < group.max_server_per_host:
            return True
        LOG.debug('%s already has %d members of group %s (max %d)',
                  host_state, on_host, group.uuid, group.max_server_per_host)
        return False


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """Pass only the hosts of an affinity group's members (any host for
    its first member)."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        group = _group(spec_obj, group_obj.AFFINITY)
        if group is None or not group.hosts:
            return True
        return host_state.host in group.hosts


def _hinted_hosts(spec_obj, hint):
    """Hosts of the instances a ``same_host`` / ``different_host`` hint
    names (read once per filter run, in the instances' cells)."""
    uuids = spec_obj.get_scheduler_hint(hint)
    if not uuids:
        return None
    if isinstance(uuids, str):
        uuids = [uuids]
    group = group_obj.InstanceGroup(nova_context.get_admin_context(),
                                    members=list(uuids))
    return set(group.get_hosts())


class _InstanceHostFilter(filters.BaseHostFilter):
    HINT = None
    RUN_ON_REBUILD = False

    def filter_all(self, host_states, spec_obj):
        if not spec_obj.obj_attr_is_set('scheduler_hints'):
            return list(host_states)
        if utils.request_is_rebuild(spec_obj):
            return list(host_states)
        hosts = _hinted_hosts(spec_obj, self.HINT)
        if hosts is None:
            return list(host_states)
        return [h for h in host_states if self._keep(h.host, hosts)]

    def host_passes(self, host_state, spec_obj):
        return self.filter_all([host_state], spec_obj) == [host_state]


class SameHostFilter(_InstanceHostFilter):
    """Pass only the hosts of the instances the ``same_host`` hint names
    (upstream passes none when none of them has a host)."""

    HINT = 'same_host'

    @staticmethod
    def _keep(host, hinted):
        return host in hinted


class DifferentHostFilter(_InstanceHostFilter):
    """Pass only hosts none of the ``different_host`` instances is on."""

    HINT = 'different_host'

    @staticmethod
    def _keep(host, hinted):
        return host not in hinted
