"""KeyPair and KeyPairList."""

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers


class KeyPairTestCase(helpers.ObjectsTestCase):

    def _make(self, name, user_id='u1', **kwargs):
        kp = objects.KeyPair(self.ctxt, name=name, user_id=user_id,
                             public_key='ssh-rsa AAAA', fingerprint='fp',
                             **kwargs)
        kp.create()
        return kp

    def test_create_get_destroy(self):
        kp = self._make('k1')
        self.assertEqual('ssh', kp.type)
        self.assertFalse(kp.deleted)
        self.assertRaises(exception.KeyPairExists, self._make, 'k1')
        got = objects.KeyPair.get_by_name(self.ctxt, 'u1', 'k1')
        self.assertEqual(kp.id, got.id)
        self.assertEqual('ssh-rsa AAAA', got.public_key)
        got.destroy()
        self.assertRaises(exception.KeypairNotFound,
                          objects.KeyPair.get_by_name, self.ctxt, 'u1', 'k1')
        self.assertRaises(exception.KeypairNotFound,
                          objects.KeyPair.destroy_by_name, self.ctxt, 'u1',
                          'k1')

    def test_type_is_validated(self):
        self.assertEqual('x509', self._make('cert', type='x509').type)
        self.assertRaises(ValueError, objects.KeyPair, type='pgp')

    def test_list_by_user(self):
        for name in ('b', 'a', 'c'):
            self._make(name)
        self._make('z', user_id='u2')
        names = [k.name for k in objects.KeyPairList.get_by_user(
            self.ctxt, 'u1')]
        self.assertEqual(['a', 'b', 'c'], names)
        page = objects.KeyPairList.get_by_user(self.ctxt, 'u1', limit=1,
                                               marker='a')
        self.assertEqual(['b'], [k.name for k in page])
        self.assertRaises(exception.MarkerNotFound,
                          objects.KeyPairList.get_by_user, self.ctxt, 'u1',
                          marker='z')
        self.assertEqual(3, objects.KeyPairList.get_count_by_user(
            self.ctxt, 'u1'))
