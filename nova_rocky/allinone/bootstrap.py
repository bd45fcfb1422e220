"""First-start preparation of the all-in-one state, safe to repeat.

Each step checks before it writes, so a second start finds everything the
first one left and changes nothing.
"""

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.db import migration
from nova_rocky import exception
from nova_rocky import objects

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# The devstack flavors users know, by id.
DEFAULT_FLAVORS = (
    # flavorid, name, vcpus, memory_mb, root_gb
    ('1', 'm1.tiny', 1, 512, 1),
    ('2', 'm1.small', 1, 2048, 20),
    ('3', 'm1.medium', 2, 4096, 40),
    ('4', 'm1.large', 4, 8192, 80),
    ('5', 'm1.xlarge', 8, 16384, 160),
    ('42', 'm1.nano', 1, 128, 1),
    ('84', 'm1.micro', 1, 192, 1),
)


def sync_databases(state):
    """Bring the API, cell0 and cell1 databases to the newest schema."""
    migration.db_sync('api', CONF.api_database.connection)
    migration.db_sync('main', state.cell0_db)
    migration.db_sync('main', CONF.database.connection)


def ensure_cells(ctxt, state):
    """Map cell0 and cell1 once; return the cell1 mapping."""
    existing = {cell.uuid: cell for cell in
                objects.CellMappingList.get_all(ctxt)}
    if nova_context.CELL0_UUID not in existing:
        objects.CellMapping(ctxt, uuid=nova_context.CELL0_UUID, name='cell0',
                            transport_url='none:///',
                            database_connection=state.cell0_db).create()
    for cell in existing.values():
        if cell.database_connection == CONF.database.connection:
            return cell
    cell1 = objects.CellMapping(ctxt, name='cell1',
                                transport_url=CONF.transport_url,
                                database_connection=CONF.database.connection)
    cell1.create()
    LOG.info('Mapped cell1 (%s)', cell1.uuid)
    return cell1


def ensure_flavors(ctxt):
    """Create the default flavors when no flavor exists yet."""
    if len(objects.FlavorList.get_all(ctxt, inactive=True)):
        return
    for flavorid, name, vcpus, memory_mb, root_gb in DEFAULT_FLAVORS:
        flavor = objects.Flavor(ctxt, flavorid=flavorid, name=name,
                                vcpus=vcpus, memory_mb=memory_mb,
                                root_gb=root_gb, ephemeral_gb=0, swap=0,
                                rxtx_factor=1.0, is_public=True,
                                disabled=False)
        try:
            flavor.create()
        except (exception.FlavorExists, exception.FlavorIdExists):
            pass


def ensure_demo_image(ctxt):
    from nova_rocky import image
    from nova_rocky.image import seed
    return seed.ensure_demo_image(ctxt, image.API())


def bootstrap(state):
    """Run every first-start step; return the cell1 mapping."""
    state.create()
    sync_databases(state)
    ctxt = nova_context.get_admin_context()
    cell1 = ensure_cells(ctxt, state)
    ensure_flavors(ctxt)
    ensure_demo_image(ctxt)
    return cell1
