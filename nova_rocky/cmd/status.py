"""nova-status: is this deployment ready for (an upgrade to) this code?

``nova-status [--config-file F] upgrade check [--json]`` runs the checks
below on oslo.upgradecheck and prints its table. Exit status: 0 all
passed, 1 a warning, 2 a failure, 255 an unexpected error (with the trace,
as upstream: this command is run by people debugging a deployment).

The checks read through the objects, cell by cell, like the services do;
a database that cannot be read makes a check fail with the reason rather
than stop the command.
"""

import sys

from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg
from oslo_upgradecheck import upgradecheck
from oslo_utils import timeutils
from oslo_utils import versionutils

from nova_rocky.cells import urls
from nova_rocky.cmd import common
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import objects

CONF = conf.CONF
Code = upgradecheck.Code
Result = upgradecheck.Result

# Allocation candidates with consumer generations (1.28) are what the
# scheduler and the report client rely on.
MIN_PLACEMENT_MICROVERSION = '1.28'
# (group, option, why it goes away)
DEPRECATED_OPTIONS = (
    ('libvirt', 'enabled_perf_events',
     'the perf events it enables were removed from the Linux kernel; '
     'the option will be removed'),
)


def _api_database_problem():
    """A Failure when the API database cannot be read, else None."""
    url = CONF.api_database.connection
    if not url:
        return Result(Code.FAILURE, '[api_database]connection is not set.')
    reason, revision = common.probe_database(url)
    if reason:
        return Result(Code.FAILURE, 'Cannot reach the API database at %s: '
                      '%s' % (urls.mask_url(url), reason))
    if revision is None:
        return Result(Code.FAILURE, "The API database has no schema; run "
                      "'nova-manage api_db sync'.")
    return None


def _cells(ctxt):
    """(cell0 or None, the other cells)."""
    cells = objects.CellMappingList.get_all(ctxt)
    cell0 = [cell for cell in cells if cell.is_cell0()]
    return (cell0[0] if cell0 else None,
            [cell for cell in cells if not cell.is_cell0()])


class CellUnreadable(Exception):
    """A cell database could not be read; the message names the cell."""


def _read_cell(ctxt, cell, func):
    """``func(cell_context)``, with a read failure named after the cell.

    The database is probed first: oslo.db would otherwise retry an
    unreachable server for [database]max_retries * retry_interval seconds.
    """
    reason, _revision = common.probe_database(cell.database_connection)
    try:
        if reason:
            raise CellUnreadable(reason)
        with nova_context.target_cell(ctxt, cell) as cctxt:
            return func(cctxt)
    except Exception as exc:
        raise CellUnreadable('Cannot read the database of cell %s (%s): %s'
                             % (cell.name or cell.uuid,
                                urls.mask_url(cell.database_connection),
                                common.first_line(exc)))


def _count_compute_nodes(ctxt, cells):
    return sum(len(_read_cell(ctxt, cell, objects.ComputeNodeList.get_all))
               for cell in cells)


def _compute_services(ctxt, cell):
    return _read_cell(ctxt, cell, lambda cctxt: objects.ServiceList.
                      get_by_binary(cctxt, 'nova-compute',
                                    include_disabled=True))


def _is_up(service, now):
    """Whether ``service`` heartbeated within [DEFAULT]service_down_time."""
    if service.forced_down:
        return False
    last = (service.last_seen_up or service.updated_at or
            service.created_at)
    if last is None:
        return False
    elapsed = timeutils.delta_seconds(last.replace(tzinfo=None), now)
    return abs(elapsed) <= CONF.service_down_time


def _option_value(group, name):
    """The value of ``[group]name``, registered or only in a config file.

    The option may belong to a part of the code that is not loaded here
    (or not written yet); the config files are then read directly.
    """
    try:
        return CONF[group][name]
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError, KeyError):
        pass
    value = None
    for path in CONF.config_file or []:
        sections = {}
        try:
            cfg.ConfigParser(path, sections).parse()
        except Exception:  # unreadable: oslo.config already said so
            continue
        values = sections.get(group, {}).get(name)
        if values:
            value = values[-1]  # the last file wins, as in oslo.config
    return value


class UpgradeCommands(upgradecheck.UpgradeCommands):
    """The checks of ``nova-status upgrade check``."""

    def _check_cells_v2(self):
        """cell0 and a cell are mapped, and the compute hosts are."""
        problem = _api_database_problem()
        if problem:
            return problem
        ctxt = nova_context.get_admin_context()
        cell0, cells = _cells(ctxt)
        if cell0 is None and not cells:
            return Result(Code.FAILURE, "There needs to be at least two cell "
                          "mappings, one for cell0 and one for your first "
                          "cell. Run command 'nova-manage cell_v2 "
                          "simple_cell_setup' and then retry.")
        if cell0 is None:
            return Result(Code.FAILURE, "No cell0 mapping found. Run command "
                          "'nova-manage cell_v2 map_cell0' and then retry.")
        if not cells:
            return Result(Code.FAILURE, "No cell mapping besides cell0 found. "
                          "Run command 'nova-manage cell_v2 create_cell' and "
                          "then retry.")
        if objects.HostMappingList.get_all(ctxt):
            return Result(Code.SUCCESS)
        # A fresh install may have no compute yet; computes that registered
        # without being mapped, though, cannot be scheduled to.
        try:
            computes = _count_compute_nodes(ctxt, cells)
        except CellUnreadable as exc:
            return Result(Code.FAILURE, str(exc))
        if computes:
            return Result(Code.FAILURE, "No host mappings found but there are "
                          "compute nodes. Run command 'nova-manage cell_v2 "
                          "discover_hosts' and then retry.")
        return Result(Code.SUCCESS, "No host mappings or compute nodes were "
                      "found. Remember to run command 'nova-manage cell_v2 "
                      "discover_hosts' when new compute hosts are deployed.")

    def _placement_versions(self):
        # The report client builds its keystoneauth adapter from the
        # [placement] options, or over the in-process placement when
        # [placement]direct_connection is set.
        from nova_rocky.scheduler.client import report
        adapter = report.get_client().adapter
        return adapter.get('/', raise_exc=True).json()

    def _check_placement(self):
        """Placement answers and speaks a recent enough microversion."""
        try:
            versions = self._placement_versions()
            max_version = versions['versions'][0]['max_version']
        except ks_exc.MissingAuthPlugin:
            msg = 'No credentials specified for placement API in nova.conf.'
        except ks_exc.Unauthorized:
            msg = 'Placement service credentials do not work.'
        except ks_exc.EndpointNotFound:
            msg = 'Placement API endpoint not found.'
        except ks_exc.DiscoveryFailure:
            msg = 'Discovery for placement API URI failed.'
        except ks_exc.NotFound:
            msg = 'Placement API does not seem to be running.'
        except Exception as exc:
            msg = 'Placement API cannot be reached: %s' % common.first_line(
                exc)
        else:
            if not versionutils.is_compatible(
                    MIN_PLACEMENT_MICROVERSION, max_version,
                    same_major=True):
                return Result(Code.FAILURE, 'Placement API version %s '
                              'needed, you have %s.'
                              % (MIN_PLACEMENT_MICROVERSION, max_version))
            return Result(Code.SUCCESS)
        return Result(Code.FAILURE, msg)

    def _check_compute_services(self):
        """nova-compute services exist in the cells and some are up."""
        problem = _api_database_problem()
        if problem:
            return problem
        ctxt = nova_context.get_admin_context()
        _cell0, cells = _cells(ctxt)
        now = timeutils.utcnow().replace(tzinfo=None)
        up, down = [], []
        for cell in cells:
            try:
                services = _compute_services(ctxt, cell)
            except CellUnreadable as exc:
                return Result(Code.FAILURE, str(exc))
            for service in services:
                (up if _is_up(service, now) else down).append(service.host)
        if not up and not down:
            return Result(Code.WARNING, 'No nova-compute service is '
                          'registered in any cell. Start nova-compute on the '
                          "compute hosts, then run 'nova-manage cell_v2 "
                          "discover_hosts'.")
        if not up:
            return Result(Code.FAILURE, 'No nova-compute service is up '
                          '(none reported within service_down_time = %d s): '
                          '%s.' % (CONF.service_down_time,
                                   ', '.join(sorted(down))))
        if down:
            return Result(Code.WARNING, '%d of %d nova-compute services are '
                          'down: %s.' % (len(down), len(up) + len(down),
                                         ', '.join(sorted(down))))
        return Result(Code.SUCCESS)

    def _check_deprecated_options(self):
        """Options set in nova.conf that are deprecated for removal."""
        found = []
        for group, name, why in DEPRECATED_OPTIONS:
            if _option_value(group, name):
                found.append('[%s]%s is set: %s.' % (group, name, why))
        if found:
            return Result(Code.WARNING, ' '.join(found))
        return Result(Code.SUCCESS)

    _upgrade_checks = (
        ('Cells v2', _check_cells_v2),
        ('Placement API', _check_placement),
        ('Compute services', _check_compute_services),
        ('Deprecated options', _check_deprecated_options),
    )


def main(argv=None):
    """Parse the command line and run the requested command."""
    argv = sys.argv[1:] if argv is None else argv
    if 'command' not in CONF:
        upgradecheck.register_cli_options(CONF, UpgradeCommands())
    try:
        common.parse_args(argv, prog='nova-status')
    except cfg.Error as exc:
        sys.stderr.write('nova-status: %s\n' % exc)
        return 255
    from nova_rocky.db import api as db_api
    objects.register_all()
    db_api.configure()
    # oslo.upgradecheck reads --json through its module-level CONF, which
    # its own main() would set; we parse ourselves to configure the DB.
    upgradecheck.CONF = CONF
    return upgradecheck.run(CONF)


if __name__ == '__main__':
    sys.exit(main())
