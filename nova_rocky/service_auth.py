"""Service tokens beside user tokens (``[service_user]``).

:func:`wrap_user_auth` turns the auth plugin that acts with a user's token
into one that also sends the service user's token as ``X-Service-Token``
when ``[service_user]send_service_user_token`` is set. The service user's
plugin is loaded once per process and keystoneauth renews its token.
"""

import threading

from keystoneauth1 import loading as ks_loading
from keystoneauth1 import service_token
from oslo_log import log as logging

from nova_rocky import conf

CONF = conf.CONF
LOG = logging.getLogger(__name__)

_SERVICE_AUTH = {}
_LOCK = threading.Lock()


def _service_auth(config):
    # Loading registers the plugin's options (some required) on ``config``.
    with _LOCK:
        if id(config) not in _SERVICE_AUTH:
            _SERVICE_AUTH[id(config)] = (
                config, ks_loading.load_auth_from_conf_options(
                    config, conf.service_user.SERVICE_USER_GROUP))
        return _SERVICE_AUTH[id(config)][1]


def reset():
    """Forget the loaded service user plugins (tests, config reloads)."""
    with _LOCK:
        _SERVICE_AUTH.clear()


def wrap_user_auth(user_auth, config=CONF):
    """``user_auth``, plus the service token when configured to send it."""
    if not config.service_user.send_service_user_token:
        return user_auth
    service_auth = _service_auth(config)
    if service_auth is None:
        LOG.warning('[service_user]send_service_user_token is set but the '
                    'section names no auth_type; sending the user token '
                    'alone')
        return user_auth
    return service_token.ServiceTokenAuthWrapper(user_auth=user_auth,
                                                 service_auth=service_auth)
