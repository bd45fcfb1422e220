"""nova-manage ``db archive_deleted_rows`` and ``db purge``, across cells.

Deleted servers (and services, compute nodes...) stay in the cell
databases as soft-deleted rows until an operator archives them into the
shadow tables, from where ``purge`` removes them for good (see
``nova_rocky.db.archive``). Both walk every cell mapped in the API
database, cell0 included.

Exit status (upstream's):

* ``archive_deleted_rows``: 0 nothing was archived, 1 rows were archived
  (run again, or use --until-complete), 2 a bad --max_rows, 3 the API
  database (which lists the cells) cannot be used, or a cell database is
  unreachable or not migrated.
* ``purge``: 0 rows were deleted, 1 neither --all nor --before given,
  2 a --before that is not a date, 3 nothing was deleted, 4 --all-cells
  but no cell could be listed.
"""

import sys

from dateutil import parser as date_parser
from dateutil import tz
import prettytable

from nova_rocky.cells import urls
from nova_rocky.cmd import common
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.db import archive
from nova_rocky.db import migration
from nova_rocky import exception
from nova_rocky import objects

CONF = conf.CONF
args = common.args

ARCHIVE_NOTHING, ARCHIVE_SOME, ARCHIVE_BAD_ROWS, ARCHIVE_NO_DB = 0, 1, 2, 3
(PURGE_DELETED, PURGE_USAGE, PURGE_BAD_DATE, PURGE_NOTHING,
 PURGE_NO_CELLS) = 0, 1, 2, 3, 4


class CellsUnavailable(Exception):
    """The cells (or one cell's database) cannot be used; says why."""


def _check_database(url, which, command):
    reason, revision = common.probe_database(url)
    if reason:
        raise CellsUnavailable(exception.DatabaseUnreachable(
            which=which, url=urls.mask_url(url),
            reason=reason).format_message())
    database = 'api' if command.startswith('nova-manage api_db') else 'main'
    if revision != migration.head_version(database):
        raise CellsUnavailable('%s (%s)' % (exception.DBNotSynced(
            which=which, command=command).format_message(),
            urls.mask_url(url)))


def _cells():
    """[(name, database URL)] of every mapped cell, cell0 first."""
    api_url = CONF.api_database.connection
    if not api_url:
        raise CellsUnavailable('[api_database]connection is not set; the '
                               'API database lists the cells.')
    _check_database(api_url, 'API', 'nova-manage api_db sync')
    mappings = objects.CellMappingList.get_all(
        nova_context.get_admin_context())
    cells = sorted(mappings, key=lambda cell: not cell.is_cell0())
    return [(cell.name or cell.uuid, cell.database_connection)
            for cell in cells]


def _print_table(counts, value_title):
    table = prettytable.PrettyTable(['Table', value_title])
    table.align['Table'] = 'l'
    table.align[value_title] = 'r'
    for name in sorted(counts):
        table.add_row([name, counts[name]])
    print(table)


def _parse_before(text):
    """A naive UTC datetime from the --before text (ValueError if none)."""
    parsed = date_parser.parse(text, fuzzy=True)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(tz.UTC).replace(tzinfo=None)
    return parsed


class ArchiveCommands(object):
    """The archive and purge actions of the ``db`` category."""

    def _archive_cells(self, cells, max_rows):
        """One batch in each cell; {"cell.table": rows} moved."""
        counts = {}
        for name, url in cells:
            _check_database(url, 'cell %s' % name,
                            'nova-manage db sync (with the configuration '
                            'of cell %s)' % name)
            moved, instance_uuids = archive.archive(url, max_rows)
            for table, rows in moved.items():
                counts['%s.%s' % (name, table)] = rows
            removed = archive.forget_instances(
                CONF.api_database.connection, instance_uuids)
            for table, rows in removed.items():
                key = 'API_DB.%s' % table
                counts[key] = counts.get(key, 0) + rows
        return counts

    @args('--max_rows', type=int, metavar='<number>', default=1000,
          help='Rows to archive per table in one batch (default 1000).')
    @args('--verbose', action='store_true',
          help='Print how many rows of each table were archived.')
    @args('--until-complete', action='store_true', dest='until_complete',
          help='Archive batch after batch until nothing is left to '
               'archive.')
    @args('--purge', action='store_true',
          help='Delete the rows from the shadow tables once archiving '
               'has finished (as "db purge --all --all-cells").')
    def archive_deleted_rows(self, max_rows=1000, verbose=False,
                             until_complete=False, purge=False):
        """Move soft-deleted rows of every cell into the shadow tables.

        A deleted server moves with its extra data, metadata, faults and
        actions; its API database records (instance mapping, request
        spec, build request) are removed. Exit status 0: nothing was
        archived; 1: rows were archived; 2: bad --max_rows; 3: the API
        database or a cell database cannot be used.
        """
        if max_rows is None or max_rows < 1:
            print('Must supply a positive value for max_rows')
            return ARCHIVE_BAD_ROWS
        if max_rows > archive.MAX_INT:
            print('max rows must be <= %d' % archive.MAX_INT)
            return ARCHIVE_BAD_ROWS
        try:
            cells = _cells()
        except CellsUnavailable as exc:
            print('ERROR: %s' % exc)
            return ARCHIVE_NO_DB
        totals = {}
        if until_complete and verbose:
            sys.stdout.write('Archiving..')
        while True:
            try:
                batch = self._archive_cells(cells, max_rows)
            except CellsUnavailable as exc:
                print('ERROR: %s' % exc)
                return ARCHIVE_NO_DB
            for key, rows in batch.items():
                totals[key] = totals.get(key, 0) + rows
            if not until_complete or not batch:
                break
            if verbose:
                sys.stdout.write('.')
        if until_complete and verbose:
            print('complete')
        if verbose:
            if totals:
                _print_table(totals, 'Number of Rows Archived')
            else:
                print('Nothing was archived.')
        if totals and purge:
            if verbose:
                print('Rows were archived, running purge...')
            self.purge(purge_all=True, all_cells=True, verbose=verbose)
        return ARCHIVE_SOME if totals else ARCHIVE_NOTHING

    @args('--before', metavar='<date>',
          help='Delete shadow rows that became history before this date '
               '(any format dateutil understands, e.g. "2018-06-01" or '
               '"2018-06-01T12:00:00Z"; times without a zone are UTC).')
    @args('--all', action='store_true', dest='purge_all',
          help='Delete every row of the shadow tables.')
    @args('--all-cells', action='store_true', dest='all_cells',
          help='Purge the shadow tables of every mapped cell, not only '
               'those of [database]connection.')
    @args('--verbose', action='store_true',
          help='Print how many rows were deleted from each table.')
    def purge(self, before=None, purge_all=False, all_cells=False,
              verbose=False):
        """Delete archived rows from the shadow tables for good.

        Exit status 0: rows were deleted; 1: neither --all nor --before;
        2: --before is not a date; 3: nothing was deleted; 4: --all-cells
        and the cells cannot be listed.
        """
        if before is None and not purge_all:
            print('Either --before or --all is required')
            return PURGE_USAGE
        before_date = None
        if before is not None:
            try:
                before_date = _parse_before(before)
            except (ValueError, OverflowError) as exc:
                print('Invalid value for --before: %s' % exc)
                return PURGE_BAD_DATE
        if all_cells:
            try:
                cells = _cells()
            except CellsUnavailable as exc:
                print('ERROR: %s' % exc)
                return PURGE_NO_CELLS
            if not cells:
                print('No cells are mapped in the API database.')
                return PURGE_NO_CELLS
        elif CONF.database.connection:
            cells = [('DB', CONF.database.connection)]
        else:
            print('[database]connection is not set in the configuration '
                  'file.')
            return PURGE_USAGE
        counts = {}
        for name, url in cells:
            reason, _revision = common.probe_database(url)
            if reason:
                print('ERROR: cannot reach the database of %s (%s): %s'
                      % (name, urls.mask_url(url), reason))
                return PURGE_NO_CELLS if all_cells else PURGE_NOTHING
            for table, rows in archive.purge(url, before_date).items():
                counts['%s.%s' % (name, table)] = rows
        if verbose:
            if counts:
                _print_table(counts, 'Number of Rows Deleted')
            else:
                print('Nothing was deleted.')
        return PURGE_DELETED if counts else PURGE_NOTHING
