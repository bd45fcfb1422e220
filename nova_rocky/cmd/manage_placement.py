"""nova-manage ``placement``: repair what placement should mirror.

``sync_aggregates`` makes every host aggregate a placement aggregate of
its member hosts' compute node providers (same uuid), and gives those
providers the traits the aggregate's ``trait:<NAME>=required`` metadata
names. It only adds: memberships and traits placement has beyond that are
left alone (another tool may own them). Exit status, as upstream where it
applies:

* 0: every member host's providers are in sync;
* 3: placement refused an update (the message says which provider);
* 4: some member hosts have no host mapping (run
  ``nova-manage cell_v2 discover_hosts``);
* 5: some mapped hosts have no compute node record;
* 6: a compute node has no resource provider in placement yet.
"""

from oslo_log import log as logging

from nova_rocky.cmd import common
from nova_rocky.compute import aggregates as aggregate_api
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.scheduler.client import membership
from nova_rocky.scheduler.client import report
from nova_rocky.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)
args = common.args


class PlacementCommands(object):
    """Placement data nova mirrors."""

    REQUIRES_API_DB = True

    def _node_uuids(self, context, host, problems):
        try:
            objects.HostMapping.get_by_host(context, host)
        except exception.HostMappingNotFound:
            problems.setdefault(4, set()).add(host)
            return []
        try:
            return aggregate_api.node_uuids_of_host(context, host)
        except exception.ComputeHostNotFound:
            problems.setdefault(5, set()).add(host)
            return []

    def _sync_provider(self, context, client, rp_uuid, aggregate, traits,
                       verbose):
        if client._get_provider(context, rp_uuid) is None:
            return 6
        try:
            changed = membership.change_aggregates(
                client, context, rp_uuid, add=[aggregate.uuid])
            changed |= membership.change_traits(client, context, rp_uuid,
                                                add=traits)
        except exception.NovaException as exc:
            print('Failed updating provider %s: %s' % (rp_uuid, exc))
            return 3
        if changed and verbose:
            print('Updated provider %s for aggregate %s' % (
                rp_uuid, aggregate.uuid))
        return 0

    @args('--verbose', action='store_true', default=False,
          help='Print every provider that was changed.')
    def sync_aggregates(self, verbose=False):
        """Mirror host aggregates (and their required traits) in
        placement."""
        objects.register_all()
        context = nova_context.get_admin_context()
        client = report.get_client()
        problems = {}
        for aggregate in objects.AggregateList.get_all(context):
            traits = scheduler_utils.required_traits_of_metadata(
                aggregate.metadata)
            for host in aggregate.hosts:
                for rp_uuid in self._node_uuids(context, host, problems):
                    status = self._sync_provider(context, client, rp_uuid,
                                                 aggregate, traits, verbose)
                    if status:
                        problems.setdefault(status, set()).add(host)
        messages = {
            3: 'Failed updating the placement providers of hosts: %s',
            4: 'Hosts without a host mapping (run "nova-manage cell_v2 '
               'discover_hosts"): %s',
            5: 'Hosts without a compute node record: %s',
            6: 'Hosts whose compute node has no resource provider yet: %s',
        }
        for status in sorted(problems):
            print(messages[status] % ', '.join(sorted(problems[status])))
        if problems:
            return min(problems)
        if verbose:
            print('Every aggregate is in sync with placement.')
        return 0
