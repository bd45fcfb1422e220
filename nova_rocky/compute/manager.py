"""Server side of the compute RPC API: one per compute host.

Entry points stay thin: they hand the work to a bounded thread pool and
return, so the RPC thread is free at once and a burst of builds cannot
exhaust the RPC server's threads. The flows live in
``nova_rocky.compute.flows``.

A nova-compute daemon has no database credentials: constructed with
``remote_objects=True`` (what ``nova_rocky.cmd.compute`` does) the manager
points ``NovaObject.indirection_api`` at the conductor, so every remotable
object method runs there. It does so in its constructor, because the
service record is written before ``init_host`` runs. The all-in-one
process keeps the default (False): its compute threads share the process,
and the process-wide indirection setting, with the conductor, which must
reach the database directly.
"""

import concurrent.futures
import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging

from nova_rocky.compute.flows import build
from nova_rocky.compute.flows import delete
from nova_rocky.compute.flows import evacuation
from nova_rocky.compute.flows import lifecycle
from nova_rocky.compute.flows import power
from nova_rocky.compute.flows import reclaim
from nova_rocky.compute.flows import rebuild
from nova_rocky.compute import resource_tracker
from nova_rocky.compute import utils as compute_utils
from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import manager
from nova_rocky.objects import base as objects_base
from nova_rocky.virt import driver as virt_driver

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class ComputeVirtAPI(virt_driver.VirtAPI):
    """What the driver may call back into; external events come later."""

    def __init__(self, compute):
        self._compute = compute


class ComputeManager(manager.Manager):
    """Builds, runs and deletes the guests of one compute host."""

    target = messaging.Target(version='1.1')

    def __init__(self, host=None, remote_objects=False, driver=None):
        super().__init__(host=host, service_name='compute')
        if remote_objects:
            objects_base.NovaObject.indirection_api = (
                conductor_rpcapi.ConductorAPI())
        self.driver = driver
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.instance_locks = compute_utils.InstanceLocks()
        # Per server group: the late policy check (flows/group_policy).
        self.group_locks = compute_utils.InstanceLocks()
        self.reportclient = None
        self.resource_tracker = None
        self.service_id = None
        self._last_resource_update = 0.0
        self._last_reclaim = time.monotonic()
        limit = CONF.max_concurrent_builds
        self._build_slots = threading.BoundedSemaphore(limit) \
            if limit else None
        self._stats_lock = threading.Lock()
        self._builds_in_flight = 0
        self._failed_builds = 0
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=CONF.compute.build_workers,
            thread_name_prefix='compute-%s' % self.host)

    def init_host(self, service_ref=None):
        """Load the driver, report resources, listen to driver events."""
        from nova_rocky.scheduler.client import report
        if self.driver is None:
            self.driver = virt_driver.load_compute_driver(
                ComputeVirtAPI(self))
        self.driver.init_host(host=self.host)
        self.service_id = service_ref.id if service_ref is not None else None
        self.reportclient = report.get_client()
        self.resource_tracker = resource_tracker.ResourceTracker(
            self.host, self.driver, self.reportclient,
            stats=self.node_stats)
        context = nova_context.get_admin_context()
        self.clean_up_evacuations(context)
        self.update_available_resource(context)
        self.driver.register_event_listener(self._on_driver_event)

    def clean_up_evacuations(self, context):
        """Remove guests and source allocations of instances evacuated
        while this host was down (flows.evacuation)."""
        try:
            return evacuation.destroy_evacuated_instances(self, context)
        except Exception:
            # The service must start anyway; the next start retries.
            LOG.exception('Cleaning up evacuated instances failed')
            return []

    def cleanup_host(self):
        """Stop taking events; let running flows finish."""
        if self.driver is not None:
            self.driver.register_event_listener(None)
        self._pool.shutdown(wait=True)
        if self.driver is not None:
            self.driver.cleanup_host(host=self.host)

    def _submit(self, func, *args, **kwargs):
        def run():
            try:
                func(self, *args, **kwargs)
            except Exception:
                LOG.exception('%s failed', func.__name__)
        return self._pool.submit(run)

    def _on_driver_event(self, event):
        self._submit(lifecycle.handle_lifecycle_event,
                     nova_context.get_admin_context(), event)

    def _run_build(self, compute, *args, **kwargs):
        # Builds beyond max_concurrent_builds wait here, in the pool, not
        # in the RPC thread.
        if self._build_slots is None:
            return self._count_build(compute, *args, **kwargs)
        with self._build_slots:
            return self._count_build(compute, *args, **kwargs)

    def _count_build(self, compute, *args, **kwargs):
        with self._stats_lock:
            self._builds_in_flight += 1
        try:
            succeeded = build.build_and_run_instance(compute, *args,
                                                     **kwargs)
        finally:
            with self._stats_lock:
                self._builds_in_flight -= 1
        with self._stats_lock:
            # As upstream: consecutive failures count, a success resets.
            self._failed_builds = 0 if succeeded else \
                self._failed_builds + 1
        return succeeded

    def node_stats(self):
        """The stats the scheduler weighs this host by: running builds
        (``io_workload``, IoOpsFilter/IoOpsWeigher), consecutive failed
        builds (``failed_builds``, BuildFailureWeigher) and guests."""
        with self._stats_lock:
            stats = {'io_workload': str(self._builds_in_flight),
                     'failed_builds': str(self._failed_builds)}
        if self.driver is not None:
            stats['num_instances'] = str(len(
                self.driver.list_instance_uuids()))
        return stats

    # -- RPC entry points -------------------------------------------------

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties, admin_password=None,
                               injected_files=None, requested_networks=None,
                               security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        """Build ``instance`` here (cast); failures go to alternates.

        Returns at once: the build runs in the worker pool
        (``nova_rocky.compute.flows.build``).
        """
        self._submit(self._run_build, context, instance, image,
                     request_spec, filter_properties, admin_password,
                     injected_files, requested_networks, security_groups,
                     block_device_mapping, node, limits, host_list)

    def terminate_instance(self, context, instance, bdms=None,
                           delete_type=None):
        """Destroy the guest, its allocations and its record (cast).

        Runs in the worker pool after any flow in progress on the instance
        (``nova_rocky.compute.flows.delete``).
        """
        self._submit(delete.terminate_instance, context, instance,
                     bdms=bdms, delete_type=delete_type)

    def _power(self, context, instance, name, **kwargs):
        self._submit(power.run_power_action, context, instance, name,
                     **kwargs)

    def reboot_instance(self, context, instance, block_device_info=None,
                        reboot_type='SOFT'):
        """Reboot the guest SOFT or HARD (cast; flows.power)."""
        self._power(context, instance, 'reboot', reboot_type=reboot_type)

    def stop_instance(self, context, instance, clean_shutdown=True):
        """Power the guest off (cast; flows.power)."""
        self._power(context, instance, 'stop')

    def start_instance(self, context, instance):
        """Power the guest on (cast; flows.power)."""
        self._power(context, instance, 'start')

    def pause_instance(self, context, instance):
        """Pause the guest (cast; flows.power)."""
        self._power(context, instance, 'pause')

    def unpause_instance(self, context, instance):
        """Unpause the guest (cast; flows.power)."""
        self._power(context, instance, 'unpause')

    def suspend_instance(self, context, instance):
        """Suspend the guest (cast; flows.power)."""
        self._power(context, instance, 'suspend')

    def resume_instance(self, context, instance):
        """Resume the guest (cast; flows.power)."""
        self._power(context, instance, 'resume')

    def soft_delete_instance(self, context, instance):
        """Power the guest off, keeping it to be restored or reclaimed
        (cast; flows.power)."""
        self._power(context, instance, 'soft_delete')

    def restore_instance(self, context, instance):
        """Power a soft-deleted guest back on (cast; flows.power)."""
        self._power(context, instance, 'restore')

    def rebuild_instance(self, context, instance, new_pass, injected_files,
                         image_ref, orig_image_ref, orig_sys_metadata, bdms,
                         recreate, on_shared_storage, node=None,
                         preserve_ephemeral=False, migration=None,
                         limits=None, request_spec=None):
        """Rebuild the guest from ``image_ref`` here (cast).

        ``recreate`` (evacuate): the guest is created on this host, the
        source being down (flows.rebuild).
        """
        self._submit(rebuild.rebuild_instance, context, instance,
                     new_pass=new_pass, image_ref=image_ref,
                     recreate=recreate, node=node, migration=migration,
                     preserve_ephemeral=preserve_ephemeral,
                     request_spec=request_spec)

    # -- periodic tasks ---------------------------------------------------

    @manager.periodic(spacing=1, run_immediately=False)
    def _periodic_reclaim_queued_deletes(self, context):
        # Read at run time, like the resource interval below.
        interval = CONF.reclaim_instance_interval
        if interval <= 0:
            return
        if time.monotonic() - self._last_reclaim >= interval:
            self._last_reclaim = time.monotonic()
            reclaim.reclaim_queued_deletes(self, context, interval)

    @manager.periodic(spacing=1, run_immediately=False)
    def _periodic_update_resources(self, context):
        # The spacing option is read at run time (a decorator argument
        # would freeze it at import); this check is cheap.
        interval = CONF.update_resources_interval
        if time.monotonic() - self._last_resource_update >= interval:
            self.update_available_resource(context)

    def update_available_resource(self, context):
        """Report every node's resources to its record and placement."""
        if self.resource_tracker is None:
            return
        self._last_resource_update = time.monotonic()
        self.resource_tracker.update_available_resource(
            context, service_id=self.service_id)
