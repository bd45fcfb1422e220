"""AvailabilityZoneFilter: only hosts in the requested availability zone."""

from oslo_log import log as logging

from nova_rocky.scheduler import filters

LOG = logging.getLogger(__name__)


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """Pass hosts whose availability zone is the one the request names.

    Host aggregates (where a host's zone comes from upstream) do not exist
    yet: every host is in ``[DEFAULT]default_availability_zone`` (its
    HostState says so) until the aggregates issue lands. A request with no
    zone passes every host.
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
