"""The boot flow: schedule a request once, then place each instance.

``schedule_and_build_instances`` asks the scheduler ONCE for all the
instances of a boot request (it claims their allocations in placement and
returns, per instance, the chosen host followed by alternates from the same
cell). For each instance it then creates the instance in the chosen host's
cell, points the InstanceMapping at that cell, deletes the BuildRequest and
casts ``build_and_run_instance`` to the compute with the alternates.

If scheduling fails, every instance is buried in cell0: created there in
ERROR with a fault and a failed action event, so the API can show why.
The scheduler leaves no allocation behind when it fails.

Unlike upstream, the conductor sets ``host``/``node`` on the new instance:
the API can route a delete to the compute from the start, and the compute
saves one field set less.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils

from nova_rocky.compute import instance_actions
from nova_rocky.compute import utils as compute_utils
from nova_rocky.compute import vm_states
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)

SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'


def schedule_and_build_instances(conductor, context, build_requests,
                                 request_specs, image, admin_password,
                                 injected_files, requested_networks,
                                 block_device_mapping, tags=None):
    """Schedule and start building the instances of one boot request."""
    uuids = [br.instance_uuid for br in build_requests]
    try:
        host_lists = conductor.scheduler_client.select_destinations(
            context, request_specs[0], uuids, return_objects=True,
            return_alternates=True)
    except Exception as exc:
        # NoValidHost in the common case; any other failure (scheduler
        # down, RPC timeout) leaves nothing to build on either.
        LOG.warning('Scheduling of %s failed: %s', ', '.join(uuids), exc)
        bury_in_cell0(conductor, context, build_requests, request_specs, exc)
        return
    mappings = _mappings(context, uuids)
    build_args = dict(image=image, admin_password=admin_password,
                      injected_files=injected_files,
                      requested_networks=requested_networks,
                      block_device_mapping=block_device_mapping)
    for br, spec, host_list in zip(build_requests, request_specs,
                                   host_lists):
        mapping = mappings.get(br.instance_uuid)
        try:
            _build_one(conductor, context, br, spec, list(host_list),
                       mapping, build_args)
        except Exception as exc:
            LOG.exception('Could not start the build of %s',
                          br.instance_uuid)
            _fail_one(conductor, context, br, spec, mapping, exc)


def _mappings(context, uuids):
    """Instance mappings by uuid, read in one query."""
    found = objects.InstanceMappingList.get_by_instance_uuids(context,
                                                              uuids)
    return {m.instance_uuid: m for m in found}


def _allocations(selection):
    """The {provider uuid: {'resources': ...}} claimed for ``selection``."""
    if not (selection.obj_attr_is_set('allocation_request') and
            selection.allocation_request):
        return {}
    return jsonutils.loads(selection.allocation_request).get(
        'allocations', {})


def filter_properties_for(selection, attempt, tried_hosts):
    """The filter_properties a compute gets with a build.

    ``allocations`` spares the compute a placement read; ``retry`` lists
    the hosts tried so far (upstream's legacy retry dict).
    """
    return {
        'allocations': _allocations(selection),
        'retry': {'num_attempts': attempt,
                  'hosts': tried_hosts + [[selection.service_host,
                                           selection.nodename]]},
    }


def _build_one(conductor, context, build_request, request_spec, host_list,
               mapping, build_args):
    selection, alternates = host_list[0], host_list[1:]
    instance = build_request.instance
    if mapping is None:
        # The API removes the mapping with the build request when the user
        # deletes a server that is still scheduling.
        LOG.info('Instance %s was deleted while scheduling',
                 instance.uuid)
        _forget_allocations(conductor, context, instance.uuid)
        return
    cell = conductor.cells.for_selection(context, selection)
    instance.host = selection.service_host
    instance.node = selection.nodename
    instance.launched_on = selection.service_host
    with nova_context.target_cell(context, cell) as cctxt:
        instance._context = cctxt
        instance.create()
        objects.InstanceAction.action_start(
            cctxt, instance.uuid, instance_actions.CREATE, want_result=False)
        mapping.cell_mapping = cell
        mapping.save()
        try:
            build_request.destroy()
        except exception.BuildRequestNotFound:
            # The user deleted the server between our scheduling and now.
            LOG.info('Instance %s was deleted while scheduling; removing '
                     'it again', instance.uuid)
            instance.destroy()
            _forget_allocations(conductor, context, instance.uuid)
            return
        conductor.compute_rpcapi.build_and_run_instance(
            cctxt, instance, selection.service_host,
            request_spec=request_spec,
            filter_properties=filter_properties_for(selection, 1, []),
            security_groups=None, node=selection.nodename,
            limits=selection.limits if selection.obj_attr_is_set(
                'limits') else None,
            host_list=alternates, **build_args)


def _fail_one(conductor, context, build_request, request_spec, mapping,
              exc):
    """Put one instance whose build could not start into ERROR."""
    _forget_allocations(conductor, context, build_request.instance_uuid)
    instance = build_request.instance
    if instance.obj_attr_is_set('id'):
        # Created in its cell already: record the failure there.
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        try:
            instance.save()
            compute_utils.add_instance_fault_from_exc(
                instance._context, instance, exc)
        except Exception:
            LOG.exception('Could not set instance %s to ERROR',
                          instance.uuid)
        return
    bury_in_cell0(conductor, context, [build_request], [request_spec], exc,
                  mappings={build_request.instance_uuid: mapping})


def _forget_allocations(conductor, context, instance_uuid):
    try:
        conductor.report_client.delete_allocation_for_instance(
            context, instance_uuid)
    except Exception:
        LOG.exception('Could not delete the allocations of %s',
                      instance_uuid)


def bury_in_cell0(conductor, context, build_requests, request_specs, exc,
                  mappings=None):
    """Create the instances in cell0 in ERROR, with ``exc`` as their fault.

    Each instance gets a 'create' action whose scheduling event failed,
    its mapping points at cell0 and its build request is deleted. One the
    user deleted meanwhile (no build request left) is removed again.
    """
    cell0 = conductor.cells.by_uuid(context, nova_context.CELL0_UUID)
    if mappings is None:
        mappings = _mappings(context,
                             [br.instance_uuid for br in build_requests])
    with nova_context.target_cell(context, cell0) as cctxt:
        for build_request in build_requests:
            try:
                _bury_one(conductor, cctxt, build_request, cell0,
                          mappings.get(build_request.instance_uuid), exc)
            except Exception:
                LOG.exception('Could not bury instance %s in cell0',
                              build_request.instance_uuid)


def _bury_one(conductor, cctxt, build_request, cell0, mapping, exc):
    instance = build_request.instance
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    instance._context = cctxt
    instance.create()
    compute_utils.add_instance_fault_from_exc(cctxt, instance, exc)
    objects.InstanceAction.action_start(
        cctxt, instance.uuid, instance_actions.CREATE, want_result=False)
    with compute_utils.EventReporter(cctxt, SCHEDULE_EVENT, conductor.host,
                                     instance.uuid) as reporter:
        reporter.fail(exc)
    if mapping is not None:
        mapping.cell_mapping = cell0
        mapping.save()
    try:
        build_request.destroy()
    except exception.BuildRequestNotFound:
        LOG.info('Instance %s was deleted while scheduling', instance.uuid)
        instance.destroy()
