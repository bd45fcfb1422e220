"""[upgrade_levels] options: RPC version caps for rolling upgrades."""

from oslo_config import cfg

upgrade_group = cfg.OptGroup(
    'upgrade_levels', title='RPC version caps',
    help='Cap the RPC API version a service sends to its peers, by version '
         'number or release name, while older services still run.')

upgrade_opts = [
    cfg.StrOpt('compute',
               help='Version cap for RPC messages to nova-compute.'),
    cfg.StrOpt('conductor',
               help='Version cap for RPC messages to nova-conductor.'),
    cfg.StrOpt('scheduler',
               help='Version cap for RPC messages to nova-scheduler.'),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_opts}
