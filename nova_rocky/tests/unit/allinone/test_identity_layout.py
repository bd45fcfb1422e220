"""The all-in-one Keystone's files: generated once, private, parseable."""

import configparser
import os
import stat

import fixtures
import testtools
import yaml

from nova_rocky.allinone.identity import layout as identity_layout


class KeystoneLayoutTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.state = self.useFixture(fixtures.TempDir()).path
        self.layout = identity_layout.KeystoneLayout(self.state)
        self.layout.create()

    def _mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)

    def test_passwords_are_generated_once_and_private(self):
        admin = self.layout.admin_password
        service = self.layout.service_password
        self.assertGreaterEqual(len(admin), 20)
        self.assertNotEqual(admin, service)
        again = identity_layout.KeystoneLayout(self.state)
        self.assertEqual(admin, again.admin_password)
        self.assertEqual(service, again.service_password)
        for name in ('admin-password', 'service-password'):
            self.assertEqual(0o600, self._mode(self.layout.file(name)))
        self.assertEqual(0o700, self._mode(self.layout.path))

    def test_keystone_conf_points_into_the_state_directory(self):
        self.layout.write_config('http://127.0.0.1:8774/identity')
        parser = configparser.ConfigParser()
        parser.read(self.layout.config_file)
        self.assertEqual('http://127.0.0.1:8774/identity',
                         parser['DEFAULT']['public_endpoint'])
        self.assertEqual('sqlite:///%s' % self.layout.database,
                         parser['database']['connection'])
        self.assertEqual('fernet', parser['token']['provider'])
        for section in ('fernet_tokens', 'fernet_receipts', 'credential'):
            self.assertTrue(parser[section]['key_repository'].startswith(
                self.layout.path + os.sep))
        self.assertEqual(0o600, self._mode(self.layout.config_file))

    def test_clouds_yaml_is_a_password_cloud_for_the_admin(self):
        path = self.layout.write_clouds_yaml('http://h:1/identity')
        self.assertEqual(os.path.join(self.state, 'clouds.yaml'), path)
        self.assertEqual(0o600, self._mode(path))
        with open(path) as source:
            cloud = yaml.safe_load(source)['clouds']['nova-all']
        self.assertEqual('password', cloud['auth_type'])
        self.assertEqual({
            'auth_url': 'http://h:1/identity', 'username': 'admin',
            'password': self.layout.admin_password, 'project_name': 'admin',
            'user_domain_name': 'Default',
            'project_domain_name': 'Default'}, cloud['auth'])
        self.assertEqual('RegionOne', cloud['region_name'])
