"""Rebuild in the compute API facade: check, mark, hand to the conductor.

The seed's decision (Rocky PTG): the API persists NOTHING of a rebuild
request but the task state. It checks what it can (lock, state, image,
key pair, metadata, user data), saves ``task_state = rebuilding`` with
``expected_task_state=[None]`` (so a concurrent action gets a 409 and
clients see REBUILD), records the 'rebuild' action and casts the
requested changes to the conductor as ``instance_updates``. The conductor
saves them, with the new image in the request spec, only after the
scheduler accepted the new image on the server's host
(``conductor/tasks/rebuild.py``); a refused rebuild leaves the server
exactly as it was. Upstream saves the image and fields here, before
scheduling (bug 1746032).
"""

from oslo_log import log as logging

from nova_rocky.compute import boot
from nova_rocky.compute import instance_actions as actions
from nova_rocky.compute import quotas
from nova_rocky.compute import server_actions
from nova_rocky.compute import state_checks
from nova_rocky.compute import task_states as ts
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)

# Request fields -> instance fields a rebuild may change.
_REBUILD_FIELDS = {
    'name': 'display_name', 'description': 'display_description',
    'metadata': 'metadata', 'access_ip_v4': 'access_ip_v4',
    'access_ip_v6': 'access_ip_v6', 'auto_disk_config': 'auto_disk_config',
    'key_name': 'key_name', 'user_data': 'user_data',
}


def _image_sysmeta(instance, image):
    """The instance's system metadata with the new image's image_* keys."""
    sysmeta = {k: v for k, v in (instance.system_metadata or {}).items()
               if not k.startswith('image_')}
    sysmeta.update(boot.image_system_metadata(image))
    return sysmeta


class RebuildMixin(object):
    """Rebuild (and later evacuate) of ``compute.api.API``."""

    def _rebuild_updates(self, context, instance, image, changes):
        """The instance fields a rebuild sets, checked (400s on bad input).

        ``changes`` holds the request's keys of ``_REBUILD_FIELDS``;
        ``key_name`` None unsets the key pair (2.54).
        """
        updates = {'image_ref': image['id'],
                   'system_metadata': _image_sysmeta(instance, image)}
        for key, value in changes.items():
            field = _REBUILD_FIELDS[key]
            updates[field] = value
        if 'metadata' in changes:
            quotas.check_metadata(changes['metadata'])
        if 'user_data' in changes:
            boot.check_user_data(changes['user_data'])
        if 'key_name' in changes:
            key_name = changes['key_name']
            updates['key_data'] = None if key_name is None else \
                objects.KeyPair.get_by_name(context, context.user_id,
                                            key_name).public_key
        if 'display_name' in updates:
            updates['display_name'] = updates['display_name'].strip()
        return updates

    def rebuild(self, context, instance, image_href, admin_password,
                preserve_ephemeral=False, **changes):
        """Accept a rebuild of ``instance`` from ``image_href``.

        Returns the requested field values (instance field -> value),
        which the REST handler shows in its 202 body although nothing but
        the task state is saved yet. Raises InstanceIsLocked /
        InstanceInvalidState (409), ImageNotFound, ImageNotActive,
        FlavorDiskTooSmall, FlavorMemoryTooSmall, KeypairNotFound,
        InvalidMetadata... (400).
        """
        state_checks.check_instance_lock(context, instance)
        state_checks.check_instance_state(instance, 'rebuild')
        if not instance.obj_attr_is_set('id') or not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        image = self.image_api.get(context, image_href)
        boot.check_image(instance.flavor, image)
        updates = self._rebuild_updates(context, instance, image, changes)
        orig_image_ref = instance.image_ref
        instance.task_state = ts.REBUILDING
        instance.save(expected_task_state=[None])
        server_actions.record_action(instance, actions.REBUILD)
        request_spec = objects.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        self.conductor.rebuild_instance(
            instance._context, instance=instance, new_pass=admin_password,
            injected_files=[], image_ref=image['id'],
            orig_image_ref=orig_image_ref, orig_sys_metadata=None, bdms=[],
            recreate=False, on_shared_storage=False,
            preserve_ephemeral=preserve_ephemeral, host=None,
            request_spec=request_spec, instance_updates=updates,
            image=image)
        return updates

    # -- evacuate -----------------------------------------------------------

    def evacuate(self, context, instance, host=None, admin_password=None,
                 force=False):
        """Rebuild ``instance`` elsewhere because its host is down.

        Allowed only when the source compute service is down or forced
        down (ComputeServiceInUse otherwise, a 400). ``host`` names the
        destination (ComputeHostNotFound, 404, if unknown); the scheduler
        checks it unless ``force``. Creates the 'evacuation' Migration
        (status ``accepted``) and casts the same conductor rebuild path
        with ``recreate=True``; the source's allocations move to the
        migration's consumer until the source cleans up on its return.
        """
        state_checks.check_instance_state(instance, 'evacuate')
        if not instance.obj_attr_is_set('id') or not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        cctxt = instance._context
        if self._compute_is_up(cctxt, instance.host):
            raise exception.ComputeServiceInUse(host=instance.host)
        if host is not None:
            if host == instance.host:
                raise exception.Invalid(
                    message="The target host can't be the same one.")
            try:
                objects.Service.get_by_host_and_binary(cctxt, host,
                                                       'nova-compute')
            except exception.NotFound:
                raise exception.ComputeHostNotFound(host=host)
        migration = objects.Migration(
            cctxt, source_compute=instance.host, source_node=instance.node,
            dest_compute=host, instance_uuid=instance.uuid,
            status='accepted', migration_type='evacuation',
            old_instance_type_id=instance.flavor.id,
            new_instance_type_id=instance.flavor.id)
        instance.task_state = ts.REBUILDING
        instance.save(expected_task_state=[None])
        migration.create()
        server_actions.record_action(instance, actions.EVACUATE)
        request_spec = objects.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        if host is not None and not force:
            # For this request only (the conductor never saves the spec of
            # an evacuation): the scheduler must pick the named host.
            request_spec.requested_destination = objects.Destination(
                host=host)
        self.conductor.rebuild_instance(
            cctxt, instance=instance, new_pass=admin_password,
            injected_files=[], image_ref=instance.image_ref,
            orig_image_ref=instance.image_ref, orig_sys_metadata=None,
            bdms=[], recreate=True, on_shared_storage=False,
            preserve_ephemeral=False, host=host if force else None,
            request_spec=request_spec, instance_updates={}, image=None,
            migration=migration)
        return migration
