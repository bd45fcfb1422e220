"""A compute coming back after its instances were evacuated.

For each evacuation away from this host that is not finished, the
guest left here is destroyed (the instance runs elsewhere now) and the
source allocations its Migration record held in placement are deleted;
the migration becomes ``completed``. Runs at service start, before the
compute reports its resources.
"""

from oslo_log import log as logging

from nova_rocky import objects

LOG = logging.getLogger(__name__)

_IN_FLIGHT = ('accepted', 'pre-migrating', 'done')


class _Guest(object):
    """What the driver needs to destroy a guest: its instance's uuid."""

    def __init__(self, uuid):
        self.uuid = uuid
        self.name = uuid


def destroy_evacuated_instances(compute, context):
    """Clean up after evacuations from this host; returns their uuids."""
    migrations = objects.MigrationList.get_by_filters(context, {
        'source_compute': compute.host, 'migration_type': 'evacuation',
        'status': list(_IN_FLIGHT)})
    if not migrations:
        return []
    local = set(compute.driver.list_instance_uuids())
    cleaned = []
    for migration in migrations:
        if migration.instance_uuid in local:
            LOG.info('Destroying the guest of %s, evacuated to %s',
                     migration.instance_uuid, migration.dest_compute)
            compute.driver.destroy(context, _Guest(migration.instance_uuid),
                                   destroy_disks=True)
        compute.reportclient.delete_allocation_for_instance(context,
                                                            migration.uuid)
        migration.status = 'completed'
        migration.save()
        cleaned.append(migration.instance_uuid)
    return cleaned
