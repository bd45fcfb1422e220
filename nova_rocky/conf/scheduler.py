"""[scheduler] options."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')

scheduler_opts = [
    cfg.IntOpt(
        'max_attempts', default=3, min=1,
        help='Hosts tried for one build: the chosen host plus '
             'max_attempts - 1 alternates from the same cell.'),
    cfg.IntOpt(
        'max_placement_results', default=1000, min=1,
        help='Limit passed to placement GET /allocation_candidates.'),
    cfg.IntOpt(
        'discover_hosts_in_cells_interval', default=-1, min=-1,
        help='Seconds between automatic host discovery runs; -1 disables '
             'it (run "nova-manage cell_v2 discover_hosts" instead).'),
    cfg.IntOpt(
        'host_state_refresh_interval', default=5, min=0,
        help='Seconds a scheduler keeps its cached view of compute nodes '
             'before it reads the changed rows again. Placement claims keep '
             'hosts from being overcommitted in between.'),
    cfg.BoolOpt(
        'limit_tenants_to_placement_aggregate', default=False,
        help='Send a project\'s requests only to the hosts of aggregates '
             'whose metadata has a key starting with "filter_tenant_id" '
             'whose value is the project id (projects named by no '
             'aggregate may use any host, see '
             'placement_aggregate_required_for_tenants).'),
    cfg.BoolOpt(
        'placement_aggregate_required_for_tenants', default=False,
        help='With limit_tenants_to_placement_aggregate, refuse the '
             'requests of projects no aggregate names ("No hosts '
             'available for tenant") instead of letting them use any '
             'host.'),
    cfg.BoolOpt(
        'query_placement_for_availability_zone', default=False,
        help='Ask placement only for the hosts of the aggregates of the '
             'requested availability zone, instead of leaving the zone to '
             'AvailabilityZoneFilter after placement answered.'),
    cfg.BoolOpt(
        'enable_isolated_aggregate_filtering', default=False,
        help='Strict isolation: an aggregate whose metadata has '
             'trait:<TRAIT>=required only takes requests whose flavor or '
             'image requires every such trait; other requests are kept '
             'off its hosts.'),
    cfg.IntOpt(
        'workers', default=1, min=1,
        help='Scheduler worker processes.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)


def list_opts():
    return {scheduler_group: scheduler_opts}
