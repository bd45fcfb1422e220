"""nova-manage ``cell_v2``: cell, host and instance mappings.

The commands, options, messages and exit statuses follow upstream Nova's
(Rocky); each method's docstring lists its exit statuses. Every command
here needs a reachable, migrated API database: nova-manage checks that
before it runs one (see ``manage.py``).
"""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import prettytable

from nova_rocky.cells import discovery
from nova_rocky.cells import urls
from nova_rocky.cmd import common
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.db import migration
from nova_rocky import exception
from nova_rocky import objects

CONF = conf.CONF
args = common.args
CELL0_TRANSPORT_URL = 'none:///'


def _configured_transport_url():
    """[DEFAULT]transport_url, or None when only its default is there.

    oslo.messaging defaults it to ``rabbit://`` (a local broker as guest);
    a cell mapping must not silently get that.
    """
    location = CONF.get_location('transport_url')
    if location is None or location.location.name == 'opt_default':
        return None
    return CONF.transport_url


def _cell_by_uuid(ctxt, cell_uuid):
    try:
        return objects.CellMapping.get_by_uuid(ctxt, cell_uuid)
    except exception.CellMappingNotFound:
        print('Cell with uuid %s was not found.' % cell_uuid)
        return None


class CellV2Commands(object):
    """Cells v2: cell, host and instance mappings."""

    #: nova-manage checks the API database before running a command here.
    REQUIRES_API_DB = True

    # -- helpers shared by the commands -------------------------------------

    def _validate_transport_url(self, transport_url):
        if not transport_url:
            transport_url = _configured_transport_url()
            if not transport_url:
                print('Must specify --transport-url if [DEFAULT]/'
                      'transport_url is not set in the configuration file.')
                return None
            print('--transport-url not provided in the command line, using '
                  'the value [DEFAULT]/transport_url from the configuration '
                  'file')
        if '://' not in transport_url:
            print('Invalid transport URL: %s' % urls.mask_url(transport_url))
            return None
        return transport_url

    def _validate_database_connection(self, database_connection):
        if database_connection:
            return database_connection
        if not CONF.database.connection:
            print('Must specify --database_connection if [database]/'
                  'connection is not set in the configuration file.')
            return None
        print('--database_connection not provided in the command line, '
              'using the value [database]/connection from the '
              'configuration file')
        return CONF.database.connection

    def _url_in_use(self, ctxt, transport_url, database_connection,
                    exclude_uuid=None):
        """True (and say so) if another cell has either URL already."""
        for cell in objects.CellMappingList.get_all(ctxt):
            if cell.uuid == exclude_uuid:
                continue
            if (cell.database_connection == database_connection or
                    cell.transport_url == transport_url):
                print('The specified transport_url and/or '
                      'database_connection combination already exists for '
                      'another cell with uuid %s.' % cell.uuid)
                return True
        return False

    def _map_cell0(self, ctxt, database_connection=None):
        """Create the cell0 mapping; DBDuplicateEntry if there is one."""
        url = database_connection or urls.cell0_database_url(
            CONF.database.connection)
        # cell0 has no message queue: nothing runs there.
        cell0 = objects.CellMapping(
            ctxt, uuid=nova_context.CELL0_UUID, name='cell0',
            transport_url=CELL0_TRANSPORT_URL, database_connection=url)
        cell0.create()
        return cell0

    # -- commands -----------------------------------------------------------

    @args('--database_connection', metavar='<database_connection>',
          help='The cell0 database URL (default: [database]/connection '
               'with "_cell0" appended to the database name).')
    def map_cell0(self, database_connection=None):
        """Create the mapping of cell0, the cell of unscheduled instances.

        Exit status 0 when mapped or already mapped, 1 when there is no
        URL to derive the cell0 database from.
        """
        try:
            self._map_cell0(nova_context.get_admin_context(),
                            database_connection)
        except db_exc.DBDuplicateEntry:
            print('Cell0 is already setup')
        except ValueError as exc:
            print('Cannot map cell0: %s; pass --database_connection.' % exc)
            return 1
        return 0

    @args('--transport-url', metavar='<transport_url>',
          help='The message queue of the cell (default: [DEFAULT]/'
               'transport_url).')
    def simple_cell_setup(self, transport_url=None):
        """Set up cells v2 for a deployment with one cell.

        Maps and migrates cell0, maps the [database] cell as "cell1",
        maps its compute hosts and its instances. Exit status 0 when done
        (or done before), 1 when no compute host is registered yet or
        there is no transport URL.
        """
        transport_url = self._validate_transport_url(transport_url)
        if not transport_url:
            return 1
        if not CONF.database.connection:
            print('[database]/connection is not set in the configuration '
                  'file.')
            return 1
        ctxt = nova_context.get_admin_context()
        try:
            cell0 = self._map_cell0(ctxt)
        except db_exc.DBDuplicateEntry:
            print('Cell0 is already setup')
            cell0 = objects.CellMapping.get_by_uuid(
                ctxt, nova_context.CELL0_UUID)
        try:
            migration.db_sync('main', url=cell0.database_connection)
        except Exception as exc:
            print('Unable to sync cell0 schema: %s' % common.first_line(exc))
        if not objects.ComputeNodeList.get_all(ctxt):
            print('No hosts found to map to cell, exiting.')
            return 1
        cell = self._cell_of_this_database(ctxt, transport_url)
        discovery.discover_hosts(ctxt, cell_uuid=cell.uuid)
        discovery.map_instances(ctxt, cell)
        return 0

    def _cell_of_this_database(self, ctxt, transport_url):
        for cell in objects.CellMappingList.get_all(ctxt):
            if (not cell.is_cell0() and
                    cell.database_connection == CONF.database.connection):
                return cell
        cell = objects.CellMapping(
            ctxt, uuid=uuidutils.generate_uuid(), name='cell1',
            transport_url=transport_url,
            database_connection=CONF.database.connection)
        cell.create()
        return cell

    @args('--name', metavar='<cell_name>', help='The name of the cell.')
    @args('--transport-url', metavar='<transport_url>',
          help='The message queue of the cell (default: [DEFAULT]/'
               'transport_url).')
    @args('--database_connection', metavar='<database_connection>',
          help='The database of the cell (default: [database]/connection).')
    @args('--verbose', action='store_true',
          help='Accepted for compatibility; the uuid is always printed.')
    @args('--disabled', action='store_true',
          help='Create the cell disabled: nothing is scheduled to it.')
    def create_cell(self, name=None, transport_url=None,
                    database_connection=None, verbose=False, disabled=False):
        """Map a new cell and print its uuid.

        Exit status 0 on success, 1 when the transport URL or database
        connection is missing, 2 when another cell has either URL.
        """
        transport_url = self._validate_transport_url(transport_url)
        if not transport_url:
            return 1
        database_connection = self._validate_database_connection(
            database_connection)
        if not database_connection:
            return 1
        ctxt = nova_context.get_admin_context()
        if self._url_in_use(ctxt, transport_url, database_connection):
            return 2
        cell = objects.CellMapping(
            ctxt, uuid=uuidutils.generate_uuid(), name=name,
            transport_url=transport_url,
            database_connection=database_connection, disabled=disabled)
        cell.create()
        print(cell.uuid)
        return 0

    @args('--cell_uuid', metavar='<cell_uuid>', required=True,
          help='The uuid of the cell to update.')
    @args('--name', metavar='<cell_name>', help='Set the cell name.')
    @args('--transport-url', metavar='<transport_url>',
          help='Set the transport URL. Running services see the change '
               'only after a restart.')
    @args('--database_connection', metavar='<database_connection>',
          help='Set the database URL. Running services see the change '
               'only after a restart.')
    @args('--disable', action='store_true',
          help='Disable the cell: nothing is scheduled to it.')
    @args('--enable', action='store_true', help='Enable the cell.')
    def update_cell(self, cell_uuid, name=None, transport_url=None,
                    database_connection=None, disable=False, enable=False):
        """Change the name, URLs or disabled state of a cell.

        A URL not given keeps its current value. Exit status 0 on success,
        1 when the cell is not found, 2 when the mapping cannot be saved,
        3 when another cell has either URL, 4 for --disable with --enable,
        5 when asked to disable or enable cell0.
        """
        ctxt = nova_context.get_admin_context()
        cell = _cell_by_uuid(ctxt, cell_uuid)
        if cell is None:
            return 1
        if name:
            cell.name = name
        new_transport = transport_url or cell.transport_url
        new_database = database_connection or cell.database_connection
        if self._url_in_use(ctxt, new_transport, new_database,
                            exclude_uuid=cell.uuid):
            return 3
        if new_transport != cell.transport_url:
            cell.transport_url = new_transport
        if new_database != cell.database_connection:
            cell.database_connection = new_database
        if disable and enable:
            print('Cell cannot be disabled and enabled at the same time.')
            return 4
        if (disable or enable) and cell.is_cell0():
            print('Cell0 cannot be disabled.')
            return 5
        if disable or enable:
            if cell.disabled == bool(disable):
                print('Cell %s is already %s' % (
                    cell_uuid, 'disabled' if disable else 'enabled'))
            else:
                cell.disabled = bool(disable)
        try:
            cell.save()
        except Exception as exc:
            print('Unable to update CellMapping: %s' % common.first_line(exc))
            return 2
        return 0

    @args('--cell_uuid', metavar='<cell_uuid>', required=True,
          help='The uuid of the cell to delete.')
    @args('--force', action='store_true',
          help='Also delete the host mappings and the mappings of deleted '
               'instances of the cell.')
    def delete_cell(self, cell_uuid, force=False):
        """Delete a cell mapping that has no live instance.

        Exit status 0 when deleted, 1 when the cell is not found, 2 when
        hosts are mapped to it (without --force), 3 when it has instances,
        4 when only mappings of deleted instances remain (without --force).
        """
        ctxt = nova_context.get_admin_context()
        cell = _cell_by_uuid(ctxt, cell_uuid)
        if cell is None:
            return 1
        hosts = objects.HostMappingList.get_by_cell_id(ctxt, cell.uuid)
        nodes = []
        if hosts:
            if not force:
                print('There are existing hosts mapped to cell with uuid '
                      '%s.' % cell_uuid)
                return 2
            with nova_context.target_cell(ctxt, cell) as cctxt:
                nodes = objects.ComputeNodeList.get_all(cctxt)
        instance_mappings = objects.InstanceMappingList.get_by_cell_id(
            ctxt, cell.uuid)
        if instance_mappings:
            with nova_context.target_cell(ctxt, cell) as cctxt:
                # read_deleted='no': soft-deleted servers count as live.
                live = objects.InstanceList.get_by_filters(cctxt, {},
                                                           limit=1)
            if live:
                print('There are existing instances mapped to cell with '
                      'uuid %s.' % cell_uuid)
                return 3
            if not force:
                print('There are instance mappings to cell with uuid %s, but '
                      'all instances have been deleted in the cell.'
                      % cell_uuid)
                print("So execute 'nova-manage db archive_deleted_rows' to "
                      "delete the instance mappings.")
                return 4
        for mapping in instance_mappings:
            mapping.destroy()
        for node in nodes:
            # Unmapped, the nodes are found again by a later discovery.
            node.mapped = 0
            node.save()
        for host in hosts:
            host.destroy()
        cell.destroy()
        return 0

    @args('--verbose', action='store_true',
          help='Show the URLs with their passwords.')
    def list_cells(self, verbose=False):
        """List the cells; passwords in URLs are masked unless --verbose."""
        table = prettytable.PrettyTable(
            ['Name', 'UUID', 'Transport URL', 'Database Connection',
             'Disabled'])
        show = (lambda url: url) if verbose else urls.mask_url
        cells = objects.CellMappingList.get_all(
            nova_context.get_admin_context())
        for cell in sorted(cells, key=lambda c: c.name or ''):
            table.add_row([cell.name or '', cell.uuid,
                           show(cell.transport_url),
                           show(cell.database_connection), cell.disabled])
        print(table)
        return 0

    @args('--cell_uuid', metavar='<cell_uuid>',
          help='Only list the hosts of this cell.')
    def list_hosts(self, cell_uuid=None):
        """List the host mappings. Exit status 1 if the cell is unknown."""
        ctxt = nova_context.get_admin_context()
        if cell_uuid:
            if _cell_by_uuid(ctxt, cell_uuid) is None:
                return 1
            hosts = objects.HostMappingList.get_by_cell_id(ctxt, cell_uuid)
        else:
            hosts = objects.HostMappingList.get_all(ctxt)
        table = prettytable.PrettyTable(['Cell Name', 'Cell UUID',
                                         'Hostname'])
        for host in sorted(hosts, key=lambda h: h.host):
            table.add_row([host.cell_mapping.name, host.cell_mapping.uuid,
                           host.host])
        print(table)
        return 0

    @args('--cell_uuid', metavar='<cell_uuid>',
          help='Only look for new hosts in this cell.')
    @args('--verbose', action='store_true',
          help='Say what is checked and mapped.')
    @args('--strict', action='store_true',
          help='Exit status 0 only if a new host was mapped (1 if none).')
    @args('--by-service', action='store_true',
          help='Discover nova-compute services instead of compute nodes.')
    def discover_hosts(self, cell_uuid=None, verbose=False, strict=False,
                       by_service=False):
        """Map the compute hosts that registered since the last run.

        Run it after deploying new compute hosts (not in parallel). Exit
        status 0 (with --strict: 1 when no new host), 1 when the cell is
        not found, 2 when a host got mapped concurrently.
        """
        status_fn = print if verbose else None
        try:
            added = discovery.discover_hosts(
                nova_context.get_admin_context(), cell_uuid=cell_uuid,
                by_service=by_service, status_fn=status_fn)
        except exception.CellMappingNotFound:
            print('Cell with uuid %s was not found.' % cell_uuid)
            return 1
        except exception.DuplicateRecord as exc:
            print('ERROR: Duplicate host mapping was encountered. This '
                  'command should be run once after all compute hosts have '
                  'been deployed and should not be run in parallel. Error: '
                  '%s' % exc)
            return 2
        return int(strict and not added)

    @args('--uuid', metavar='<instance_uuid>', required=True,
          help='The instance to verify.')
    @args('--quiet', action='store_true', help='Print nothing.')
    def verify_instance(self, uuid, quiet=False):
        """Tell whether an instance is mapped to a cell.

        Exit status 0 mapped, 1 no mapping (or no such instance), 2 mapped
        to no cell yet, 3 deleted but still mapped, 4 archived (gone from
        the cell database) but still mapped.
        """
        say = (lambda text: None) if quiet else print
        ctxt = nova_context.get_admin_context()
        try:
            mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt, uuid)
        except exception.InstanceMappingNotFound:
            say('Instance %s is not mapped to a cell (upgrade is incomplete) '
                'or instance does not exist' % uuid)
            return 1
        cell = mapping.cell_mapping
        if cell is None:
            say('Instance %s is not mapped to a cell' % uuid)
            return 2
        with nova_context.target_cell(ctxt, cell) as cctxt:
            try:
                instance = objects.Instance.get_by_uuid(
                    cctxt.elevated(read_deleted='yes'), uuid)
            except exception.InstanceNotFound:
                say('The instance with uuid %s has been archived.' % uuid)
                say('However its instance_mapping remains.')
                return 4
        if instance.deleted:
            say('The instance with uuid %s has been deleted.' % uuid)
            say('Execute `nova-manage db archive_deleted_rows` command to '
                'archive this deleted instance and remove its '
                'instance_mapping.')
            return 3
        say('Instance %s is in cell: %s (%s)' % (uuid, cell.name, cell.uuid))
        return 0
