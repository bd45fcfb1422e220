"""Flavor and FlavorList against a real API database."""

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers


class FlavorTestCase(helpers.ObjectsTestCase):

    def test_create_and_get(self):
        flavor = self.make_flavor(extra_specs={'hw:cpu_policy': 'shared'},
                                  description='small')
        self.assertIsNotNone(flavor.id)
        self.assertEqual(set(), flavor.obj_what_changed())
        for getter, key in ((objects.Flavor.get_by_id, flavor.id),
                            (objects.Flavor.get_by_flavor_id, 'm1.small'),
                            (objects.Flavor.get_by_name, 'm1.small')):
            got = getter(self.ctxt, key)
            self.assertEqual(flavor.id, got.id)
            self.assertEqual({'hw:cpu_policy': 'shared'}, got.extra_specs)
            self.assertEqual('small', got.description)
            self.assertEqual([], got.projects)
            self.assertEqual(1.0, got.rxtx_factor)

    def test_generated_flavorid(self):
        flavor = objects.Flavor(self.ctxt, name='x', memory_mb=1, vcpus=1)
        flavor.create()
        self.assertEqual(36, len(flavor.flavorid))
        self.assertEqual(0, flavor.root_gb)

    def test_duplicates(self):
        self.make_flavor()
        self.assertRaises(exception.FlavorExists, self.make_flavor,
                          flavorid='other')
        self.assertRaises(exception.FlavorIdExists, self.make_flavor,
                          name='other', flavorid='m1.small')

    def test_not_found(self):
        self.assertRaises(exception.FlavorNotFound,
                          objects.Flavor.get_by_flavor_id, self.ctxt, 'no')
        self.assertRaises(exception.FlavorNotFound,
                          objects.Flavor.get_by_id, self.ctxt, 42)

    def test_save_extra_specs_in_place(self):
        flavor = self.make_flavor(extra_specs={'a': '1', 'b': '2'})
        flavor.extra_specs['a'] = '10'
        del flavor.extra_specs['b']
        flavor.extra_specs['c'] = '3'
        self.assertIn('extra_specs', flavor.obj_what_changed())
        flavor.save()
        got = objects.Flavor.get_by_id(self.ctxt, flavor.id)
        self.assertEqual({'a': '10', 'c': '3'}, got.extra_specs)
        self.assertEqual(set(), flavor.obj_what_changed())

    def test_save_extra_specs_method(self):
        flavor = self.make_flavor(extra_specs={'a': '1'})
        flavor.save_extra_specs({'b': '2'}, ['a'])
        got = objects.Flavor.get_by_id(self.ctxt, flavor.id)
        self.assertEqual({'b': '2'}, got.extra_specs)

    def test_save_description_only(self):
        flavor = self.make_flavor()
        flavor.description = 'new'
        flavor.save()
        self.assertEqual(
            'new', objects.Flavor.get_by_id(self.ctxt, flavor.id).description)
        flavor.memory_mb = 1024
        self.assertRaises(exception.ObjectActionError, flavor.save)

    def test_access(self):
        flavor = self.make_flavor(is_public=False)
        flavor.add_access('p1')
        self.assertEqual(['p1'], flavor.projects)
        self.assertRaises(exception.FlavorAccessExists, flavor.add_access,
                          'p1')
        self.assertEqual(['p1'], objects.Flavor.get_by_id(
            self.ctxt, flavor.id).projects)
        flavor.remove_access('p1')
        self.assertEqual([], flavor.projects)
        self.assertRaises(exception.FlavorAccessNotFound,
                          flavor.remove_access, 'p1')

    def test_projects_saved_through_save(self):
        flavor = self.make_flavor(is_public=False, projects=['p1'])
        flavor.projects.append('p3')
        flavor.projects.remove('p1')
        flavor.save()
        self.assertEqual(['p3'], objects.Flavor.get_by_id(
            self.ctxt, flavor.id).projects)

    def test_private_flavor_hidden_from_other_projects(self):
        flavor = self.make_flavor(is_public=False, projects=['p1'])
        self.assertEqual(flavor.id, objects.Flavor.get_by_flavor_id(
            self.user_ctxt, 'm1.small').id)
        self.assertRaises(exception.FlavorNotFound,
                          objects.Flavor.get_by_flavor_id, self.other_ctxt,
                          'm1.small')

    def test_destroy(self):
        flavor = self.make_flavor(extra_specs={'a': '1'}, projects=['p1'])
        flavor.destroy()
        self.assertRaises(exception.FlavorNotFound,
                          objects.Flavor.get_by_id, self.ctxt, flavor.id)
        self.assertRaises(exception.FlavorNotFound, flavor.destroy)

    def test_lazy_load_projects(self):
        flavor = self.make_flavor(projects=['p1'], is_public=False)
        bare = objects.Flavor(self.ctxt, flavorid=flavor.flavorid)
        self.assertEqual(['p1'], bare.projects)

    def test_rpc_round_trip_keeps_no_changes(self):
        flavor = self.make_flavor(extra_specs={'a': '1'})
        copy = self.rpc_round_trip(flavor)
        self.assertEqual({'a': '1'}, copy.extra_specs)
        self.assertEqual(set(), copy.obj_what_changed())


class FlavorListTestCase(helpers.ObjectsTestCase):

    def setUp(self):
        super().setUp()
        self.make_flavor('tiny', memory_mb=256, root_gb=0)
        self.make_flavor('small', memory_mb=1024, root_gb=10)
        self.make_flavor('big', memory_mb=4096, root_gb=40)
        self.make_flavor('mine', is_public=False, projects=['p1'])
        self.make_flavor('theirs', is_public=False, projects=['p2'])
        self.make_flavor('off', disabled=True)

    def _names(self, ctxt, **kwargs):
        return [f.name for f in objects.FlavorList.get_all(ctxt, **kwargs)]

    def test_admin_sees_all_active(self):
        self.assertEqual(['big', 'mine', 'small', 'theirs', 'tiny'],
                         self._names(self.ctxt))
        self.assertIn('off', self._names(self.ctxt, inactive=True))

    def test_non_admin_sees_public_and_shared(self):
        self.assertEqual(['big', 'mine', 'small', 'tiny'],
                         self._names(self.user_ctxt))

    def test_is_public_filter(self):
        self.assertEqual(['big', 'mine', 'small', 'tiny'], self._names(
            self.user_ctxt, filters={'is_public': True}))
        self.assertEqual(['mine', 'theirs'], self._names(
            self.ctxt, filters={'is_public': False}))
        self.assertEqual(['mine'], self._names(
            self.user_ctxt, filters={'is_public': False}))

    def test_min_filters(self):
        self.assertEqual(['big', 'small'], self._names(
            self.ctxt, filters={'min_memory_mb': 1024, 'min_root_gb': 5}))

    def test_sort_limit_marker(self):
        self.assertEqual(['big', 'small'], self._names(
            self.ctxt, sort_key='memory_mb', sort_dir='desc', limit=2,
            filters={'is_public': True}))
        self.assertEqual(['small', 'theirs'], self._names(
            self.ctxt, limit=2, marker='mine'))
        self.assertRaises(exception.MarkerNotFound,
                          objects.FlavorList.get_all, self.ctxt,
                          marker='nope')


class FlavorLazyLoadTestCase(helpers.ObjectsTestCase):

    def test_deleted_flavor_loads_empty(self):
        flavor = self.make_flavor()
        bare = objects.Flavor(self.ctxt, flavorid=flavor.flavorid)
        flavor.destroy()
        self.assertEqual([], bare.projects)
        self.assertEqual({}, bare.extra_specs)
