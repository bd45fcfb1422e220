"""Options of the compute service ([DEFAULT] and [compute])."""

from oslo_config import cfg

compute_group = cfg.OptGroup('compute', title='Compute service options')

default_opts = [
    cfg.StrOpt(
        'compute_driver', default='fake.FakeDriver',
        help='Virt driver that nova-compute drives, as '
             '"<module>.<Class>" under nova_rocky.virt, for example '
             '"fake.FakeDriver" or "libvirt.LibvirtDriver".'),
    cfg.FloatOpt(
        'cpu_allocation_ratio', default=16.0, min=0.0,
        help='Virtual CPUs per physical CPU reported to placement as the '
             'VCPU allocation ratio.'),
    cfg.FloatOpt(
        'ram_allocation_ratio', default=1.5, min=0.0,
        help='Allocation ratio reported to placement for MEMORY_MB.'),
    cfg.FloatOpt(
        'disk_allocation_ratio', default=1.0, min=0.0,
        help='Allocation ratio reported to placement for DISK_GB.'),
    cfg.IntOpt(
        'reserved_host_memory_mb', default=512, min=0,
        help='Memory in MiB kept for the host, reported as reserved '
             'MEMORY_MB.'),
    cfg.IntOpt(
        'reserved_host_disk_mb', default=0, min=0,
        help='Disk in MiB kept for the host; reported as reserved DISK_GB '
             '(rounded up).'),
    cfg.IntOpt(
        'reserved_host_cpus', default=0, min=0,
        help='Host CPUs kept for the host, reported as reserved VCPU.'),
    cfg.IntOpt(
        'update_resources_interval', default=60, min=1,
        help='Seconds between resource updates a compute sends to placement '
             'and its compute node record.'),
    cfg.IntOpt(
        'max_concurrent_builds', default=10, min=0,
        help='Builds a compute runs at once; 0 means no limit.'),
    cfg.IntOpt(
        'reclaim_instance_interval', default=0,
        help='Seconds a deleted server is kept soft-deleted (restorable '
             'with the "restore" action) before its compute reclaims it. '
             '0 or less deletes servers at once. The reclaim runs every '
             'reclaim_instance_interval seconds on each compute, so a '
             'server may live up to twice this long.'),
]

compute_opts = [
    cfg.IntOpt(
        'build_workers', default=10, min=1,
        help='Threads a compute service uses to run builds and deletes '
             'handed to it by RPC casts.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)
    conf.register_group(compute_group)
    conf.register_opts(compute_opts, group=compute_group)


def list_opts():
    return {'DEFAULT': default_opts, compute_group: compute_opts}
