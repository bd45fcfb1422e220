"""Keystone's files in the all-in-one state directory.

Everything lives under ``<state-dir>/keystone/`` except ``clouds.yaml``,
which sits at the top of the state directory where users look for it::

    keystone/keystone.conf        rewritten on every start (URLs may move)
    keystone/keystone.sqlite      identity, assignments, catalog
    keystone/fernet-keys/         token and receipt keys
    keystone/credential-keys/     credential encryption keys
    keystone/admin-password       generated once, mode 0600
    keystone/service-password     the "nova" service user's, mode 0600
    keystone/keystone.log         the child's log
    clouds.yaml                   cloud "nova-all", mode 0600
"""

import os
import secrets

#: Users, projects and domain nova-all's Keystone is bootstrapped with.
ADMIN_USER = 'admin'
ADMIN_PROJECT = 'admin'
SERVICE_USER = 'nova'
SERVICE_PROJECT = 'service'
DOMAIN = 'Default'
REGION = 'RegionOne'
CLOUD_NAME = 'nova-all'

#: (service type, service name, path under nova-all's base URL).
CATALOG = (
    ('identity', 'keystone', '/identity'),
    ('compute', 'nova', '/v2.1'),
    ('image', 'glance', '/image'),
    ('placement', 'placement', '/placement'),
)

_CONFIG_TEMPLATE = """\
# Written by nova-all on every start; edits are lost.
[DEFAULT]
public_endpoint = {public_url}
log_file = {log_file}

[database]
connection = sqlite:///{database}

[token]
provider = fernet

[fernet_tokens]
key_repository = {fernet_keys}

[fernet_receipts]
key_repository = {fernet_keys}

[credential]
key_repository = {credential_keys}
"""

_CLOUDS_TEMPLATE = """\
# Written by nova-all. Use it with: export OS_CLOUD={cloud}
# (openstack looks for ./clouds.yaml, ~/.config/openstack/clouds.yaml, or
# the file named by OS_CLIENT_CONFIG_FILE).
clouds:
  {cloud}:
    auth_type: password
    auth:
      auth_url: {auth_url}
      username: {username}
      password: '{password}'
      project_name: {project}
      user_domain_name: {domain}
      project_domain_name: {domain}
    region_name: {region}
    identity_api_version: 3
    interface: public
"""


def _write_private(path, text):
    """Write ``text`` to ``path`` readable by the owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as out:
        out.write(text)
    os.chmod(path, 0o600)


class KeystoneLayout(object):
    """Paths and generated files of the all-in-one Keystone."""

    def __init__(self, state_path):
        self.state_path = state_path
        self.path = os.path.join(state_path, 'keystone')

    def file(self, name):
        return os.path.join(self.path, name)

    @property
    def config_file(self):
        return self.file('keystone.conf')

    @property
    def database(self):
        return self.file('keystone.sqlite')

    @property
    def log_file(self):
        return self.file('keystone.log')

    @property
    def clouds_yaml(self):
        return os.path.join(self.state_path, 'clouds.yaml')

    def create(self):
        os.makedirs(self.path, mode=0o700, exist_ok=True)

    def _password(self, name):
        path = self.file(name)
        try:
            with open(path) as existing:
                value = existing.read().strip()
            if value:
                return value
        except FileNotFoundError:
            pass
        value = secrets.token_urlsafe(18)
        _write_private(path, value + '\n')
        return value

    @property
    def admin_password(self):
        """The admin password, generated and stored on first use."""
        return self._password('admin-password')

    @property
    def service_password(self):
        """The ``nova`` service user's password (keystonemiddleware)."""
        return self._password('service-password')

    def write_config(self, public_url):
        """Write keystone.conf for a Keystone published at ``public_url``."""
        self.create()
        text = _CONFIG_TEMPLATE.format(
            public_url=public_url, log_file=self.log_file,
            database=self.database,
            fernet_keys=self.file('fernet-keys'),
            credential_keys=self.file('credential-keys'))
        _write_private(self.config_file, text)

    def write_clouds_yaml(self, identity_url):
        """Write ``clouds.yaml`` (cloud ``nova-all``) for the admin user."""
        text = _CLOUDS_TEMPLATE.format(
            cloud=CLOUD_NAME, auth_url=identity_url, username=ADMIN_USER,
            password=self.admin_password, project=ADMIN_PROJECT,
            domain=DOMAIN, region=REGION)
        _write_private(self.clouds_yaml, text)
        return self.clouds_yaml
