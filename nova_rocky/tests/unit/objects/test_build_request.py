"""BuildRequest and BuildRequestList."""

from oslo_utils import uuidutils

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers


class BuildRequestTestCase(helpers.ObjectsTestCase):

    def setUp(self):
        super().setUp()
        self.flavor = self.make_flavor()

    def _build_request(self, **kwargs):
        values = dict(uuid=uuidutils.generate_uuid(), project_id='p1',
                      user_id='u1', display_name='building',
                      vm_state='building', metadata={'k': 'v'})
        values.update(kwargs)
        instance = objects.Instance(self.ctxt, flavor=self.flavor, **values)
        req = objects.BuildRequest(self.ctxt, instance=instance,
                                   tags=['t1'])
        req.create()
        return req

    def test_create_get_destroy(self):
        req = self._build_request()
        self.assertEqual('p1', req.project_id)
        self.assertRaises(exception.BuildRequestAlreadyExists,
                          objects.BuildRequest(
                              self.ctxt, instance=req.instance).create)
        got = objects.BuildRequest.get_by_instance_uuid(self.ctxt,
                                                        req.instance_uuid)
        self.assertEqual(req.id, got.id)
        self.assertEqual(['t1'], got.tags)
        self.assertEqual('building', got.instance.display_name)
        self.assertEqual({'k': 'v'}, got.instance.metadata)
        self.assertEqual(self.flavor.id, got.instance.flavor.id)
        self.assertFalse(got.instance.deleted)
        got.destroy()
        self.assertRaises(exception.BuildRequestNotFound, got.destroy)
        self.assertRaises(exception.BuildRequestNotFound,
                          objects.BuildRequest.get_by_instance_uuid,
                          self.ctxt, req.instance_uuid)

    def test_save_instance(self):
        req = self._build_request()
        req.instance.display_name = 'renamed'
        req.save()
        got = objects.BuildRequest.get_by_instance_uuid(self.ctxt,
                                                        req.instance_uuid)
        self.assertEqual('renamed', got.instance.display_name)

    def test_new_instance_can_be_created_in_a_cell(self):
        req = self._build_request()
        instance = req.get_new_instance(self.ctxt)
        instance.create()
        got = objects.Instance.get_by_uuid(self.ctxt, req.instance_uuid,
                                           expected_attrs=['metadata'])
        self.assertEqual({'k': 'v'}, got.metadata)
        self.assertEqual('building', got.display_name)

    def test_get_by_filters(self):
        a = self._build_request(display_name='web')
        b = self._build_request(display_name='db', project_id='p2')
        c = self._build_request(display_name='web2')

        def uuids(filters, **kwargs):
            return [r.instance_uuid for r in
                    objects.BuildRequestList.get_by_filters(
                        self.ctxt, filters, **kwargs)]

        self.assertEqual({a.instance_uuid, c.instance_uuid},
                         set(uuids({'project_id': 'p1'})))
        self.assertEqual([b.instance_uuid], uuids({'name': 'D'}))
        self.assertEqual({a.instance_uuid, b.instance_uuid}, set(uuids(
            {'uuid': [a.instance_uuid, b.instance_uuid]})))
        self.assertEqual([c.instance_uuid], uuids({'uuid': c.instance_uuid}))
        self.assertEqual([], uuids({'uuid': [a.instance_uuid],
                                    'project_id': 'p2'}))
        self.assertEqual([], uuids({'deleted': True}))
        self.assertEqual([], uuids({'host': 'h1'}))
        ordered = uuids({}, sort_keys=['display_name'], sort_dirs=['asc'])
        self.assertEqual([b.instance_uuid, a.instance_uuid,
                          c.instance_uuid], ordered)
        self.assertEqual([c.instance_uuid], uuids(
            {}, sort_keys=['display_name'], sort_dirs=['asc'],
            marker=a.instance_uuid, limit=5))
        self.assertRaises(exception.MarkerNotFound,
                          objects.BuildRequestList.get_by_filters,
                          self.ctxt, {}, marker=uuidutils.generate_uuid())
        self.assertEqual(3, len(objects.BuildRequestList.get_all(self.ctxt)))
