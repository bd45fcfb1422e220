"""Rebuild (or, with ``recreate``, evacuate) one instance on this host.

The conductor has already passed scheduling and saved everything the
request changes (image, name, metadata, ...): this flow only re-creates
the guest from ``image_ref``. Under the instance's lock, as the event
``compute_rebuild_instance``:

1. ``rebuild_spawning``: the driver rebuilds the guest in place, or, if
   it cannot (``NotImplementedError``), the flow destroys and spawns it.
   For an evacuation the source host is down and holds the old guest, so
   the guest is only spawned here and the instance moves to this host.
2. The instance is ACTIVE again (STOPPED if it was stopped: a rebuild
   does not start a server its owner stopped), ``launched_at`` renewed;
   an evacuation's Migration record becomes ``done``.

A failure sets the instance to ERROR with a fault (the guest is gone or
half made), marks the migration ``failed`` and sends
``instance.rebuild.error``.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_rocky.compute import task_states
from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states
from nova_rocky import objects
from nova_rocky.notifications import instance as notify
from nova_rocky.virt import power_state

LOG = logging.getLogger(__name__)

EVENT = 'compute_rebuild_instance'


def rebuild_instance(compute, context, instance, new_pass, image_ref,
                     recreate=False, node=None, migration=None,
                     preserve_ephemeral=False, request_spec=None):
    """Rebuild the guest of ``instance`` here; never raises."""
    with compute.instance_locks.hold(instance.uuid):
        with compute_utils.EventReporter(context, EVENT, compute.host,
                                         instance.uuid) as reporter:
            if recreate:
                notify.send(context, instance, compute.host, 'evacuate')
            notify.send(context, instance, compute.host, 'rebuild', 'start')
            try:
                _rebuild(compute, context, instance, new_pass, image_ref,
                         recreate, node, preserve_ephemeral, request_spec)
            except Exception as exc:
                if compute_utils.is_instance_gone(exc):
                    reporter.fail(exc)
                    return
                LOG.warning('Rebuild of %s failed on %s: %s', instance.uuid,
                            compute.host, exc)
                reporter.fail(exc)
                _set_error(context, compute, instance, exc, migration)
                notify.send(context, instance, compute.host, 'rebuild',
                            'error', fault=exc)
                return
            _finish_migration(migration, 'done')
            notify.send(context, instance, compute.host, 'rebuild', 'end')


def _rebuild(compute, context, instance, new_pass, image_ref, recreate,
             node, preserve_ephemeral, request_spec):
    was_stopped = instance.vm_state == vm_states.STOPPED
    if recreate:
        instance.host = compute.host
        instance.node = node or compute.driver.get_available_nodes()[0]
    instance.task_state = task_states.REBUILD_SPAWNING
    instance.save(expected_task_state=[task_states.REBUILDING])
    # The conductor hands over the request spec it saved with the new
    # image: no image service round trip from the compute.
    if request_spec is not None and request_spec.obj_attr_is_set('image') \
            and request_spec.image is not None:
        image_meta = request_spec.image
    else:
        image_meta = objects.ImageMeta.from_dict({'id': image_ref})
    driver = compute.driver
    if recreate:
        driver.spawn(context, instance, image_meta, [], new_pass, {})
    else:
        try:
            driver.rebuild(context, instance, image_meta, [], new_pass, {},
                           bdms=[], detach_block_devices=None,
                           attach_block_devices=None,
                           preserve_ephemeral=preserve_ephemeral)
        except NotImplementedError:
            driver.destroy(context, instance, destroy_disks=True)
            driver.spawn(context, instance, image_meta, [], new_pass, {})
    if was_stopped:
        driver.power_off(instance)
    instance.power_state = (power_state.SHUTDOWN if was_stopped
                            else power_state.RUNNING)
    instance.vm_state = vm_states.STOPPED if was_stopped else \
        vm_states.ACTIVE
    instance.task_state = None
    instance.launched_at = timeutils.utcnow()
    instance.save(expected_task_state=[task_states.REBUILD_SPAWNING])
    LOG.info('Instance %s rebuilt on %s', instance.uuid, compute.host)


def _finish_migration(migration, status):
    if migration is None:
        return
    migration.status = status
    try:
        migration.save()
    except Exception:
        LOG.exception('Could not mark migration %s %s', migration.uuid,
                      status)


def _set_error(context, compute, instance, exc, migration):
    compute_utils.add_instance_fault_from_exc(context, instance, exc,
                                              host=compute.host)
    _finish_migration(migration, 'failed')
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except Exception:
        LOG.exception('Could not set %s to ERROR', instance.uuid)
