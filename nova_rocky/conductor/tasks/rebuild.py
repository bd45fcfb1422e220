"""The rebuild flow: schedule first, persist after, then cast.

The API saved only ``task_state = rebuilding`` and recorded the 'rebuild'
action (``compute/rebuild_api.py``). Here, as the action's event
``rebuild_server``:

1. **Schedule.** A rebuild with a new image asks the scheduler whether
   the server's own host takes that image: a copy of the request spec
   with the new image, the ``_nova_check_type=rebuild`` hint and the
   host and node forced (the scheduler then skips placement and runs only
   the filters marked ``RUN_ON_REBUILD``). The image's required traits
   are then checked against the providers that hold the server's
   allocations. The same image stays on its host without asking.
2. **Persist.** Only then are the requested changes (image, name,
   metadata, key pair, ...) saved on the instance, and the new image in
   the request spec (the copy with the hint is never saved).
3. **Cast** ``rebuild_instance`` to the compute.

If scheduling refuses (NoValidHost, or any other failure before the
save), nothing was changed: the task state is cleared, so the server is
exactly as before with its previous vm_state; the event is Error with the
reason, a fault records it and ``instance.rebuild.error`` is sent. Since
the image was never saved, retrying the same rebuild is scheduled again
(upstream bug 1746032 is impossible by construction). Upstream instead
puts the healthy server into ERROR here.
"""

from oslo_log import log as logging

from nova_rocky.compute import task_states
from nova_rocky.compute import utils as compute_utils
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.notifications import instance as notify

LOG = logging.getLogger(__name__)

EVENT = 'rebuild_server'
REBUILD_HINT = '_nova_check_type'


def rebuild_instance(conductor, context, instance, orig_image_ref,
                     image_ref, new_pass, recreate, preserve_ephemeral=False,
                     host=None, request_spec=None, instance_updates=None,
                     image=None, migration=None):
    """Run one rebuild (or evacuation); never raises."""
    with _instance_cell(context, instance) as cctxt:
        instance._context = cctxt
        with compute_utils.EventReporter(cctxt, EVENT, conductor.host,
                                         instance.uuid) as reporter:
            try:
                if recreate:
                    from nova_rocky.conductor.tasks import evacuate
                    host, node = evacuate.choose_destination(
                        conductor, cctxt, instance, request_spec, host,
                        migration)
                else:
                    node = instance.node
                    if image_ref != orig_image_ref:
                        check_new_image_on_host(conductor, cctxt, instance,
                                                request_spec, image)
                    host = instance.host
                persist(instance, instance_updates, request_spec, image)
            except Exception as exc:
                reporter.fail(exc)
                refuse(conductor, cctxt, instance, exc, migration)
                return
        conductor.compute_rpcapi.rebuild_instance(
            cctxt, instance, new_pass=new_pass, injected_files=[],
            image_ref=image_ref, orig_image_ref=orig_image_ref,
            orig_sys_metadata=None, bdms=[], recreate=recreate,
            on_shared_storage=False, host=host, node=node,
            preserve_ephemeral=preserve_ephemeral, migration=migration,
            request_spec=request_spec)


class _instance_cell(object):
    """Target the context at the instance's cell (from its mapping)."""

    def __init__(self, context, instance):
        self._context = context
        self._instance = instance
        self._target = None

    def __enter__(self):
        try:
            mapping = objects.InstanceMapping.get_by_instance_uuid(
                self._context, self._instance.uuid)
        except exception.InstanceMappingNotFound:
            return self._context
        self._target = nova_context.target_cell(self._context,
                                                mapping.cell_mapping)
        return self._target.__enter__()

    def __exit__(self, *exc_info):
        if self._target is not None:
            return self._target.__exit__(*exc_info)
        return False


def rebuild_spec(request_spec, image, host, node):
    """A copy of ``request_spec`` asking to check ``image`` on ``host``."""
    spec = request_spec.obj_clone()
    if image is not None:
        spec.image = objects.ImageMeta.from_dict(image)
    hints = dict(spec.scheduler_hints or {}) if spec.obj_attr_is_set(
        'scheduler_hints') else {}
    hints[REBUILD_HINT] = ['rebuild']
    spec.scheduler_hints = hints
    spec.force_hosts = [host]
    spec.force_nodes = [node] if node else None
    spec.ignore_hosts = None
    spec.requested_destination = None
    return spec


def check_new_image_on_host(conductor, context, instance, request_spec,
                            image):
    """Raise NoValidHost unless the server's host takes the new image."""
    if request_spec is None:
        raise exception.NoValidHost(
            reason='The request spec of the instance is missing.')
    spec = rebuild_spec(request_spec, image, instance.host, instance.node)
    conductor.scheduler_client.select_destinations(
        context, spec, [instance.uuid], return_objects=True,
        return_alternates=False)
    validate_image_traits(conductor, context, instance, spec.image)


def validate_image_traits(conductor, context, instance, image_meta):
    """The providers holding the allocations must have the image's
    required traits (placement is not asked again on rebuild)."""
    props = image_meta.properties if image_meta.obj_attr_is_set(
        'properties') else None
    required = set(props.traits_required) if props is not None and \
        props.obj_attr_is_set('traits_required') else set()
    if not required:
        return
    allocations = conductor.report_client.get_allocations_for_consumer(
        context, instance.uuid)
    traits = set()
    for rp_uuid in allocations:
        traits |= conductor.report_client.get_provider_traits(context,
                                                              rp_uuid)
    if required - traits:
        raise exception.NoValidHost(
            reason='Image traits cannot be satisfied by the current '
                   'resource providers. Either specify a different image '
                   'during rebuild or create a new server with the '
                   'specified image.')


def persist(instance, instance_updates, request_spec, image):
    """Save the requested changes now that scheduling passed."""
    for field, value in (instance_updates or {}).items():
        setattr(instance, field, value)
    instance.save(expected_task_state=[task_states.REBUILDING])
    if request_spec is not None and image is not None:
        request_spec.image = objects.ImageMeta.from_dict(image)
        request_spec.save()


def refuse(conductor, context, instance, exc, migration=None):
    """Leave the server as it was: clear the task state, say why."""
    if isinstance(exc, exception.NoValidHost):
        LOG.info('Rebuild of %s refused by the scheduler: %s',
                 instance.uuid, exc)
    else:
        LOG.error('Rebuild of %s failed before it was saved: %s',
                  instance.uuid, exc)
    compute_utils.add_instance_fault_from_exc(context, instance, exc)
    if migration is not None:
        migration.status = 'error'
        try:
            migration.save()
        except Exception:
            LOG.exception('Could not mark migration %s error', migration.uuid)
    # Drop whatever the failed attempt may have set in memory: only the
    # task state is to be written.
    changed = instance.obj_what_changed()
    if changed:
        instance.refresh()
    instance.task_state = None
    try:
        instance.save(expected_task_state=[task_states.REBUILDING])
    except Exception:
        LOG.exception('Could not clear the task state of %s', instance.uuid)
    notify.send(context, instance, conductor.host, 'rebuild', 'error',
                fault=exc, source='nova-conductor')
