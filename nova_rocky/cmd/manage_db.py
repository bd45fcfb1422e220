"""nova-manage ``db`` and ``api_db``: database schema migrations.

``db sync`` migrates the cell database of ``[database]connection`` and,
unless ``--local_cell``, cell0 when it is mapped (as upstream: other cells
are synced with their own configuration file). Exit status 0 on success,
1 when a database is not configured or cell0 cannot be reached.
``db archive_deleted_rows`` and ``db purge`` are in ``manage_archive.py``.
"""

from nova_rocky.cmd import common
from nova_rocky.cmd import manage_archive
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.db import migration
from nova_rocky import exception
from nova_rocky import objects

CONF = conf.CONF
args = common.args

_CELL0_HELP = """ERROR: Could not access cell0.
Has the API database been created and "nova-manage api_db sync" run?
Has "nova-manage cell_v2 map_cell0" been run?
Has the cell0 database been created, and is its URL in the cell mapping
(see "nova-manage cell_v2 list_cells") correct?
Is [api_database]connection set in nova.conf?
Error: %s"""


def _missing(group):
    print('[%s]connection is not set in the configuration file.' % group)
    return 1


class DbCommands(manage_archive.ArchiveCommands):
    """Cell database schema, archiving and purging of deleted rows."""

    @args('--version', metavar='<version>',
          help='Migrate to this revision (default: the newest).')
    @args('--local_cell', action='store_true',
          help='Only sync the database of [database]connection: do not '
               'also sync cell0.')
    def sync(self, version=None, local_cell=False):
        """Migrate the cell database (and cell0) to the newest schema."""
        if not CONF.database.connection:
            return _missing('database')
        if not local_cell:
            status = self._sync_cell0(version)
            if status:
                return status
        migration.db_sync('main', version=version)
        return 0

    def _sync_cell0(self, version):
        ctxt = nova_context.get_admin_context()
        try:
            cell0 = objects.CellMapping.get_by_uuid(
                ctxt, nova_context.CELL0_UUID)
        except exception.CellMappingNotFound:
            print('WARNING: cell0 mapping not found - not syncing cell0.')
            return 0
        except Exception as exc:
            print(_CELL0_HELP % common.first_line(exc))
            return 1
        try:
            migration.db_sync('main', url=cell0.database_connection,
                              version=version)
        except Exception as exc:
            print(_CELL0_HELP % common.first_line(exc))
            return 1
        return 0

    def version(self):
        """Print the schema revision of the cell database."""
        if not CONF.database.connection:
            return _missing('database')
        print(migration.db_version('main'))
        return 0


class ApiDbCommands(object):
    """API database schema."""

    @args('--version', metavar='<version>',
          help='Migrate to this revision (default: the newest).')
    def sync(self, version=None):
        """Migrate the API database to the newest schema (or --version).

        This is also how the API database schema is created.
        """
        if not CONF.api_database.connection:
            return _missing('api_database')
        migration.db_sync('api', version=version)
        return 0

    def version(self):
        """Print the schema revision of the API database."""
        if not CONF.api_database.connection:
            return _missing('api_database')
        print(migration.db_version('api'))
        return 0
