"""The late server group check a compute makes before it spawns.

Two boots into one anti-affinity group that the scheduler handles at the
same time both see the group without the other member, and may both pick
this host. Each build therefore re-checks the group here, under a lock
per group, and marks its instance ``spawning`` before it lets go of the
lock: the second build then sees the first member on this host, and
reschedules (RescheduledException: the build flow hands it to its next
alternate).

Members the conductor has placed here but whose build has not passed this
check yet (still ``scheduling``) do not count: otherwise two racing
builds would each count the other and both leave.
"""

import contextlib

from oslo_log import log as logging

from nova_rocky.compute import task_states
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.objects import instance_group as group_obj

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def _group_of(context, request_spec):
    if request_spec is None or CONF.workarounds.\
            disable_group_policy_check_upcall:
        return None
    group_uuid = request_spec.get_scheduler_hint('group')
    if not group_uuid:
        return None
    try:
        group = objects.InstanceGroup.get_by_uuid(context, group_uuid)
    except exception.InstanceGroupNotFound:
        return None
    if group.policy not in (group_obj.AFFINITY, group_obj.ANTI_AFFINITY):
        return None  # soft policies are preferences, not rules
    return group


def _placed_members(context, group, instance):
    """Other members that passed this check, by host."""
    others = [u for u in group.members if u != instance.uuid]
    if not others:
        return []
    return [inst for inst in objects.InstanceList.get_by_filters(
        context, {'uuid': others, 'deleted': False})
        if inst.host and inst.task_state != task_states.SCHEDULING]


def _check(context, group, instance, host):
    placed = _placed_members(context, group, instance)
    if group.policy == group_obj.ANTI_AFFINITY:
        here = [inst for inst in placed if inst.host == host]
        if len(here) >= group.max_server_per_host:
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason='Anti-affinity instance group policy was violated.')
    else:
        hosts = {inst.host for inst in placed}
        if hosts and host not in hosts:
            raise exception.RescheduledException(
                instance_uuid=instance.uuid,
                reason='Affinity instance group policy was violated.')


@contextlib.contextmanager
def checked(compute, context, instance, request_spec):
    """Hold the group's lock while the policy is checked and the caller
    marks the instance as spawning.

    :raises RescheduledException: the policy forbids this host now
    """
    group = _group_of(context, request_spec)
    if group is None:
        yield
        return
    with compute.group_locks.hold(group.uuid):
        _check(context, group, instance, compute.host)
        yield
