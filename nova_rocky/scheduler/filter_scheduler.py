"""The select flow: placement candidates -> filters -> weighers -> claim.

For a request of N instances:

1. build the placement query from the RequestSpec (``utils.
   ResourceRequest``), let the request filters narrow it
   (``request_filter``: tenant and zone aggregates, strict isolation,
   capability traits) and ask ``GET /allocation_candidates``;
2. build HostStates for the compute nodes (root providers) placement
   returned, keep only hosts the request may use (ignore/force/requested
   destination), run the enabled filters, then the weighers;
3. pick one of the ``host_subset_size`` best hosts at random and claim its
   allocation request for the instance (``PUT /allocations``); if the
   claim loses a race, try the next best host;
4. alternates: the next best hosts of the same cell, each with an
   allocation request (not claimed: the conductor claims one if the build
   on the chosen host fails), up to ``[scheduler]max_attempts`` in all.

If an instance cannot be placed, the claims already made for the others of
the request are removed and NoValidHost is raised: no allocation is left
behind by a failed request.

A rebuild with a new image (``_nova_check_type=rebuild``) skips placement
and claims: the instance keeps its host and allocations, only the filters
marked ``RUN_ON_REBUILD`` judge that host.
"""

import random

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.objects import selection as selection_obj
from nova_rocky.scheduler.client import report
from nova_rocky.scheduler import filters
from nova_rocky.scheduler import group_policy
from nova_rocky.scheduler import host_manager
from nova_rocky.scheduler import request_filter
from nova_rocky.scheduler import utils
from nova_rocky.scheduler import weights

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def _field(obj, name, default=None):
    if obj is None or not obj.obj_attr_is_set(name):
        return default
    value = getattr(obj, name)
    return default if value is None else value


class FilterScheduler(object):
    """Chooses hosts for RequestSpecs; one instance per scheduler service.

    Filters and weighers are loaded at construction, so a bad
    ``enabled_filters`` / ``weight_classes`` entry fails the service start.
    """

    def __init__(self, host_manager_obj=None, report_client=None):
        self.host_manager = host_manager_obj or host_manager.HostManager()
        self._placement = report_client
        self.filters = filters.load_filters(
            CONF.filter_scheduler.enabled_filters)
        self.weighers = weights.load_weighers(
            CONF.filter_scheduler.weight_classes)

    @property
    def placement(self):
        if self._placement is None:
            self._placement = report.get_client()
        return self._placement

    # -- entry point --------------------------------------------------------

    def select_destinations(self, context, spec_obj, instance_uuids):
        """[[Selection, alternates...] per instance]; raises NoValidHost.

        ``instance_uuids`` None: choose without claiming (one list per
        ``spec_obj.num_instances``).
        """
        if utils.request_is_rebuild(spec_obj):
            return self._select_for_rebuild(context, spec_obj)
        alloc_reqs_by_rp, summaries, version = self._candidates(context,
                                                                spec_obj)
        hosts = self.host_manager.get_host_states_by_uuids(
            context, list(alloc_reqs_by_rp), summaries)
        hosts = self._restrict(hosts, spec_obj)
        group_policy.setup_instance_group(
            context, spec_obj, instance_uuids, self.filters + self.weighers)
        num = (len(instance_uuids) if instance_uuids
               else _field(spec_obj, 'num_instances', 1))
        chosen = []
        claimed = []
        try:
            for index in range(num):
                instance_uuid = instance_uuids[index] if instance_uuids \
                    else None
                weighed = self._filter_and_weigh(hosts, spec_obj)
                host = self._choose_and_claim(
                    context, spec_obj, instance_uuid, weighed,
                    alloc_reqs_by_rp, version)
                if instance_uuid is not None:
                    claimed.append(instance_uuid)
                host.obj.consume_from_request(spec_obj)
                group_policy.record_choice(spec_obj, host.obj.host)
                chosen.append((host, weighed))
        except exception.NoValidHost:
            self._unclaim(context, claimed)
            raise
        return [self._selections(host, weighed, alloc_reqs_by_rp, version)
                for host, weighed in chosen]

    # -- steps --------------------------------------------------------------

    def _candidates(self, context, spec_obj):
        limit = CONF.scheduler.max_placement_results
        if _field(spec_obj, 'force_hosts') or _field(spec_obj,
                                                     'force_nodes'):
            # A forced host may be past the first page: ask for all.
            limit = None
        res_req = utils.ResourceRequest.from_request_spec(spec_obj,
                                                          limit=limit)
        request_filter.process(spec_obj, res_req,
                               self.host_manager.get_aggregates(context))
        alloc_reqs, summaries, version = \
            self.placement.get_allocation_candidates(context, res_req)
        if alloc_reqs is None:
            raise exception.NoValidHost(
                reason='The placement request was refused (see the '
                       'scheduler log).')
        if not alloc_reqs:
            raise exception.NoValidHost(
                reason='No compute node has the requested resources and '
                       'traits.')
        by_root = {}
        for alloc_req in alloc_reqs:
            roots = {summaries.get(rp, {}).get('root_provider_uuid', rp)
                     for rp in alloc_req['allocations']}
            for root in roots:
                by_root.setdefault(root, []).append(alloc_req)
        return by_root, summaries, version

    @staticmethod
    def _restrict(hosts, spec_obj):
        """Apply ignore_hosts, force_hosts/nodes, requested_destination."""
        ignore = set(_field(spec_obj, 'ignore_hosts', []))
        hosts = [h for h in hosts if h.host not in ignore]
        force_hosts = set(_field(spec_obj, 'force_hosts', []))
        force_nodes = set(_field(spec_obj, 'force_nodes', []))
        if force_hosts:
            hosts = [h for h in hosts if h.host in force_hosts]
        if force_nodes:
            hosts = [h for h in hosts if h.nodename in force_nodes]
        dest = _field(spec_obj, 'requested_destination')
        if dest is not None:
            if _field(dest, 'host'):
                hosts = [h for h in hosts if h.host == dest.host]
            if _field(dest, 'node'):
                hosts = [h for h in hosts if h.nodename == dest.node]
            cell = _field(dest, 'cell')
            if cell is not None:
                hosts = [h for h in hosts if h.cell_uuid == cell.uuid]
        return hosts

    def _filter_and_weigh(self, hosts, spec_obj):
        if _field(spec_obj, 'force_hosts') or _field(spec_obj,
                                                     'force_nodes'):
            # As upstream: an admin-forced host skips the filters (placement
            # has still checked the resources).
            passed = list(hosts)
        else:
            passed = filters.run_filters(self.filters, hosts, spec_obj)
        if not passed:
            raise exception.NoValidHost(
                reason='There are not enough hosts available.')
        return weights.get_weighed_hosts(self.weighers, passed, spec_obj)

    def _choose_and_claim(self, context, spec_obj, instance_uuid, weighed,
                          alloc_reqs_by_rp, version):
        """Claim on one of the best hosts; fall back down the list."""
        subset = min(CONF.filter_scheduler.host_subset_size, len(weighed))
        first = random.randrange(subset)
        order = [weighed[first]] + [w for i, w in enumerate(weighed)
                                    if i != first]
        if instance_uuid is None:
            return order[0]
        for candidate in order:
            alloc_req = alloc_reqs_by_rp[candidate.obj.uuid][0]
            if self.placement.claim_resources(
                    context, instance_uuid, alloc_req, spec_obj.project_id,
                    spec_obj.user_id, allocation_request_version=version):
                return candidate
            LOG.info('Claim for instance %s on %s failed; trying the next '
                     'host', instance_uuid, candidate.obj)
        raise exception.NoValidHost(
            reason='Claiming resources in placement failed on every '
                   'candidate host.')

    def _unclaim(self, context, instance_uuids):
        for instance_uuid in instance_uuids:
            try:
                self.placement.delete_allocation_for_instance(context,
                                                              instance_uuid)
            except Exception:
                LOG.exception('Could not remove the allocations of instance '
                              '%s after a failed request', instance_uuid)

    @staticmethod
    def _selections(chosen, weighed, alloc_reqs_by_rp, version):
        """The chosen host then up to max_attempts - 1 same-cell
        alternates, each with its own allocation request."""
        host = chosen.obj
        result = [selection_obj.Selection.from_host_state(
            host, alloc_reqs_by_rp[host.uuid][0], version)]
        for item in weighed:
            if len(result) >= CONF.scheduler.max_attempts:
                break
            alt = item.obj
            if alt.uuid == host.uuid or alt.cell_uuid != host.cell_uuid:
                continue
            result.append(selection_obj.Selection.from_host_state(
                alt, alloc_reqs_by_rp[alt.uuid][0], version))
        return result

    def _select_for_rebuild(self, context, spec_obj):
        """Check the instance's own host against the new image."""
        force_hosts = _field(spec_obj, 'force_hosts', [])
        force_nodes = _field(spec_obj, 'force_nodes', [])
        if not force_hosts:
            raise exception.NoValidHost(
                reason='A rebuild check needs the instance host.')
        hosts = self.host_manager.get_host_states_by_host(
            context, force_hosts[0], force_nodes[0] if force_nodes else None)
        # filter_all lets non-RUN_ON_REBUILD filters pass every host.
        passed = filters.run_filters(self.filters, hosts, spec_obj)
        if not passed:
            raise exception.NoValidHost(
                reason='The instance host does not accept the new image.')
        return [[selection_obj.Selection.from_host_state(passed[0])]]
