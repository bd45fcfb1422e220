"""[fake] options: the resources and behaviour of the fake virt driver."""

from oslo_config import cfg

fake_group = cfg.OptGroup(
    'fake', title='Fake virt driver options',
    help='The fake driver keeps guests in memory. It is the driver of the '
         'functional tests, the benchmarks and the all-in-one demo.')

fake_opts = [
    cfg.IntOpt('vcpus', default=64, min=1,
               help='Physical CPUs each fake host reports.'),
    cfg.IntOpt('memory_mb', default=262144, min=1,
               help='Memory in MiB each fake host reports.'),
    cfg.IntOpt('local_gb', default=4096, min=1,
               help='Local disk in GiB each fake host reports.'),
    cfg.StrOpt('hypervisor_type', default='fake',
               help='Hypervisor type reported for fake hosts (matched by '
                    'the img_hv_type image property).'),
    cfg.IntOpt('hypervisor_version', default=1000,
               help='Hypervisor version reported for fake hosts, encoded '
                    'as upstream does (major * 1000000 + minor * 1000 + '
                    'micro).'),
    cfg.StrOpt('cpu_arch', default='x86_64',
               help='CPU architecture reported for fake hosts.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds a fake spawn takes, to imitate slow '
                      'hypervisors in demos and benchmarks.'),
    cfg.ListOpt('fail_spawn_for_names', default=[],
                help='Servers whose name (display name) or UUID is in this '
                     'list fail to spawn with InstanceDeployFailure on every '
                     'fake host, so tests can drive build failures, '
                     'reschedules and ERROR states without mocks.'),
    cfg.ListOpt('fail_spawn_on_hosts', default=[],
                help='Compute hosts on which every fake spawn fails with '
                     'InstanceDeployFailure; lets a test fail the first '
                     'host and see the build rescheduled to an alternate.'),
    cfg.ListOpt('disabled_capabilities', default=[],
                help='Driver capabilities (for example supports_multiattach '
                     'or supports_secure_boot) the fake driver reports as '
                     'unsupported, and so does not publish as traits. '
                     'Unknown names are ignored with a warning.'),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
