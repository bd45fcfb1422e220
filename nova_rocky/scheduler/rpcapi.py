"""Client side of the scheduler RPC API."""


from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import rpc

CONF = conf.CONF


class SchedulerAPI(rpc.LazyClientAPI):
    """Client side of the scheduler RPC API.

    API version history:

    * 1.0 - Initial version (Rocky).
      select_destinations (call): returns, per instance, a list of
      Selection objects: the chosen host (its resources already claimed in
      placement) then up to ``[scheduler]max_attempts - 1`` alternates of
      the same cell.
    * 1.1 - Added update_aggregates() and delete_aggregate() (fanout
      casts): the compute API tells every scheduler about aggregate
      changes at once, instead of each finding out at its next refresh.

    Every method is new in 1.0, so none needs a can_send_version() branch
    yet; later versions add their branches here, tagged with the major
    version that removes them.
    """

    TOPIC = 'scheduler'
    VERSION = '1.1'
    VERSION_ALIASES = {
        'rocky': '1.1',
    }

    @property
    def version_cap(self):
        return conductor_rpcapi.resolve_version_cap(
            CONF.upgrade_levels.scheduler, self.VERSION_ALIASES,
            'nova-scheduler', 'scheduler_rpc')

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            return_objects=True, return_alternates=True):
        """Choose hosts for the instances of ``spec_obj`` and claim them.

        Call. ``instance_uuids`` are the placement consumers to claim for
        (one per instance). Returns one list of Selection objects per
        instance (without ``return_alternates``: lists of one); without
        ``return_objects``, the legacy list of host dicts (host, nodename,
        limits), one per instance.

        :raises: NoValidHost when some instance cannot be placed; then no
            allocation of this request is left in placement.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(ctxt, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids,
                          return_objects=return_objects,
                          return_alternates=return_alternates)

    def update_aggregates(self, ctxt, aggregates):
        """Tell every scheduler that ``aggregates`` were created or changed.

        Fanout cast. A scheduler older than 1.1 is not told: it reads the
        aggregates again at its next host state refresh.
        """
        if not self.can_send_version('1.1'):
            return
        cctxt = self.client.prepare(version='1.1', fanout=True)
        cctxt.cast(ctxt, 'update_aggregates', aggregates=aggregates)

    def delete_aggregate(self, ctxt, aggregate):
        """Tell every scheduler that ``aggregate`` is gone (fanout cast)."""
        if not self.can_send_version('1.1'):
            return
        cctxt = self.client.prepare(version='1.1', fanout=True)
        cctxt.cast(ctxt, 'delete_aggregate', aggregate=aggregate)
