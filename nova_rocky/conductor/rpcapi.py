"""Client side of the conductor RPC API.

nova_rocky keeps ONE conductor target (topic ``conductor``, no namespace)
and one version history for both roles the conductor plays: remoting
object methods for computes (``ConductorAPI``) and running task flows
(``ComputeTaskAPI``). Upstream splits them into two namespaces with two
histories; a single endpoint per service (``nova_rocky.service``) and a
single ``[upgrade_levels]conductor`` cap are simpler to run and reason
about. ``ComputeTaskAPI`` is the same client under the name upstream
callers know.
"""


import oslo_messaging as messaging

from nova_rocky import conf
from nova_rocky import rpc

CONF = conf.CONF


def resolve_version_cap(setting, aliases, binary, history_key):
    """Turn an ``[upgrade_levels]`` value into a version cap (or None).

    The value is a version ('1.0'), a release name from ``aliases``
    ('rocky'), or 'auto': the oldest version spoken by the running
    ``binary`` services (their service version mapped through
    SERVICE_VERSION_HISTORY). No value means no cap.
    """
    if not setting:
        return None
    if setting == 'auto':
        from nova_rocky import context as nova_context
        from nova_rocky import objects
        from nova_rocky.objects import service as service_obj
        minimum = objects.Service.get_minimum_version(
            nova_context.get_admin_context(), binary)
        history = service_obj.SERVICE_VERSION_HISTORY
        if not minimum:
            # No service of that kind reported yet: nothing to be
            # compatible with, so do not cap.
            return None
        return history[min(minimum, len(history) - 1)][history_key]
    return aliases.get(setting, setting)


class ConductorAPI(rpc.LazyClientAPI):
    """Client side of the conductor RPC API.

    API version history:

    * 1.0 - Initial version (Rocky).
      Liveness (call): ping.
      Object indirection (calls): object_class_action_versions,
      object_action, object_backport_versions.
      Compute tasks (casts): schedule_and_build_instances,
      build_instances (reschedule to alternate hosts).
    * 1.1 - Added rebuild_instance (rebuild and evacuate; the requested
      instance changes travel as instance_updates and are saved only
      after scheduling passed).

    Every method is new in 1.0, so none needs a can_send_version() branch
    yet; later versions add their branches here, tagged with the major
    version that removes them.
    """

    TOPIC = 'conductor'
    VERSION = '1.1'
    VERSION_ALIASES = {
        'rocky': '1.1',
    }

    @property
    def version_cap(self):
        setting = CONF.upgrade_levels.conductor
        if setting == 'auto':
            # Conductors are upgraded first, so there is no older one to
            # detect; and resolving 'auto' on a compute would need this
            # very client (the service table is reached through it).
            return None
        return resolve_version_cap(setting, self.VERSION_ALIASES,
                                   'nova-conductor', 'conductor_rpc')

    # -- liveness ---------------------------------------------------------

    def ping(self, context, arg):
        """Echo ``arg`` back from a conductor."""
        return self._ping(context, arg, timeout=None)

    def _ping(self, context, arg, timeout):
        cctxt = self.client.prepare(version='1.0', timeout=timeout)
        return cctxt.call(context, 'ping', arg=arg)

    def wait_until_ready(self, context, timeout=None, attempt_timeout=5):
        """Block until a conductor answers a ping.

        A call published before any conductor has declared its queue is
        dropped by the broker, so a compute starting beside its conductor
        must wait for an answer before it sends object calls. Gives up
        with MessagingTimeout after ``timeout`` seconds (None: never).
        """
        import time
        from oslo_log import log as logging
        log = logging.getLogger(__name__)
        deadline = None if timeout is None else time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                self._ping(context, 'ready?', attempt_timeout)
                if attempt > 1:
                    log.info('nova-conductor answered after %d attempts',
                             attempt)
                return
            except messaging.MessagingTimeout:
                if deadline is not None and time.monotonic() > deadline:
                    raise
                log.warning('Waiting for nova-conductor to answer (attempt '
                            '%d)...', attempt)

    # -- object indirection (NovaObject.indirection_api) ------------------

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        """Run classmethod ``objmethod`` of ``objname`` in the conductor.

        ``object_versions`` ({name: version}) tells the conductor which
        versions the caller understands, so the result is backported.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions, args=args,
                          kwargs=kwargs)

    def object_class_action(self, context, objname, objmethod, objver,
                            args, kwargs):
        # Only the versions-manifest flavour exists on the wire; ovo falls
        # back to this on NotImplementedError, which never happens here.
        raise NotImplementedError()

    def object_action(self, context, objinst, objmethod, args, kwargs):
        """Run method ``objmethod`` of ``objinst`` in the conductor.

        Returns (updates, result): the fields the method changed, which the
        caller applies to its copy, and the method's return value.
        """
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        """Return ``objinst`` as a primitive backported to the caller's
        ``object_versions``."""
        cctxt = self.client.prepare(version='1.0')
        return cctxt.call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)

    def object_backport(self, context, objinst, target_version):
        raise NotImplementedError()

    # -- compute tasks ----------------------------------------------------

    def schedule_and_build_instances(self, context, build_requests,
                                     request_specs, image, admin_password,
                                     injected_files, requested_networks,
                                     block_device_mapping, tags=None):
        """Schedule the instances of one boot request and build them.

        Cast: the API has already answered 202. ``build_requests`` and
        ``request_specs`` are parallel lists (one per instance).
        """
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'schedule_and_build_instances',
                   build_requests=build_requests,
                   request_specs=request_specs, image=image,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   block_device_mapping=block_device_mapping, tags=tags)

    def build_instances(self, context, instances, image, filter_properties,
                        admin_password, injected_files, requested_networks,
                        security_groups, block_device_mapping,
                        legacy_bdm=True, request_spec=None, host_lists=None):
        """Reschedule failed builds to their alternate hosts.

        Cast from a compute whose build failed. ``host_lists`` holds, per
        instance, the alternates not tried yet (Selection objects).
        """
        cctxt = self.client.prepare(version='1.0')
        cctxt.cast(context, 'build_instances', instances=instances,
                   image=image, filter_properties=filter_properties,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   security_groups=security_groups,
                   block_device_mapping=block_device_mapping,
                   legacy_bdm=legacy_bdm, request_spec=request_spec,
                   host_lists=host_lists)

    def rebuild_instance(self, context, instance, orig_image_ref, image_ref,
                         injected_files, new_pass, orig_sys_metadata, bdms,
                         recreate, on_shared_storage,
                         preserve_ephemeral=False, host=None,
                         request_spec=None, instance_updates=None,
                         image=None, migration=None):
        """Schedule (when needed) and start a rebuild or evacuation.

        Cast: the API has answered. ``instance_updates`` (instance field
        -> value) and ``image`` (the new image, a Glance dict) are saved
        only once the scheduler accepted the request. ``recreate`` means
        evacuate: ``host`` is the destination the admin named (None: the
        scheduler picks) and ``migration`` its record.
        """
        cctxt = self.client.prepare(version='1.1')
        cctxt.cast(context, 'rebuild_instance', instance=instance,
                   orig_image_ref=orig_image_ref, image_ref=image_ref,
                   injected_files=injected_files, new_pass=new_pass,
                   orig_sys_metadata=orig_sys_metadata, bdms=bdms,
                   recreate=recreate, on_shared_storage=on_shared_storage,
                   preserve_ephemeral=preserve_ephemeral, host=host,
                   request_spec=request_spec,
                   instance_updates=instance_updates, image=image,
                   migration=migration)


# The task half of the API under the name upstream callers use; see the
# module docstring for why it is the same client.
ComputeTaskAPI = ConductorAPI
