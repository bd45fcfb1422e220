"""Host states: the scheduler's view of the compute nodes of every cell.

A ``HostState`` is one compute node as filters and weighers see it: the
node's ComputeNode row, its compute Service, the cell it is mapped to, and
(per request) placement's usage of its provider.

The ``HostManager`` caches host states per cell and keeps the cost of a
scheduling request low:

* placement answers first; only the providers it returned are looked up;
* the cache is reused for ``[scheduler]host_state_refresh_interval``
  seconds; after that a request re-reads only the compute nodes changed
  since the previous read (``ComputeNodeList.get_changed_since``) plus the
  compute services (whose heartbeats change all the time), and every
  ``FULL_RELOAD_EVERY``-th refresh reloads everything (cells, host
  mappings, nodes), which also drops deleted nodes and renamed hosts;
* a provider placement returned that the cache does not know (a compute
  that just started) is read by uuid at once;
* host mappings (host -> cell) are cached, unmapped hosts are skipped
  until ``nova-manage cell_v2 discover_hosts`` maps them;
* host aggregates (API database) are read once per refresh; they give a
  host its availability zone and the metadata aggregate filters match.

Free RAM, disk and used VCPUs come from placement's provider summaries of
the request: placement is where claims land, so it is fresher than the
ComputeNode row the compute writes once a minute.
"""

import datetime
import threading
import time

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.objects import aggregate as _aggregate  # noqa: F401
from nova_rocky.scheduler import utils

CONF = conf.CONF
# Seconds before a host found unmapped is looked up again.
UNMAPPED_RECHECK = 2
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'
# Rows changed this close before the previous read are read again: the
# clock of the writer and the commit order need not be exact.
CHANGED_SINCE_MARGIN = datetime.timedelta(seconds=2)


def _int_stat(stats, name):
    try:
        return int(stats.get(name) or 0)
    except (TypeError, ValueError):
        return 0


class HostState(object):
    """Mutable state of one compute node during scheduling."""

    def __init__(self, host, nodename, cell_uuid):
        self.host = host
        self.nodename = nodename
        self.cell_uuid = cell_uuid
        self.uuid = None
        self.service = None
        self.service_read_at = None   # when ``service`` was read (UTC)
        self.total_usable_ram_mb = 0
        self.free_ram_mb = 0
        self.total_usable_disk_gb = 0
        self.free_disk_mb = 0
        self.disk_mb_used = 0
        self.vcpus_total = 0
        self.vcpus_used = 0
        self.hypervisor_type = None
        self.hypervisor_version = None
        self.hypervisor_hostname = None
        self.cpu_info = None
        self.host_ip = None
        self.supported_instances = []
        self.stats = {}
        self.cpu_allocation_ratio = None
        self.ram_allocation_ratio = None
        self.disk_allocation_ratio = None
        self.num_instances = 0
        self.num_io_ops = 0
        self.failed_builds = 0
        self.updated = None
        # Set by the host manager from the host's aggregates.
        self.aggregates = []
        self.availability_zone = CONF.default_availability_zone
        self.limits = {}

    def __repr__(self):
        return ('(%s, %s) ram: %sMB disk: %sMB vcpus used: %s/%s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_mb,
            self.vcpus_used, self.vcpus_total))

    @property
    def service_up(self):
        return self.service is not None and utils.service_is_up(
            self.service, now=self.service_read_at)

    @property
    def service_disabled(self):
        return self.service is None or bool(self.service.disabled)

    def update_from_compute_node(self, node):
        """Copy a ComputeNode row in (ratios as the node reported them)."""
        self.uuid = node.uuid
        self.hypervisor_hostname = node.hypervisor_hostname
        self.total_usable_ram_mb = node.memory_mb
        self.free_ram_mb = (node.free_ram_mb if node.free_ram_mb is not None
                            else node.memory_mb - node.memory_mb_used)
        self.total_usable_disk_gb = node.local_gb
        free_gb = (node.free_disk_gb if node.free_disk_gb is not None
                   else node.local_gb - node.local_gb_used)
        if node.disk_available_least is not None:
            free_gb = min(free_gb, node.disk_available_least)
        self.free_disk_mb = free_gb * 1024
        self.disk_mb_used = node.local_gb_used * 1024
        self.vcpus_total = node.vcpus
        self.vcpus_used = node.vcpus_used
        self.hypervisor_type = node.hypervisor_type
        self.hypervisor_version = node.hypervisor_version
        self.cpu_info = node.cpu_info
        self.host_ip = node.host_ip
        self.supported_instances = node.supported_instances or []
        self.stats = dict(node.stats or {})
        self.num_instances = _int_stat(self.stats, 'num_instances')
        self.num_io_ops = _int_stat(self.stats, 'io_workload')
        self.failed_builds = _int_stat(self.stats, 'failed_builds')
        self.cpu_allocation_ratio = (node.cpu_allocation_ratio or
                                     CONF.cpu_allocation_ratio)
        self.ram_allocation_ratio = (node.ram_allocation_ratio or
                                     CONF.ram_allocation_ratio)
        self.disk_allocation_ratio = (node.disk_allocation_ratio or
                                      CONF.disk_allocation_ratio)
        self.updated = node.updated_at or node.created_at

    def update_from_provider_summary(self, summary):
        """Take free resources from placement's summary of the provider."""
        resources = (summary or {}).get('resources', {})
        ram = resources.get('MEMORY_MB')
        if ram:
            self.free_ram_mb = ram['capacity'] - ram['used']
        disk = resources.get('DISK_GB')
        if disk:
            self.free_disk_mb = (disk['capacity'] - disk['used']) * 1024
            self.disk_mb_used = disk['used'] * 1024
        vcpu = resources.get('VCPU')
        if vcpu:
            self.vcpus_used = vcpu['used']

    def consume_from_request(self, spec_obj):
        """Account for an instance just placed here (multi-create)."""
        flavor = spec_obj.flavor
        disk_mb = (1024 * ((flavor.root_gb or 0) + (flavor.ephemeral_gb or 0))
                   + (flavor.swap or 0))
        self.free_ram_mb -= flavor.memory_mb
        self.free_disk_mb -= disk_mb
        self.disk_mb_used += disk_mb
        self.vcpus_used += flavor.vcpus
        self.num_instances += 1
        self.num_io_ops += 1


class _CellCache(object):
    """Cached rows of one cell."""

    def __init__(self, mapping):
        self.mapping = mapping
        self.nodes = {}        # node uuid -> ComputeNode
        self.services = {}     # host -> compute Service
        self.read_at = None    # utc time the node read started


class HostManager(object):
    """Builds HostStates for the providers placement returned."""

    FULL_RELOAD_EVERY = 10

    def __init__(self):
        self._lock = threading.Lock()
        self._cells = {}            # cell uuid -> _CellCache
        self._host_cells = {}       # host -> cell uuid (host mappings)
        self._unmapped = {}         # host -> when it was last seen unmapped
        self._refreshes = 0
        self._refreshed_at = None   # monotonic time of the last refresh
        self._host_aggregates = {}  # host -> [Aggregate]
        self._all_aggregates = []

    # -- cache maintenance --------------------------------------------------

    def _admin_context(self, context, read_deleted='no'):
        ctxt = context.elevated(read_deleted=read_deleted) if context \
            else nova_context.get_admin_context(read_deleted=read_deleted)
        return ctxt

    def _read_cells(self, ctxt):
        cells = {}
        for mapping in objects.CellMappingList.get_all(ctxt):
            if mapping.is_cell0() or getattr(mapping, 'disabled', False):
                continue
            old = self._cells.get(mapping.uuid)
            cells[mapping.uuid] = old or _CellCache(mapping)
        self._cells = cells
        self._host_cells = {hm.host: hm.cell_mapping.uuid
                            for hm in objects.HostMappingList.get_all(ctxt)}
        self._unmapped = {}

    def _run_in_cells(self, ctxt, fn):
        def run(cctxt):
            return fn(cctxt, self._cells[cctxt.cell_uuid])
        results = nova_context.scatter_gather_cells(
            ctxt, [c.mapping for c in self._cells.values()],
            nova_context.CELL_TIMEOUT, run)
        for cell_uuid, result in results.items():
            if nova_context.is_cell_failure_sentinel(result):
                LOG.warning('Cell %s did not answer the host state read: '
                            '%s', cell_uuid, result)
        return results

    @staticmethod
    def _read_services(cctxt, cell):
        # The incremental read runs with read_deleted='yes' (to see
        # deleted nodes); deleted service rows must not shadow live ones.
        cell.services = {
            s.host: s for s in objects.ServiceList.get_by_binary(
                cctxt, COMPUTE_BINARY, include_disabled=True)
            if not s.deleted}

    def _full_reload(self, ctxt):
        self._read_cells(ctxt)

        def read(cctxt, cell):
            started = timeutils.utcnow()
            self._read_services(cctxt, cell)
            cell.nodes = {n.uuid: n for n in
                          objects.ComputeNodeList.get_all(cctxt)}
            cell.read_at = started
        self._run_in_cells(ctxt, read)

    def _incremental(self, ctxt):
        def read(cctxt, cell):
            started = timeutils.utcnow()
            self._read_services(cctxt, cell)
            if cell.read_at is None:
                changed = objects.ComputeNodeList.get_all(cctxt)
            else:
                changed = objects.ComputeNodeList.get_changed_since(
                    cctxt, cell.read_at - CHANGED_SINCE_MARGIN)
            for node in changed:
                if node.deleted:
                    cell.nodes.pop(node.uuid, None)
                else:
                    cell.nodes[node.uuid] = node
            cell.read_at = started
        # Deleted rows too, so a node deleted since the last read goes.
        self._run_in_cells(self._admin_context(ctxt, 'yes'), read)

    def refresh(self, context=None, full=False):
        """Bring the cache up to date if it is older than the interval."""
        with self._lock:
            self._refresh_locked(context, full)

    def _refresh_locked(self, context, full=False):
        now = time.monotonic()
        interval = CONF.scheduler.host_state_refresh_interval
        if (not full and self._refreshed_at is not None and
                now - self._refreshed_at < interval):
            return
        ctxt = self._admin_context(context)
        if full or self._refreshed_at is None or (
                self._refreshes % self.FULL_RELOAD_EVERY == 0):
            self._full_reload(ctxt)
        else:
            self._incremental(ctxt)
        self._read_aggregates(ctxt)
        self._refreshes += 1
        self._refreshed_at = now

    def _read_aggregates(self, ctxt):
        # One API database read per refresh: aggregates change rarely and
        # there are few of them next to the hosts; the compute API also
        # pushes each change (update_aggregates) so it counts at once.
        self._set_aggregates(objects.AggregateList.get_all(ctxt))

    def _set_aggregates(self, aggregates):
        by_host = {}
        for aggregate in aggregates:
            for host in aggregate.hosts or []:
                by_host.setdefault(host, []).append(aggregate)
        self._host_aggregates = by_host
        self._all_aggregates = list(aggregates)

    def update_aggregates(self, aggregates):
        """Replace (or add) the cached copies of ``aggregates``."""
        with self._lock:
            fresh = {agg.uuid: agg for agg in aggregates}
            kept = [agg for agg in self._all_aggregates
                    if agg.uuid not in fresh]
            self._set_aggregates(kept + list(fresh.values()))

    def delete_aggregate(self, aggregate):
        """Forget a deleted aggregate."""
        with self._lock:
            self._set_aggregates([agg for agg in self._all_aggregates
                                  if agg.uuid != aggregate.uuid])

    def _read_missing(self, context, uuids):
        """Read nodes the cache does not know yet (new computes)."""
        ctxt = self._admin_context(context)

        def read(cctxt, cell):
            for node in objects.ComputeNodeList.get_all_by_uuids(cctxt,
                                                                 uuids):
                cell.nodes[node.uuid] = node
                if node.host not in cell.services:
                    self._read_services(cctxt, cell)
        self._run_in_cells(ctxt, read)

    def _cell_of_host(self, context, host):
        if host in self._host_cells:
            return self._host_cells[host]
        # An unmapped host is asked about again after a short while, so a
        # host mapped by "nova-manage cell_v2 discover_hosts" is scheduled
        # to within seconds, not only after the next full reload.
        seen = self._unmapped.get(host)
        if seen is not None and time.monotonic() - seen < UNMAPPED_RECHECK:
            return None
        try:
            mapping = objects.HostMapping.get_by_host(
                self._admin_context(context), host)
        except exception.HostMappingNotFound:
            self._unmapped[host] = time.monotonic()
            return None
        self._unmapped.pop(host, None)
        self._host_cells[host] = mapping.cell_mapping.uuid
        return mapping.cell_mapping.uuid

    # -- host states --------------------------------------------------------

    def _state_for(self, context, cell, node):
        """A fresh HostState, or None if the node cannot take instances."""
        cell_uuid = self._cell_of_host(context, node.host)
        if cell_uuid is None:
            LOG.debug('Host %s is not mapped to a cell; skipping it',
                      node.host)
            return None
        if cell_uuid != cell.mapping.uuid:
            LOG.warning('Host %s is mapped to cell %s but its node %s is in '
                        'cell %s; skipping it', node.host, cell_uuid,
                        node.uuid, cell.mapping.uuid)
            return None
        service = cell.services.get(node.host)
        if service is None:
            return None
        if service.disabled or not utils.service_is_up(
                service, now=cell.read_at):
            LOG.debug('Compute service of %s is disabled or down; skipping '
                      'it', node.host)
            return None
        state = HostState(node.host, node.hypervisor_hostname, cell_uuid)
        state.update_from_compute_node(node)
        state.service = service
        state.service_read_at = cell.read_at
        state.aggregates = self._host_aggregates.get(node.host, [])
        for aggregate in state.aggregates:
            if aggregate.availability_zone:
                state.availability_zone = aggregate.availability_zone
                break
        return state

    def _find(self, uuid):
        for cell in self._cells.values():
            node = cell.nodes.get(uuid)
            if node is not None:
                return cell, node
        return None, None

    def get_host_states_by_uuids(self, context, node_uuids, summaries=None):
        """HostStates of the given compute node uuids (placement's answer).

        Nodes that are unknown, unmapped, or whose service is disabled or
        down are left out. ``summaries`` ({uuid: provider summary}) update
        free resources. Every call returns new objects: concurrent
        requests never share a HostState.
        """
        summaries = summaries or {}
        with self._lock:
            self._refresh_locked(context)
            missing = [u for u in node_uuids if self._find(u)[0] is None]
            if missing:
                self._read_missing(context, missing)
            states = []
            for uuid in node_uuids:
                cell, node = self._find(uuid)
                if node is None:
                    LOG.debug('Provider %s is not a known compute node',
                              uuid)
                    continue
                state = self._state_for(context, cell, node)
                if state is None:
                    continue
                state.update_from_provider_summary(summaries.get(uuid))
                states.append(state)
            return states

    def get_aggregates(self, context):
        """Every host aggregate, as of the last refresh."""
        with self._lock:
            self._refresh_locked(context)
            return list(self._all_aggregates)

    def get_host_states_by_host(self, context, host, nodename=None):
        """HostStates of one host's nodes (rebuild: no placement query)."""
        with self._lock:
            self._refresh_locked(context)
            states = []
            for cell in self._cells.values():
                for node in list(cell.nodes.values()):
                    if node.host != host or (
                            nodename and node.hypervisor_hostname !=
                            nodename):
                        continue
                    state = self._state_for(context, cell, node)
                    if state is not None:
                        states.append(state)
            return states
