"""Server groups in the scheduler: the group of a request, with hosts.

``setup_instance_group`` reads the group the ``group`` hint names, fills
its ``hosts`` with one item per member already on a host (the members of
this very request excluded: they are placed now) and sets it on the
request spec, where the group filters and weighers find it. A policy
whose filter or weigher is not enabled cannot be honoured, so the request
fails rather than quietly ignore it (as upstream's
UnsupportedPolicyException).
"""

from oslo_log import log as logging

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.objects import instance_group as group_obj

LOG = logging.getLogger(__name__)

# Which filter or weigher class enforces each policy.
ENFORCED_BY = {
    group_obj.AFFINITY: 'ServerGroupAffinityFilter',
    group_obj.ANTI_AFFINITY: 'ServerGroupAntiAffinityFilter',
    group_obj.SOFT_AFFINITY: 'ServerGroupSoftAffinityWeigher',
    group_obj.SOFT_ANTI_AFFINITY: 'ServerGroupSoftAntiAffinityWeigher',
}


def setup_instance_group(context, spec_obj, instance_uuids, plugins):
    """Set ``spec_obj.instance_group`` (or None) for this request.

    ``plugins``: the enabled filter and weigher objects.
    :raises NoValidHost: the group's policy has no enabled enforcer
    """
    group_uuid = spec_obj.get_scheduler_hint('group')
    if not group_uuid:
        spec_obj.instance_group = None
        return None
    try:
        group = objects.InstanceGroup.get_by_uuid(context, group_uuid)
    except exception.InstanceGroupNotFound:
        # Deleted after the boot was accepted: there is no policy left.
        LOG.warning('Server group %s of the request is gone; scheduling '
                    'without it', group_uuid)
        spec_obj.instance_group = None
        return None
    enforcer = ENFORCED_BY.get(group.policy)
    names = {type(p).__name__ for p in plugins}
    if enforcer is not None and enforcer not in names:
        raise exception.NoValidHost(
            reason='ServerGroup policy %s is not supported: %s not '
                   'configured' % (group.policy, enforcer))
    group.hosts = group.get_hosts(exclude=instance_uuids or ())
    spec_obj.instance_group = group
    return group


def record_choice(spec_obj, host):
    """Count an instance just placed on ``host`` (multi-create)."""
    group = (spec_obj.instance_group
             if spec_obj.obj_attr_is_set('instance_group') else None)
    if group is not None:
        group.hosts = list(group.hosts or []) + [host]
