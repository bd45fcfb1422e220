"""AvailabilityZoneFilter: only hosts in the requested availability zone."""

from oslo_log import log as logging

from nova_rocky.scheduler import filters

LOG = logging.getLogger(__name__)


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """Pass hosts whose availability zone is the one the request names.

    A host's zone is that of its aggregate with an ``availability_zone``
    (``[DEFAULT]default_availability_zone`` without one); the host manager
    puts it in the HostState. A request with no zone passes every host.
    """

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        wanted = (spec_obj.availability_zone
                  if spec_obj.obj_attr_is_set('availability_zone') else None)
        if not wanted:
            return True
        if host_state.availability_zone == wanted:
            return True
        LOG.debug('%s is in zone %s, not %s', host_state,
                  host_state.availability_zone, wanted)
        return False
