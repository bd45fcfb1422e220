"""Instance and InstanceList against a real cell database."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.tests.unit.objects import helpers

ALL_ATTRS = ['flavor', 'metadata', 'system_metadata', 'info_cache', 'fault']


class InstanceTestCase(helpers.ObjectsTestCase):

    def test_create_writes_everything(self):
        flavor = self.make_flavor(extra_specs={'a': '1'})
        inst = self.make_instance(flavor=flavor, metadata={'k': 'v'},
                                  system_metadata={'image_os': 'linux'},
                                  access_ip_v4='10.0.0.1')
        self.assertEqual(set(), inst.obj_what_changed())
        self.assertIsNotNone(inst.id)
        self.assertEqual(flavor.id, inst.instance_type_id)
        self.assertEqual(512, inst.memory_mb)
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid,
                                           expected_attrs=ALL_ATTRS)
        self.assertEqual({'a': '1'}, got.flavor.extra_specs)
        self.assertIsNone(got.old_flavor)
        self.assertEqual({'k': 'v'}, got.metadata)
        self.assertEqual({'image_os': 'linux'}, got.system_metadata)
        self.assertEqual([], got.info_cache.network_info)
        self.assertIsNone(got.fault)
        self.assertEqual('10.0.0.1', str(got.access_ip_v4))
        self.assertFalse(got.locked)
        self.assertFalse(got.deleted)
        self.assertEqual('instance-%08x' % got.id, got.name)

    def test_get_by_uuid_not_found(self):
        self.assertRaises(exception.InstanceNotFound,
                          objects.Instance.get_by_uuid, self.ctxt,
                          uuidutils.generate_uuid())

    def test_lazy_load_optional_attrs(self):
        inst = self.make_instance(metadata={'k': 'v'})
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid)
        self.assertFalse(got.obj_attr_is_set('metadata'))
        self.assertEqual({'k': 'v'}, got.metadata)
        self.assertEqual(inst.flavor.id, got.flavor.id)
        self.assertTrue(got.obj_attr_is_set('new_flavor'))
        self.assertIsNone(got.fault)
        self.assertEqual(set(), got.obj_what_changed())

    def test_save_fields_and_extras(self):
        inst = self.make_instance(metadata={'a': '1', 'b': '2'})
        inst.display_name = 'renamed'
        inst.launched_at = timeutils.utcnow()
        inst.metadata['a'] = '10'
        del inst.metadata['b']
        inst.system_metadata['new'] = 'x'
        inst.new_flavor = self.make_flavor('m1.big', memory_mb=2048)
        inst.save()
        self.assertEqual(set(), inst.obj_what_changed())
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid,
                                           expected_attrs=ALL_ATTRS)
        self.assertEqual('renamed', got.display_name)
        self.assertIsNotNone(got.launched_at)
        self.assertEqual({'a': '10'}, got.metadata)
        self.assertEqual({'new': 'x'}, got.system_metadata)
        self.assertEqual(2048, got.new_flavor.memory_mb)
        self.assertEqual(512, got.flavor.memory_mb)

    def test_save_info_cache(self):
        inst = self.make_instance()
        inst.info_cache.network_info = [{'id': 'vif1', 'address': 'aa'}]
        inst.save()
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid,
                                           expected_attrs=['info_cache'])
        self.assertEqual('vif1', got.info_cache.network_info[0]['id'])

    def test_save_compare_and_swap(self):
        inst = self.make_instance(task_state=None)
        inst.task_state = 'spawning'
        inst.save(expected_task_state=[None])
        # Another worker moved the instance on.
        other = objects.Instance.get_by_uuid(self.ctxt, inst.uuid)
        other.task_state = 'deleting'
        other.save()
        inst.task_state = None
        inst.vm_state = 'active'
        exc = self.assertRaises(exception.UnexpectedTaskStateError,
                                inst.save, expected_task_state='spawning')
        self.assertIsInstance(exc, exception.UnexpectedDeletingTaskStateError)
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid)
        self.assertEqual('deleting', got.task_state)

    def test_save_expected_vm_state(self):
        inst = self.make_instance(vm_state='active')
        inst.task_state = 'rebooting'
        self.assertRaises(exception.UnexpectedVMStateError, inst.save,
                          expected_vm_state=['stopped'])
        inst.save(expected_vm_state=['active', 'stopped'])

    def test_save_deleted_instance(self):
        inst = self.make_instance()
        objects.Instance.get_by_uuid(self.ctxt, inst.uuid).destroy()
        inst.display_name = 'x'
        self.assertRaises(exception.InstanceNotFound, inst.save)

    def test_destroy_soft_deletes(self):
        inst = self.make_instance(metadata={'k': 'v'})
        inst.destroy()
        self.assertTrue(inst.deleted)
        self.assertIsNotNone(inst.deleted_at)
        self.assertRaises(exception.InstanceNotFound,
                          objects.Instance.get_by_uuid, self.ctxt, inst.uuid)
        self.assertRaises(exception.InstanceNotFound, inst.destroy)
        ctxt = self.ctxt.elevated(read_deleted='yes')
        got = objects.Instance.get_by_uuid(ctxt, inst.uuid,
                                           expected_attrs=['metadata'])
        self.assertTrue(got.deleted)
        self.assertEqual({'k': 'v'}, got.metadata)

    def test_refresh(self):
        inst = self.make_instance()
        other = objects.Instance.get_by_uuid(self.ctxt, inst.uuid)
        other.host = 'host2'
        other.save()
        inst.refresh()
        self.assertEqual('host2', inst.host)
        self.assertEqual(set(), inst.obj_what_changed())

    def test_fault_is_newest(self):
        inst = self.make_instance()
        for message in ('first', 'second'):
            objects.InstanceFault(self.ctxt, instance_uuid=inst.uuid,
                                  code=500, message=message).create()
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid,
                                           expected_attrs=['fault'])
        self.assertEqual('second', got.fault.message)

    def test_rpc_round_trip(self):
        inst = self.make_instance(metadata={'k': 'v'})
        inst.display_name = 'pending'
        copy = self.rpc_round_trip(inst)
        self.assertEqual(inst.uuid, copy.uuid)
        self.assertEqual(inst.flavor.flavorid, copy.flavor.flavorid)
        self.assertEqual({'display_name'}, copy.obj_what_changed())
        copy.save()
        self.assertEqual('pending', objects.Instance.get_by_uuid(
            self.ctxt, inst.uuid).display_name)


class InstanceListTestCase(helpers.ObjectsTestCase):

    def setUp(self):
        super().setUp()
        self.flavor = self.make_flavor()

    def _make(self, **kwargs):
        return self.make_instance(flavor=self.flavor, **kwargs)

    def _uuids(self, filters, **kwargs):
        return [i.uuid for i in objects.InstanceList.get_by_filters(
            self.ctxt, filters, **kwargs)]

    def test_batched_expected_attrs(self):
        for i in range(50):
            inst = self._make(display_name='s%d' % i, metadata={'i': str(i)})
            if i % 2:
                objects.InstanceFault.create_from_exception(
                    self.ctxt, inst, ValueError('bad %d' % i), host='h')
        counter = self.useFixture(db_fixture.QueryCounter())
        insts = objects.InstanceList.get_by_filters(
            self.ctxt, {}, expected_attrs=ALL_ATTRS)
        self.assertLessEqual(counter.count, 6, counter.statements)
        counter.reset()
        self.assertEqual(50, len(insts))
        for inst in insts:
            index = int(inst.display_name[1:])
            self.assertEqual({'i': str(index)}, inst.metadata)
            self.assertEqual(self.flavor.id, inst.flavor.id)
            self.assertEqual([], inst.info_cache.network_info)
            if index % 2:
                self.assertEqual('bad %d' % index, inst.fault.message)
            else:
                self.assertIsNone(inst.fault)
        self.assertEqual(0, counter.count, counter.statements)

    def test_exact_filters(self):
        a = self._make(project_id='p1', host='h1', vm_state='active')
        b = self._make(project_id='p2', host='h2', vm_state='error',
                       task_state='spawning', locked=True)
        self.assertEqual([a.uuid], self._uuids({'project_id': 'p1'}))
        self.assertEqual([b.uuid], self._uuids({'host': 'h2'}))
        self.assertEqual({a.uuid, b.uuid}, set(self._uuids(
            {'vm_state': ['active', 'error']})))
        self.assertEqual([a.uuid], self._uuids({'task_state': [None]}))
        self.assertEqual([b.uuid], self._uuids({'locked': True}))
        self.assertEqual([a.uuid], self._uuids({'uuid': [a.uuid]}))
        self.assertEqual([a.uuid], self._uuids({'image': a.image_ref}))
        self.assertEqual(2, len(self._uuids({'flavor': self.flavor.id})))

    def test_name_regex(self):
        a = self._make(display_name='web-01')
        self._make(display_name='db-01')
        self.assertEqual([a.uuid], self._uuids({'name': 'WEB'}))
        self.assertEqual([a.uuid], self._uuids({'name': '^we.-0'}))

    def test_deleted_filters(self):
        live = self._make()
        gone = self._make()
        gone.destroy()
        soft = self._make(vm_state='soft-delete')
        self.assertEqual({live.uuid, soft.uuid}, set(self._uuids({})))
        self.assertEqual([live.uuid], self._uuids({'deleted': False}))
        self.assertEqual({live.uuid, soft.uuid}, set(self._uuids(
            {'deleted': False, 'soft_deleted': True})))
        self.assertEqual({gone.uuid, soft.uuid}, set(self._uuids(
            {'deleted': True})))

    def test_changes_since(self):
        old = self._make()
        new = self._make()
        new.display_name = 'touched'
        new.save()
        since = new.updated_at - datetime.timedelta(microseconds=1)
        self.assertEqual([new.uuid], self._uuids({'changes-since': since}))
        self.assertIn(old.uuid, self._uuids({}))

    def test_sort_limit_marker(self):
        made = [self._make(display_name=name) for name in 'cab']
        by_name = self._uuids({}, sort_keys=['display_name'],
                              sort_dirs=['asc'])
        self.assertEqual([made[1].uuid, made[2].uuid, made[0].uuid], by_name)
        page = self._uuids({}, sort_keys=['display_name'], sort_dirs=['asc'],
                           limit=1, marker=made[1].uuid)
        self.assertEqual([made[2].uuid], page)
        newest_first = self._uuids({})
        self.assertEqual([i.uuid for i in reversed(made)], newest_first)
        self.assertRaises(exception.MarkerNotFound,
                          objects.InstanceList.get_by_filters, self.ctxt, {},
                          marker=uuidutils.generate_uuid())

    def test_by_host(self):
        a = self._make(host='h1', node='n1')
        self._make(host='h1', node='n2')
        self._make(host='h2')
        self.assertEqual(2, len(objects.InstanceList.get_by_host(
            self.ctxt, 'h1')))
        self.assertEqual([a.uuid], [i.uuid for i in
                                    objects.InstanceList.get_by_host_and_node(
                                        self.ctxt, 'h1', 'n1')])
        self.assertEqual(2, len(objects.InstanceList.get_uuids_by_host(
            self.ctxt, 'h1')))

    def test_rpc_round_trip(self):
        self._make()
        insts = objects.InstanceList.get_by_filters(
            self.ctxt, {}, expected_attrs=['metadata'])
        copy = self.rpc_round_trip(insts)
        self.assertEqual(insts[0].uuid, copy[0].uuid)
        self.assertEqual(set(), copy[0].obj_what_changed())
