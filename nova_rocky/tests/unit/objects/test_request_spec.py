"""RequestSpec and Destination."""

from oslo_utils import uuidutils

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers

IMAGE = {'id': '8a6a5a2e-2f0e-4f36-9a5e-0f1f3f2b1c11', 'name': 'cirros',
         'status': 'active', 'disk_format': 'qcow2', 'min_ram': 0,
         'min_disk': 0, 'hw_disk_bus': 'virtio'}


class RequestSpecTestCase(helpers.ObjectsTestCase):

    def _spec(self, **kwargs):
        flavor = self.make_flavor()
        values = dict(scheduler_hints={'group': 'g1', 'query': ['a', 'b']})
        values.update(kwargs)
        return objects.RequestSpec.from_components(
            self.ctxt, uuidutils.generate_uuid(), IMAGE, flavor, 2, 'nova',
            'p1', 'u1', **values)

    def test_from_components(self):
        spec = self._spec()
        self.assertIsInstance(spec.image, objects.ImageMeta)
        self.assertEqual('virtio', spec.image.properties.hw_disk_bus)
        self.assertEqual('g1', spec.get_scheduler_hint('group'))
        self.assertEqual(['a', 'b'], spec.get_scheduler_hint('query'))
        self.assertEqual('x', spec.get_scheduler_hint('missing', 'x'))
        self.assertEqual(512, spec.memory_mb)
        self.assertEqual(1, spec.vcpus)
        self.assertEqual(1, spec.root_gb)
        self.assertEqual(2, spec.num_instances)

    def test_create_get_save_destroy(self):
        spec = self._spec(force_hosts=['h1'])
        spec.requested_destination = objects.Destination(host='h1')
        spec.ignore_hosts = ['h2']
        spec.create()
        self.assertIsNotNone(spec.id)
        self.assertRaises(exception.ObjectActionError, spec.create)
        got = objects.RequestSpec.get_by_instance_uuid(self.ctxt,
                                                       spec.instance_uuid)
        self.assertEqual(spec.id, got.id)
        self.assertEqual('m1.small', got.flavor.name)
        self.assertEqual(['h1'], got.force_hosts)
        # Per-operation fields are not stored.
        self.assertIsNone(got.requested_destination)
        self.assertIsNone(got.ignore_hosts)
        self.assertEqual(set(), got.obj_what_changed())
        got.num_instances = 1
        got.reset_forced_destinations()
        got.save()
        again = objects.RequestSpec.get_by_instance_uuid(self.ctxt,
                                                         spec.instance_uuid)
        self.assertEqual(1, again.num_instances)
        self.assertIsNone(again.force_hosts)
        again.destroy()
        self.assertRaises(exception.RequestSpecNotFound,
                          objects.RequestSpec.get_by_instance_uuid,
                          self.ctxt, spec.instance_uuid)
        self.assertRaises(exception.RequestSpecNotFound, again.destroy)

    def test_rpc_round_trip_with_destination(self):
        cell = self.db.cell_mapping(self.ctxt)
        spec = self._spec()
        spec.requested_destination = objects.Destination(
            host='h1', node='n1', cell=cell)
        spec.requested_destination.require_aggregates(['a1', 'a2'])
        copy = self.rpc_round_trip(spec)
        self.assertEqual('h1', copy.requested_destination.host)
        self.assertEqual(cell.uuid, copy.requested_destination.cell.uuid)
        self.assertEqual(['a1,a2'], copy.requested_destination.aggregates)
        self.assertEqual(spec.flavor.flavorid, copy.flavor.flavorid)
