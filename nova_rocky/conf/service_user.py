"""[service_user] options: the service token sent beside a user's token.

When nova_rocky calls another service (the image service) with the token
of the user who made the API request, it can add a token of its own
service user (``X-Service-Token``). keystonemiddleware in front of that
service then accepts the request even when the user's token expires
during a long operation, and sees that nova made the call for the user.
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

SERVICE_USER_GROUP = 'service_user'

service_user_group = cfg.OptGroup(
    SERVICE_USER_GROUP, title='Service user token options',
    help='The service user whose token is sent along with the user\'s '
         'token on calls to other services\' REST APIs.')

service_user_opts = [
    cfg.BoolOpt(
        'send_service_user_token', default=False,
        help='When calling another service with a user\'s token, also send '
             'a token of the service user configured in this section, so '
             'the call is accepted even if the user\'s token expires '
             'before it arrives.'),
]


def register_opts(conf):
    conf.register_group(service_user_group)
    conf.register_opts(service_user_opts, group=service_user_group)
    ks_loading.register_session_conf_options(conf, SERVICE_USER_GROUP)
    ks_loading.register_auth_conf_options(conf, SERVICE_USER_GROUP)


def keystoneauth_opts():
    """keystoneauth1's session and password-plugin options, once each.

    The password and v3password plugins share most of their options; the
    sample lists each only once.
    """
    seen = set()
    unique = []
    for opt in (ks_loading.get_session_conf_options() +
                ks_loading.get_auth_common_conf_options() +
                ks_loading.get_auth_plugin_conf_options('password') +
                ks_loading.get_auth_plugin_conf_options('v3password')):
        if opt.dest not in seen:
            seen.add(opt.dest)
            unique.append(opt)
    return unique


def list_opts():
    return {service_user_group: service_user_opts + keystoneauth_opts()}
