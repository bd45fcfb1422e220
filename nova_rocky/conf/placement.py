"""[placement] options: how services reach the placement API."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

placement_group = cfg.OptGroup(
    'placement', title='Placement service options',
    help='Credentials and endpoint of the placement API, as for any '
         'keystoneauth1 client.')

placement_opts = [
    cfg.StrOpt(
        'direct_connection',
        help='Run the placement code in this process on this database URL '
             'instead of calling a placement-api service over HTTP. Used by '
             'the all-in-one mode and functional tests.'),
]


def register_opts(conf):
    conf.register_group(placement_group)
    conf.register_opts(placement_opts, group=placement_group)
    ks_loading.register_session_conf_options(conf, placement_group.name)
    ks_loading.register_auth_conf_options(conf, placement_group.name)
    ks_loading.register_adapter_conf_options(conf, placement_group.name)


def list_opts():
    return {placement_group: (
        placement_opts +
        ks_loading.get_session_conf_options() +
        ks_loading.get_auth_common_conf_options() +
        ks_loading.get_adapter_conf_options(include_deprecated=False))}
