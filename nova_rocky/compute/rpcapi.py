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
    * 1.1 - Added reboot_instance, stop_instance, start_instance,
      pause_instance, unpause_instance, suspend_instance,
      resume_instance, soft_delete_instance, restore_instance and
      rebuild_instance (also used for evacuate).

    Every method is new in 1.0, so none needs a can_send_version() branch
    yet; later versions add their branches here, tagged with the major
    version that removes them.
    """

    VERSION = '1.1'
    VERSION_ALIASES = {
        'rocky': '1.1',
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

    def _cast_to_instance_host(self, ctxt, method, instance, **kwargs):
        # Every method of 1.1 goes to the host running the instance.
        cctxt = self._client(ctxt).prepare(server=instance.host,
                                           version='1.1')
        cctxt.cast(ctxt, method, instance=instance, **kwargs)

    def reboot_instance(self, ctxt, instance, block_device_info=None,
                        reboot_type='SOFT'):
        """Reboot ``instance`` SOFT or HARD on its host (cast)."""
        self._cast_to_instance_host(ctxt, 'reboot_instance', instance,
                                    block_device_info=block_device_info,
                                    reboot_type=reboot_type)

    def stop_instance(self, ctxt, instance, clean_shutdown=True):
        """Power ``instance`` off (cast)."""
        self._cast_to_instance_host(ctxt, 'stop_instance', instance,
                                    clean_shutdown=clean_shutdown)

    def start_instance(self, ctxt, instance):
        """Power a stopped ``instance`` on (cast)."""
        self._cast_to_instance_host(ctxt, 'start_instance', instance)

    def pause_instance(self, ctxt, instance):
        """Pause ``instance`` (cast)."""
        self._cast_to_instance_host(ctxt, 'pause_instance', instance)

    def unpause_instance(self, ctxt, instance):
        """Unpause ``instance`` (cast)."""
        self._cast_to_instance_host(ctxt, 'unpause_instance', instance)

    def suspend_instance(self, ctxt, instance):
        """Suspend ``instance`` (cast)."""
        self._cast_to_instance_host(ctxt, 'suspend_instance', instance)

    def resume_instance(self, ctxt, instance):
        """Resume a suspended ``instance`` (cast)."""
        self._cast_to_instance_host(ctxt, 'resume_instance', instance)

    def soft_delete_instance(self, ctxt, instance):
        """Power ``instance`` off and keep it for a restore (cast)."""
        self._cast_to_instance_host(ctxt, 'soft_delete_instance', instance)

    def restore_instance(self, ctxt, instance):
        """Power a soft-deleted ``instance`` back on (cast)."""
        self._cast_to_instance_host(ctxt, 'restore_instance', instance)

    def rebuild_instance(self, ctxt, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate, on_shared_storage, host=None, node=None,
                         preserve_ephemeral=False, migration=None,
                         limits=None, request_spec=None):
        """Rebuild ``instance`` on ``host`` (cast).

        ``host`` is the instance's own host for a rebuild and the
        destination for an evacuation (``recreate`` True), whose
        ``migration`` the destination completes.
        """
        cctxt = self._client(ctxt).prepare(server=host or instance.host,
                                           version='1.1')
        cctxt.cast(ctxt, 'rebuild_instance', instance=instance,
                   new_pass=new_pass, injected_files=injected_files,
                   image_ref=image_ref, orig_image_ref=orig_image_ref,
                   orig_sys_metadata=orig_sys_metadata, bdms=bdms,
                   recreate=recreate, on_shared_storage=on_shared_storage,
                   node=node, preserve_ephemeral=preserve_ephemeral,
                   migration=migration, limits=limits,
                   request_spec=request_spec)
