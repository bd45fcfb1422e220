"""Client side of the compute RPC API.

Every message goes to one compute host (``server=host`` on topic
``compute``), over the message queue of the cell the context targets
(``context.mq_connection``; None means the process's own transport).
"""

import threading

import oslo_messaging as messaging

from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import rpc

CONF = conf.CONF


class ComputeAPI(object):
    """Client side of the compute RPC API.

    API version history:

    * 1.0 - Initial version (Rocky): build_and_run_instance (with
      host_list alternates), terminate_instance.

    Every method is new in 1.0, so none needs a can_send_version() branch
    yet; later versions add their branches here, tagged with the major
    version that removes them.
    """

    VERSION = '1.0'
    VERSION_ALIASES = {
        'rocky': '1.0',
    }

    def __init__(self):
        self.target = messaging.Target(topic='compute', version='1.0')
        self._clients = {}
        self._cap = None
        self._cap_resolved = False
        self._lock = threading.Lock()

    @property
    def version_cap(self):
        if not self._cap_resolved:
            self._cap = conductor_rpcapi.resolve_version_cap(
                CONF.upgrade_levels.compute, self.VERSION_ALIASES,
                'nova-compute', 'compute_rpc')
            self._cap_resolved = True
        return self._cap

    def _client(self, ctxt):
        # One client per transport: a cell with its own message queue gets
        # its own, built once (a client is cheap to use, not to build).
        transport = getattr(ctxt, 'mq_connection', None)
        key = id(transport) if transport is not None else None
        client = self._clients.get(key)
        if client is None:
            with self._lock:
                client = self._clients.get(key)
                if client is None:
                    client = rpc.get_client(self.target,
                                            version_cap=self.version_cap,
                                            transport=transport)
                    self._clients[key] = client
        return client

    def can_send_version(self, version, ctxt=None):
        return self._client(ctxt).can_send_version(version)

    def build_and_run_instance(self, ctxt, instance, host, image,
                               request_spec, filter_properties,
                               admin_password=None, injected_files=None,
                               requested_networks=None, security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        """Build and start ``instance`` on compute ``host`` (cast).

        ``host_list`` holds the alternates (Selection objects, the chosen
        host excluded) the compute hands back to the conductor if the build
        fails; ``filter_properties['allocations']`` carries the allocation
        request claimed for this host so the compute need not read it back
        from placement.
        """
        cctxt = self._client(ctxt).prepare(server=host, version='1.0')
        cctxt.cast(ctxt, 'build_and_run_instance', instance=instance,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   security_groups=security_groups,
                   block_device_mapping=block_device_mapping, node=node,
                   limits=limits, host_list=host_list)

    def terminate_instance(self, ctxt, instance, bdms=None,
                           delete_type=None):
        """Destroy ``instance`` on its host and delete it (cast)."""
        cctxt = self._client(ctxt).prepare(server=instance.host,
                                           version='1.0')
        cctxt.cast(ctxt, 'terminate_instance', instance=instance, bdms=bdms,
                   delete_type=delete_type)
