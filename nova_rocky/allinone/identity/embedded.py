"""The all-in-one identity service as nova-all uses it.

:class:`EmbeddedIdentity` ties the pieces together: it starts the Keystone
child (early, so Keystone's first-start work overlaps nova-all's own),
serves it at ``/identity``, points keystonemiddleware at it with the
``nova`` service user, and writes ``clouds.yaml`` for the admin.
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from nova_rocky.allinone.identity import layout as identity_layout
from nova_rocky.allinone.identity import proxy
from nova_rocky.allinone.identity import supervisor

AUTHTOKEN_GROUP = 'keystone_authtoken'
#: First start (schema, keys, bootstrap) takes ~20 s on a loaded 2-core
#: machine; later starts a few seconds.
READY_TIMEOUT = 180


def register_password_options(conf, group=AUTHTOKEN_GROUP):
    """Register keystoneauth's ``password`` plugin options in ``group``.

    keystonemiddleware registers them itself, but only when it builds its
    plugin; their defaults must be set before that.
    """
    options = ks_loading.get_auth_plugin_conf_options('password')
    for opt in options:
        try:
            conf.register_opt(opt, group=group)
        except cfg.DuplicateOptError:
            pass


class EmbeddedIdentity(object):
    """Keystone for one nova-all run, published under ``base_url``."""

    def __init__(self, state_path, base_url):
        self.base_url = base_url.rstrip('/')
        self.layout = identity_layout.KeystoneLayout(state_path)
        self.supervisor = supervisor.KeystoneSupervisor(self.layout,
                                                        self.base_url)
        self.proxy = proxy.IdentityProxy(self.supervisor)

    @property
    def url(self):
        return self.base_url + '/identity'

    def start(self):
        self.supervisor.start()

    def wait_ready(self, timeout=READY_TIMEOUT):
        return self.supervisor.wait_ready(timeout)

    def stop(self):
        self.supervisor.stop()

    def authtoken_options(self):
        """keystonemiddleware settings: validate with the service user."""
        return {
            'www_authenticate_uri': self.url,
            'auth_type': 'password',
            'auth_url': self.url,
            'username': identity_layout.SERVICE_USER,
            'password': self.layout.service_password,
            'project_name': identity_layout.SERVICE_PROJECT,
            'user_domain_name': identity_layout.DOMAIN,
            'project_domain_name': identity_layout.DOMAIN,
            'region_name': identity_layout.REGION,
            'interface': 'public',
        }

    def configure_authtoken(self, conf):
        """Default ``conf``'s ``[keystone_authtoken]`` to this Keystone.

        Defaults, not overrides: a ``--config-file`` still wins.
        """
        register_password_options(conf)
        for name, value in self.authtoken_options().items():
            conf.set_default(name, value, group=AUTHTOKEN_GROUP)

    def write_clouds_yaml(self):
        return self.layout.write_clouds_yaml(self.url)

    @property
    def admin_password(self):
        return self.layout.admin_password
