"""[filter_scheduler] options: which filters and weighers run."""

from oslo_config import cfg

filter_group = cfg.OptGroup('filter_scheduler',
                            title='Filter scheduler options')

filter_opts = [
    cfg.ListOpt(
        'enabled_filters',
        default=['ComputeFilter', 'AvailabilityZoneFilter',
                 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
                 'ServerGroupAntiAffinityFilter',
                 'ServerGroupAffinityFilter'],
        help='Filters run, in order, on the hosts placement returned.'),
    cfg.ListOpt(
        'weight_classes',
        default=['RAMWeigher', 'DiskWeigher', 'CPUWeigher',
                 'IoOpsWeigher', 'BuildFailureWeigher',
                 'ServerGroupSoftAffinityWeigher',
                 'ServerGroupSoftAntiAffinityWeigher'],
        help='Weighers applied to the hosts that passed the filters.'),
    cfg.IntOpt(
        'host_subset_size', default=1, min=1,
        help='The chosen host is picked at random among the best '
             'host_subset_size hosts; larger values spread concurrent '
             'requests.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Multiplier of the free-RAM weigher; negative stacks.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Multiplier of the free-disk weigher.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Multiplier of the free-VCPU weigher.'),
    cfg.FloatOpt(
        'io_ops_weight_multiplier', default=-1.0,
        help='Multiplier of IoOpsWeigher; negative (the default) prefers '
             'hosts with fewer IO operations running.'),
    cfg.FloatOpt(
        'build_failure_weight_multiplier', default=1000000.0,
        help='Multiplier of BuildFailureWeigher: how far a host whose '
             'recent builds failed is pushed down the list (0 ignores '
             'failures).'),
    cfg.IntOpt(
        'max_io_ops_per_host', default=8, min=0,
        help='IoOpsFilter: hosts with this many IO operations (builds) '
             'running take no more.'),
    cfg.IntOpt(
        'max_instances_per_host', default=50, min=1,
        help='NumInstancesFilter: hosts with this many instances take no '
             'more.'),
    cfg.FloatOpt(
        'soft_affinity_weight_multiplier', default=1.0, min=0.0,
        help='Multiplier of ServerGroupSoftAffinityWeigher: how strongly '
             'hosts with more members of a soft-affinity group win.'),
    cfg.FloatOpt(
        'soft_anti_affinity_weight_multiplier', default=1.0, min=0.0,
        help='Multiplier of ServerGroupSoftAntiAffinityWeigher: how '
             'strongly hosts with fewer members of a soft-anti-affinity '
             'group win.'),
]


def register_opts(conf):
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)


def list_opts():
    return {filter_group: filter_opts}
