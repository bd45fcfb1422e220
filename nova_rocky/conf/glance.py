"""[glance] options: where images come from."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

glance_group = cfg.OptGroup('glance', title='Image service options')

glance_opts = [
    cfg.StrOpt(
        'backend', default='glance', choices=[
            ('glance', 'A real Glance v2 service through python-glanceclient'),
            ('local', 'The embedded image catalog in the API database '
                      '(all-in-one mode)')],
        help='Image catalog backend.'),
    cfg.StrOpt(
        'image_dir',
        help='Directory for image data of the local backend; defaults to '
             '$state_path/images.'),
]


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)
    ks_loading.register_session_conf_options(conf, glance_group.name)
    ks_loading.register_auth_conf_options(conf, glance_group.name)
    ks_loading.register_adapter_conf_options(conf, glance_group.name)


def list_opts():
    return {glance_group: (
        glance_opts +
        ks_loading.get_session_conf_options() +
        ks_loading.get_auth_common_conf_options() +
        ks_loading.get_adapter_conf_options(include_deprecated=False))}
