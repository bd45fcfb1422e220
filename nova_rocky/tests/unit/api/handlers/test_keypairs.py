"""/os-keypairs through the real app, on the real API database."""

from cryptography.hazmat.primitives import serialization
from cryptography import x509
import testtools

from nova_rocky import crypto
from nova_rocky.tests.unit.api.handlers import env as api_env

ADMIN = api_env.ADMIN


class KeypairsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api

    def create(self, version='2.1', **keypair):
        kwargs = {}
        if 'user' in keypair:
            kwargs['user'] = keypair.pop('user')
        return self.api.post('/v2.1/os-keypairs', {'keypair': keypair},
                             version=version, **kwargs)

    def tempest(self, resp, version_dir, name):
        api_env.check_tempest(self, resp, version_dir, 'keypairs', name)

    def test_generate_ssh(self):
        resp = self.create(name='k1')
        self.tempest(resp, 'v2_1', 'create_keypair')
        keypair = resp.json['keypair']
        self.assertEqual('demo', keypair['user_id'])
        self.assertTrue(keypair['public_key'].startswith('ssh-rsa '))
        key = serialization.load_pem_private_key(
            keypair['private_key'].encode(), None)
        self.assertEqual(2048, key.key_size)
        self.assertEqual(crypto.generate_fingerprint(keypair['public_key']),
                         keypair['fingerprint'])
        self.assertEqual(47, len(keypair['fingerprint']))

    def test_import_ssh_2_2(self):
        _priv, public, fingerprint = crypto.generate_key_pair()
        resp = self.create('2.2', name='k2', public_key=public)
        self.tempest(resp, 'v2_2', 'create_keypair')
        self.assertEqual('ssh', resp.json['keypair']['type'])
        self.assertEqual(fingerprint, resp.json['keypair']['fingerprint'])
        self.assertNotIn('private_key', resp.json['keypair'])
        resp = self.create('2.2', name='k3', public_key='ssh-rsa garbage')
        self.assertEqual(400, resp.status_int)
        self.assertIn('failed to generate fingerprint',
                      resp.json['badRequest']['message'])

    def test_x509(self):
        resp = self.create('2.2', name='cert', type='x509')
        self.tempest(resp, 'v2_2', 'create_keypair')
        keypair = resp.json['keypair']
        cert = x509.load_pem_x509_certificate(keypair['public_key'].encode())
        self.assertIn('CN=demo', cert.subject.rfc4514_string())
        self.assertEqual(59, len(keypair['fingerprint']))
        resp = self.create('2.2', name='cert2', type='x509',
                           public_key=keypair['public_key'])
        self.assertEqual(keypair['fingerprint'],
                         resp.json['keypair']['fingerprint'])
        resp = self.create('2.2', name='cert3', type='x509',
                           public_key='not a cert')
        self.assertEqual(400, resp.status_int)
        self.assertEqual(400, self.create('2.1', name='c', type='x509')
                         .status_int)
        self.assertEqual(400, self.create('2.2', name='c', type='rsa')
                         .status_int)

    def test_bad_names_and_conflict(self):
        for name in ('bad/name', '', ' lead', 'x' * 256, 'caf\u00e9'):
            self.assertEqual(400, self.create(name=name).status_int, name)
        self.assertEqual(200, self.create(name='ok name-1_').status_int)
        resp = self.create(name='ok name-1_')
        self.assertEqual(409, resp.status_int)
        self.assertEqual("Key pair 'ok name-1_' already exists.",
                         resp.json['conflictingRequest']['message'])

    def test_quota(self):
        self.api.conf.config(group='quota', key_pairs=1)
        self.assertEqual(200, self.create(name='a').status_int)
        resp = self.create(name='b')
        self.assertEqual(403, resp.status_int)
        self.assertEqual('Quota exceeded, too many key pairs.',
                         resp.json['forbidden']['message'])

    def test_list_show_delete(self):
        self.create(name='k1')
        self.create(name='k2')
        resp = self.api.get('/v2.1/os-keypairs')
        self.tempest(resp, 'v2_1', 'list_keypairs')
        self.assertEqual(['k1', 'k2'], [k['keypair']['name']
                                        for k in resp.json['keypairs']])
        resp = self.api.get('/v2.1/os-keypairs', version='2.2')
        self.tempest(resp, 'v2_2', 'list_keypairs')
        resp = self.api.get('/v2.1/os-keypairs/k1')
        self.tempest(resp, 'v2_1', 'get_keypair')
        resp = self.api.get('/v2.1/os-keypairs/k1', version='2.2')
        self.tempest(resp, 'v2_2', 'get_keypair')
        self.assertEqual('demo', resp.json['keypair']['user_id'])
        resp = self.api.delete('/v2.1/os-keypairs/k1')
        self.tempest(resp, 'v2_1', 'delete_keypair')
        resp = self.api.delete('/v2.1/os-keypairs/k2', version='2.2')
        self.tempest(resp, 'v2_2', 'delete_keypair')
        resp = self.api.get('/v2.1/os-keypairs/k1')
        self.assertEqual(404, resp.status_int)
        self.assertEqual(404, self.api.delete('/v2.1/os-keypairs/k1')
                         .status_int)

    def test_paging_2_35(self):
        for name in ('a', 'b', 'c'):
            self.create(name=name)
        resp = self.api.get('/v2.1/os-keypairs?limit=2', version='2.35')
        self.assertEqual(['a', 'b'], [k['keypair']['name']
                                      for k in resp.json['keypairs']])
        self.assertIn('marker=b', resp.json['keypairs_links'][0]['href'])
        resp = self.api.get('/v2.1/os-keypairs?marker=b', version='2.35')
        self.assertEqual(['c'], [k['keypair']['name']
                                 for k in resp.json['keypairs']])
        self.assertNotIn('keypairs_links', resp.json)
        resp = self.api.get('/v2.1/os-keypairs?marker=zz', version='2.35')
        self.assertEqual(400, resp.status_int)
        # Before 2.35 the paging parameters are ignored.
        resp = self.api.get('/v2.1/os-keypairs?limit=1', version='2.34')
        self.assertEqual(3, len(resp.json['keypairs']))

    def test_admin_manages_other_users_2_10(self):
        resp = self.create('2.10', name='theirs', user_id='demo', **ADMIN)
        self.assertEqual(201, resp.status_int, resp.body)
        self.assertEqual('demo', resp.json['keypair']['user_id'])
        resp = self.api.get('/v2.1/os-keypairs?user_id=demo',
                            version='2.10', **ADMIN)
        self.assertEqual(['theirs'], [k['keypair']['name']
                                      for k in resp.json['keypairs']])
        # Before 2.10 user_id is ignored: the admin's own (none).
        resp = self.api.get('/v2.1/os-keypairs?user_id=demo',
                            version='2.9', **ADMIN)
        self.assertEqual([], resp.json['keypairs'])
        resp = self.api.get('/v2.1/os-keypairs/theirs?user_id=demo',
                            version='2.10', **ADMIN)
        self.assertEqual(200, resp.status_int)
        resp = self.api.delete('/v2.1/os-keypairs/theirs?user_id=demo',
                               version='2.10', **ADMIN)
        self.assertEqual(204, resp.status_int)

    def test_non_admin_cannot_touch_other_users(self):
        resp = self.create('2.10', name='x', user_id='someone')
        self.assertEqual(403, resp.status_int)
        resp = self.api.get('/v2.1/os-keypairs?user_id=someone',
                            version='2.10')
        self.assertEqual(403, resp.status_int)
        resp = self.api.delete('/v2.1/os-keypairs/x?user_id=someone',
                               version='2.10')
        self.assertEqual(403, resp.status_int)
        self.assertEqual(400, self.create('2.9', name='x',
                                          user_id='demo').status_int)
