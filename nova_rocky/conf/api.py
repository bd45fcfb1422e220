"""[api] options: the compute REST API."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt(
        'auth_strategy', default='keystone', choices=[
            ('keystone', 'Validate tokens with keystonemiddleware auth_token'),
            ('noauth2', 'Development only: token "user:project", user '
                        '"admin" is an administrator')],
        help='How the API authenticates requests.'),
    cfg.IntOpt(
        'max_limit', default=1000, min=1,
        help='Largest number of items a collection returns in one response; '
             'a larger "limit" query parameter is cut down to this.'),
    cfg.StrOpt(
        'compute_link_prefix',
        help='Base URL used in "links" of compute API responses instead of '
             'the request\'s host URL (set it behind a proxy).'),
    cfg.StrOpt(
        'glance_link_prefix',
        help='Base URL used for image links in compute API responses.'),
    cfg.StrOpt(
        'api_paste_config', default='api-paste.ini',
        help='File name of the paste deployment file for the compute API; '
             'a relative name is looked up next to the config files.'),
    cfg.BoolOpt(
        'enable_instance_password', default=True,
        help='Return the administrator password in the answer to a '
             'rebuild (and an evacuate before microversion 2.14). Turn it '
             'off for hypervisors that cannot set a guest password.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
