"""[workarounds] options: switches for deployments that need them."""

from oslo_config import cfg

workarounds_group = cfg.OptGroup(
    'workarounds', title='Workaround options',
    help='Options that turn off a behaviour some deployments cannot use.')

workarounds_opts = [
    cfg.BoolOpt(
        'disable_group_policy_check_upcall', default=False,
        help='Skip the late server group policy check nova-compute makes '
             'before it spawns an instance of a group (it asks the '
             'conductor for the group and its members). Without the check '
             'two concurrent boots may both land on a host their '
             '(anti-)affinity policy forbids.'),
]


def register_opts(conf):
    conf.register_group(workarounds_group)
    conf.register_opts(workarounds_opts, group=workarounds_group)


def list_opts():
    return {workarounds_group: workarounds_opts}
