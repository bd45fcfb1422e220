"""Server side of the conductor RPC API.

The conductor remotes object methods for computes (which hold no database
credentials) and runs the task flows that span the API database, the
cells, the scheduler and the computes. Entry points stay thin: flows live
in ``nova_rocky.conductor.tasks``.
"""

import copy
import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base

from nova_rocky.compute import rpcapi as compute_rpcapi
from nova_rocky.conductor.tasks import build
from nova_rocky.conductor.tasks import cells
from nova_rocky.conductor.tasks import rebuild
from nova_rocky.conductor.tasks import reschedule
from nova_rocky import manager
from nova_rocky.objects import base as objects_base

LOG = logging.getLogger(__name__)


def _dispatch(target, method, args, kwargs):
    """Call ``target.method``; its exceptions go back to the caller.

    ExpectedException tells oslo.messaging the failure belongs to the
    caller (an InstanceNotFound, a task state conflict), so the conductor
    does not log a traceback for each of them.
    """
    try:
        return getattr(target, method)(*args, **kwargs)
    except Exception:
        raise messaging.ExpectedException()


def _snapshot(obj):
    """The set fields of ``obj``: nested objects by identity, the rest as
    shallow copies (enough for the dict and list fields changed in place).

    Cheaper than obj_clone(), which deep-copies nested objects such as an
    instance's flavor on every remoted save.
    """
    return {name: value if isinstance(value, ovo_base.VersionedObject)
            else copy.copy(value)
            for name, value in ((n, getattr(obj, n)) for n in obj.fields
                                if obj.obj_attr_is_set(n))}


def _changed_fields(before, after):
    """Primitives of the fields of ``after`` that differ from ``before``.

    A nested object counts as changed when it was replaced or has unsaved
    changes; the caller's copy is otherwise already the same.
    """
    updates = {}
    for name, field in after.fields.items():
        if not after.obj_attr_is_set(name):
            continue
        value = getattr(after, name)
        if isinstance(value, ovo_base.VersionedObject):
            changed = (before.get(name) is not value or
                       bool(value.obj_what_changed()))
        else:
            changed = name not in before or before[name] != value
        if changed:
            updates[name] = field.to_primitive(after, name, value)
    updates['obj_what_changed'] = sorted(after.obj_what_changed())
    return updates


class ConductorManager(manager.Manager):
    """Mission: conduct. See ``nova_rocky.conductor.rpcapi`` for the API.

    Clients of the scheduler, the computes and placement are built on
    first use and shared by every flow; cell and host mappings are cached
    (``reset`` drops the cache, e.g. on SIGHUP after cells change).
    """

    target = messaging.Target(version='1.1')

    def __init__(self, host=None):
        super().__init__(host=host, service_name='conductor')
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.cells = cells.CellCache()
        self._scheduler_client = None
        self._report_client = None
        self._lock = threading.Lock()

    @property
    def scheduler_client(self):
        if self._scheduler_client is None:
            from nova_rocky.scheduler import rpcapi as scheduler_rpcapi
            with self._lock:
                self._scheduler_client = (self._scheduler_client or
                                          scheduler_rpcapi.SchedulerAPI())
        return self._scheduler_client

    @property
    def report_client(self):
        if self._report_client is None:
            from nova_rocky.scheduler.client import report
            with self._lock:
                self._report_client = (self._report_client or
                                       report.get_client())
        return self._report_client

    def reset(self):
        """Forget cached cell and host mappings."""
        self.cells.clear()

    def ping(self, context, arg):
        """Answer a liveness check from a starting service."""
        return {'service': 'conductor', 'arg': arg}

    # -- object indirection -----------------------------------------------

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        """Run a remotable classmethod for a caller without a database.

        The result is backported to the version the caller knows when it
        is older (or of another major version) than ours.
        """
        objclass = objects_base.NovaObject.obj_class_from_name(
            objname, object_versions[objname])
        result = _dispatch(objclass, objmethod, [context] + list(args),
                           kwargs)
        if not isinstance(result, objects_base.NovaObject):
            return result
        wanted = object_versions.get(result.obj_name(), result.VERSION)
        want = versionutils.convert_version_to_tuple(wanted)
        have = versionutils.convert_version_to_tuple(result.VERSION)
        if want < have or want[0] != have[0]:
            return result.obj_to_primitive(target_version=wanted,
                                           version_manifest=object_versions)
        return result

    def object_action(self, context, objinst, objmethod, args, kwargs):
        """Run a remotable method of ``objinst``; return (updates, result).

        ``updates`` holds the fields the method changed (as primitives)
        plus ``obj_what_changed``, which the caller applies to its copy.
        """
        before = _snapshot(objinst)
        with objinst.obj_alternate_context(context):
            result = _dispatch(objinst, objmethod, args, kwargs)
        return _changed_fields(before, objinst), result

    def object_backport_versions(self, context, objinst, object_versions):
        """Return ``objinst`` as a primitive the caller can read."""
        return objinst.obj_to_primitive(
            target_version=object_versions[objinst.obj_name()],
            version_manifest=object_versions)

    # -- compute tasks ----------------------------------------------------

    def schedule_and_build_instances(self, context, build_requests,
                                     request_specs, image, admin_password,
                                     injected_files, requested_networks,
                                     block_device_mapping, tags=None):
        """Schedule one boot request and start its builds on computes.

        Instances that cannot be scheduled end up in cell0 in ERROR; see
        ``nova_rocky.conductor.tasks.build``.
        """
        build.schedule_and_build_instances(
            self, context, build_requests, request_specs, image,
            admin_password, injected_files, requested_networks,
            block_device_mapping, tags=tags)

    def build_instances(self, context, instances, image, filter_properties,
                        admin_password, injected_files, requested_networks,
                        security_groups, block_device_mapping,
                        legacy_bdm=True, request_spec=None, host_lists=None):
        """Move failed builds to their next alternate host, or to ERROR.

        See ``nova_rocky.conductor.tasks.reschedule``.
        """
        reschedule.build_instances(
            self, context, instances, image, filter_properties,
            admin_password, injected_files, requested_networks,
            security_groups, block_device_mapping, request_spec=request_spec,
            host_lists=host_lists)

    def rebuild_instance(self, context, instance, orig_image_ref, image_ref,
                         injected_files, new_pass, orig_sys_metadata, bdms,
                         recreate, on_shared_storage,
                         preserve_ephemeral=False, host=None,
                         request_spec=None, instance_updates=None,
                         image=None, migration=None):
        """Check a rebuild or evacuation with the scheduler, then save the
        requested changes and cast it to the compute.

        See ``nova_rocky.conductor.tasks.rebuild``.
        """
        rebuild.rebuild_instance(
            self, context, instance, orig_image_ref, image_ref, new_pass,
            recreate, preserve_ephemeral=preserve_ephemeral, host=host,
            request_spec=request_spec, instance_updates=instance_updates,
            image=image, migration=migration)
