"""nova-manage: administer the databases and the cells v2 mappings.

Usage: ``nova-manage [--config-file F] <category> <action> [options]``.
Categories: ``api_db`` and ``db`` (``manage_db.py``), ``cell_v2``
(``manage_cells.py``), ``placement`` (``manage_placement.py``). Each
action's exit status is its own (see its docstring); on top of them:

* 255: an unexpected error, or an API database the action needs that is
  not configured, cannot be reached, or is not migrated (the message says
  which sync to run). One line on stderr; the trace only with --debug.
* 2: a usage error (argparse).

Runnable as ``python -m nova_rocky.cmd.manage``.
"""

import inspect
import sys
import traceback

from oslo_config import cfg
from oslo_log import log as logging

from nova_rocky.cells import urls
from nova_rocky.cmd import common
from nova_rocky.cmd import manage_cells
from nova_rocky.cmd import manage_db
from nova_rocky.cmd import manage_placement
from nova_rocky import conf
from nova_rocky.db import api as db_api
from nova_rocky.db import migration
from nova_rocky import exception

CONF = conf.CONF
LOG = logging.getLogger(__name__)

CATEGORIES = {
    'api_db': manage_db.ApiDbCommands,
    'cell_v2': manage_cells.CellV2Commands,
    'db': manage_db.DbCommands,
    'placement': manage_placement.PlacementCommands,
}
# Action arguments are stored under this prefix so that they cannot clash
# with oslo.config's own options in the parsed namespace.
_PREFIX = 'action_kwarg_'
EXIT_ERROR = 255


class EnvironmentProblem(Exception):
    """What nova-manage needs is missing; the message says what to do."""


def _summary(obj):
    doc = inspect.getdoc(obj) or ''
    return doc.splitlines()[0] if doc else None


def _actions(commands):
    for name, method in inspect.getmembers(commands, inspect.ismethod):
        if not name.startswith('_'):
            yield name, method


def _add_action(actions, name, method):
    parser = actions.add_parser(name, help=_summary(method),
                                description=inspect.getdoc(method))
    kwarg_names = []
    for names, kwargs in getattr(method, 'cli_args', []):
        kwargs = dict(kwargs)
        if names[0].startswith('-'):
            dest = kwargs.pop('dest', None) or \
                names[-1].lstrip('-').replace('-', '_')
            parser.add_argument(*names, dest=_PREFIX + dest, **kwargs)
        else:
            dest = names[0]
            kwargs.setdefault('metavar', dest.upper())
            parser.add_argument(_PREFIX + dest, **kwargs)
        kwarg_names.append(dest)
    parser.set_defaults(action_fn=method, action_kwargs=kwarg_names)


def add_command_parsers(subparsers):
    """oslo.config SubCommandOpt handler: one parser per category."""
    for category, cls in sorted(CATEGORIES.items()):
        parser = subparsers.add_parser(category, help=_summary(cls))
        actions = parser.add_subparsers(metavar='<action>',
                                        dest='action_name')
        actions.required = True
        for name, method in _actions(cls()):
            _add_action(actions, name, method)


CATEGORY_OPT = cfg.SubCommandOpt(
    'category', title='Command categories',
    help='Available categories', handler=add_command_parsers)


def check_api_database():
    """Raise EnvironmentProblem unless the API database is usable."""
    url = CONF.api_database.connection
    if not url:
        raise EnvironmentProblem(
            '[api_database]connection is not set in the configuration '
            'file; this command needs the API database.')
    reason, revision = common.probe_database(url)
    if reason:
        raise EnvironmentProblem(exception.DatabaseUnreachable(
            which='API', url=urls.mask_url(url),
            reason=reason).format_message())
    if revision != migration.head_version('api'):
        raise EnvironmentProblem(exception.DBNotSynced(
            which='API', command='nova-manage api_db sync').format_message())


def run_action(method, kwargs):
    """Run one action; return its exit status (see the module doc)."""
    try:
        if getattr(method.__self__, 'REQUIRES_API_DB', False):
            check_api_database()
        # WAL and a busy timeout on SQLite files, so that nova-manage
        # waits for a running nova-all instead of failing "locked".
        db_api.install_default_sqlite_hooks()
        status = method(**kwargs)
    except EnvironmentProblem as exc:
        sys.stderr.write('ERROR: %s\n' % exc)
        return EXIT_ERROR
    except Exception as exc:
        sys.stderr.write('An error has occurred: %s: %s\n'
                         % (type(exc).__name__, common.first_line(exc)))
        if CONF.debug:
            traceback.print_exc()
        else:
            sys.stderr.write('(run with --debug for the details)\n')
        return EXIT_ERROR
    return 0 if status is None else status


def _parse(argv):
    try:
        CONF.register_cli_opt(CATEGORY_OPT)
    except cfg.ArgsAlreadyParsedError:
        # A second run in one process (tests): start from a clean parse.
        CONF.reset()
        CONF.register_cli_opt(CATEGORY_OPT)
    common.parse_args(argv, prog='nova-manage')


def main(argv=None):
    """Parse the command line and run the action; return the status."""
    from nova_rocky import objects
    argv = sys.argv[1:] if argv is None else argv
    try:
        _parse(argv)
    except cfg.Error as exc:
        sys.stderr.write('nova-manage: %s\n' % exc)
        return 1
    objects.register_all()
    db_api.configure()
    category = CONF.category
    kwargs = {name: getattr(category, _PREFIX + name)
              for name in category.action_kwargs}
    return run_action(category.action_fn, kwargs)


if __name__ == '__main__':
    sys.exit(main())
