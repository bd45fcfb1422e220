"""Client side of the scheduler RPC API."""

import threading

import oslo_messaging as messaging

from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import rpc

CONF = conf.CONF


class SchedulerAPI(object):
    """Client side of the scheduler RPC API.

    API version history:

    * 1.0 - Initial version (Rocky).
      select_destinations (call): returns, per instance, a list of
      Selection objects: the chosen host (its resources already claimed in
      placement) then up to ``[scheduler]max_attempts - 1`` alternates of
      the same cell.

    Every method is new in 1.0, so none needs a can_send_version() branch
    yet; later versions add their branches here, tagged with the major
    version that removes them.
    """

    VERSION = '1.0'
    VERSION_ALIASES = {
        'rocky': '1.0',
    }

    def __init__(self):
        self.target = messaging.Target(topic='scheduler', version='1.0')
        self._client = None
        self._lock = threading.Lock()

    @property
    def version_cap(self):
        return conductor_rpcapi.resolve_version_cap(
            CONF.upgrade_levels.scheduler, self.VERSION_ALIASES,
            'nova-scheduler', 'scheduler_rpc')

    @property
    def client(self):
        # Built on first use: callers are constructed before rpc.init() in
        # some entry points, and an 'auto' cap needs the database.
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = rpc.get_client(
                        self.target, version_cap=self.version_cap)
        return self._client

    def can_send_version(self, version):
        return self.client.can_send_version(version)

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
