"""Every object's fingerprint is pinned: an unversioned change fails here.

When a test here fails because you changed an object's fields or remotable
methods, bump that object's VERSION, add a changelog line and an
``obj_make_compatible`` branch, then update the hash below.
"""

from oslo_versionedobjects import fixture
import testtools

from nova_rocky import objects
from nova_rocky.objects import base

objects.register_all()

object_data = {
    'Aggregate':
        '1.0-cc2a4d1aca548642e95cef609b4d636f',
    'AggregateList':
        '1.0-49c9f07b918c394cfb6d600c2e672d84',
    'BuildRequest':
        '1.0-f124c850224bbdbca0e7e5d80b61b43e',
    'BuildRequestList':
        '1.0-cd95608eccb89fbc702c8b52f38ec738',
    'CellMapping':
        '1.0-5d652928000a5bc369d79d5bde7e497d',
    'CellMappingList':
        '1.0-496ef79bb2ab41041fff8bcb57996352',
    'ComputeNode':
        '1.0-db89073dad41b1dbe0b581a2bfbdb690',
    'ComputeNodeList':
        '1.0-76e79aa1e5b4a5be6bdcbf9556256938',
    'Destination':
        '1.0-74854e8cfe7fe616294d93a5d189d885',
    'Flavor':
        '1.0-ecd0a6db235ec61bb474b6b771df5f35',
    'FlavorList':
        '1.0-52b5928600e7ca973aa4fc1e46f3934c',
    'HostMapping':
        '1.0-1441319dc4ad0abbfff131ba1fd81661',
    'HostMappingList':
        '1.0-ad8a103fab7959f3e97f87dc304e6404',
    'ImageMeta':
        '1.0-7601a7301672f5cc4f99eb242a54965a',
    'ImageMetaProps':
        '1.0-3917c7b064d9c23242365c02b0c76d62',
    'Instance':
        '1.0-e6067027ab4c173d9544d8062e408b26',
    'InstanceAction':
        '1.0-f9f293e526b66fca0d05c3b3a2d13914',
    'InstanceActionEvent':
        '1.0-b697bc482102973719cfda3492980b5d',
    'InstanceActionEventList':
        '1.0-13d92fb953030cdbfee56481756e02be',
    'InstanceActionList':
        '1.0-a2b2fb6006b47c27076d3a1d48baa759',
    'InstanceFault':
        '1.0-7ef01f16f1084ad1304a513d6d410a38',
    'InstanceFaultList':
        '1.0-c7d152d48fe7823dfb723de6d4ff022a',
    'InstanceGroup':
        '1.0-1296a89e9969da7309580bf7a69e8d83',
    'InstanceGroupList':
        '1.0-0f443995bb2934f78be08b2652e09376',
    'InstanceInfoCache':
        '1.0-7e1ded1cdca74094259a6c84cc0b921b',
    'InstanceList':
        '1.0-3f185c23bd583a297338de20a6dfb9e6',
    'InstanceMapping':
        '1.0-bc82537ca278eb17e11f7a89ad170984',
    'InstanceMappingList':
        '1.0-8a9a8386641f1b5977218fb39c2c8af8',
    'KeyPair':
        '1.0-35fd3df6f617aa8d6afcc85106e60b7e',
    'KeyPairList':
        '1.0-94aad3ac5c938eef4b5e83da0212f506',
    'Migration':
        '1.0-9167e513a6ae066da636fed8caa250c7',
    'MigrationList':
        '1.0-662cb7d8cc63e524a4917008da1f905d',
    'RequestSpec':
        '1.1-31f928691a85a276da4700cc7de1ba0e',
    'Selection':
        '1.0-ba6f65a448ce5293ec50c6807c8a0116',
    'Service':
        '1.1-c0c58629546072599ac5f11c5176dc1f',
    'ServiceList':
        '1.0-8f484ae0dda1b21053bd9e7bceff14c7',
}


class TestObjectVersions(testtools.TestCase):

    def test_versions(self):
        checker = fixture.ObjectVersionChecker(
            base.NovaObjectRegistry.obj_classes())
        expected, actual = checker.test_hashes(object_data)
        self.assertEqual(expected, actual,
                         'Some objects changed; bump their version and '
                         'update the hashes in object_data.')

    def test_every_object_has_a_changelog(self):
        for name, classes in base.NovaObjectRegistry.obj_classes().items():
            cls = classes[0]
            self.assertIn('Version %s' % cls.VERSION, cls.__doc__ or '',
                          '%s has no changelog entry for its version' % name)

    def test_registered_on_package(self):
        for name in base.NovaObjectRegistry.obj_classes():
            self.assertTrue(hasattr(objects, name), name)


class TestSerialization(testtools.TestCase):

    def test_empty_objects_round_trip(self):
        serializer = base.NovaObjectSerializer()
        for name, classes in base.NovaObjectRegistry.obj_classes().items():
            obj = classes[0]()
            primitive = serializer.serialize_entity(None, obj)
            copy = serializer.deserialize_entity(None, primitive)
            self.assertEqual(name, copy.obj_name())
            self.assertEqual(classes[0].VERSION, copy.VERSION)
