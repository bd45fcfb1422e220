"""Host discovery: map compute hosts to the cell they registered in.

A nova-compute writes its compute node (and service) rows into its own
cell database; the API and the scheduler only find the host once the API
database has a HostMapping for it. ``discover_hosts`` creates the missing
mappings, cell by cell. nova-manage ``cell_v2 discover_hosts`` and
``simple_cell_setup`` call it, and so does the all-in-one process once its
computes have registered.

By default the source is the compute nodes whose ``mapped`` flag is still
0 (the flag is set once the host is mapped, so a later run reads only new
nodes). ``by_service=True`` reads the nova-compute service records
instead, for drivers that create compute nodes late or not at all.

``map_instances`` creates the missing InstanceMappings of a cell's
instances (``simple_cell_setup`` of a deployment that ran without cells).
"""

from oslo_db import exception as db_exc

from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects

COMPUTE_BINARY = 'nova-compute'


def _ignore(message):
    pass


def _map_host(ctxt, cell, host, status_fn):
    """Create the HostMapping of ``host`` unless it exists; None if it did.

    Raises DuplicateRecord when another discovery created it between our
    read and our write (two discoveries must not run in parallel).
    """
    try:
        objects.HostMapping.get_by_host(ctxt, host)
        return None
    except exception.HostMappingNotFound:
        pass
    status_fn("Creating host mapping for compute host '%s' in cell %s"
              % (host, cell.uuid))
    mapping = objects.HostMapping(ctxt, host=host, cell_mapping=cell)
    try:
        mapping.create()
    except db_exc.DBDuplicateEntry:
        raise exception.DuplicateRecord(what='Host mapping of %s' % host)
    return mapping


def _discover_by_node(ctxt, cell_ctxt, cell, status_fn):
    added = []
    nodes = [node for node in objects.ComputeNodeList.get_all(cell_ctxt)
             if not node.mapped and node.host]
    for node in nodes:
        status_fn("Checking host mapping for compute host '%s': %s"
                  % (node.host, node.uuid))
        mapping = _map_host(ctxt, cell, node.host, status_fn)
        if mapping is not None:
            added.append(mapping)
        # Flag the node even when its host was already mapped (a host with
        # several nodes): the next run then skips it without a lookup.
        node.mapped = 1
        node.save()
    return added


def _discover_by_service(ctxt, cell_ctxt, cell, status_fn):
    added = []
    services = objects.ServiceList.get_by_binary(
        cell_ctxt, COMPUTE_BINARY, include_disabled=True)
    for service in services:
        mapping = _map_host(ctxt, cell, service.host, status_fn)
        if mapping is not None:
            added.append(mapping)
    return added


def discover_hosts(context, cell_uuid=None, by_service=False,
                   status_fn=None):
    """Map every unmapped compute host; return the new HostMappings.

    :param context: an admin RequestContext (API database access)
    :param cell_uuid: only look in this cell (CellMappingNotFound if it is
        not mapped); default: every cell but cell0
    :param by_service: discover from nova-compute service records instead
        of compute nodes
    :param status_fn: called with one progress line at a time (nova-manage
        prints them with --verbose)
    :raises: DuplicateRecord if a host got mapped concurrently
    """
    status_fn = status_fn or _ignore
    if cell_uuid:
        cells = [objects.CellMapping.get_by_uuid(context, cell_uuid)]
    else:
        cells = objects.CellMappingList.get_all(context)
        status_fn('Found %d cell mappings.' % len(cells))
    discover = _discover_by_service if by_service else _discover_by_node
    added = []
    for cell in cells:
        if cell.is_cell0():
            # cell0 holds only instances that never got a host.
            status_fn('Skipping cell0 since it does not contain hosts.')
            continue
        status_fn("Getting computes from cell '%s': %s"
                  % (cell.name or '', cell.uuid))
        with nova_context.target_cell(context, cell) as cell_ctxt:
            found = discover(context, cell_ctxt, cell, status_fn)
        status_fn('Found %d unmapped computes in cell: %s'
                  % (len(found), cell.uuid))
        added.extend(found)
    return added


def map_instances(context, cell):
    """Map every instance of ``cell`` that has no InstanceMapping yet.

    Deleted instances are mapped too, as upstream: their mappings go
    away when the rows are archived. Returns the number of new mappings.
    """
    with nova_context.target_cell(context, cell) as cell_ctxt:
        instances = objects.InstanceList.get_by_filters(
            cell_ctxt.elevated(read_deleted='yes'), {})
    uuids = [instance.uuid for instance in instances]
    mapped = {m.instance_uuid for m in
              objects.InstanceMappingList.get_by_instance_uuids(
                  context, uuids)}
    created = 0
    for instance in instances:
        if instance.uuid in mapped:
            continue
        try:
            objects.InstanceMapping(
                context, instance_uuid=instance.uuid, cell_mapping=cell,
                project_id=instance.project_id,
                user_id=instance.user_id).create()
            created += 1
        except db_exc.DBDuplicateEntry:
            pass  # mapped meanwhile by the API
    return created
