"""Remotable methods through an indirection API, as nova-compute uses them.

``FakeConductor`` plays the conductor: every remotable call is serialized
to JSON, run locally, and its result and object updates sent back the way
the real conductor does.
"""

from oslo_serialization import jsonutils

from nova_rocky import objects
from nova_rocky.objects import base
from nova_rocky.tests.unit.objects import helpers


class FakeConductor(object):
    """An in-process VersionedObjectIndirectionAPI that goes through JSON."""

    def __init__(self):
        self.serializer = base.NovaObjectSerializer()
        self.calls = []

    def _wire(self, context, value):
        primitive = jsonutils.loads(jsonutils.dumps(
            self.serializer.serialize_entity(context, value)))
        return self.serializer.deserialize_entity(context, primitive)

    def _locally(self, func):
        saved = base.NovaObject.indirection_api
        base.NovaObject.indirection_api = None
        try:
            return func()
        finally:
            base.NovaObject.indirection_api = saved

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        self.calls.append(objname + '.' + objmethod)
        cls = getattr(objects, objname)
        args, kwargs = self._wire(context, (args, kwargs))
        result = self._locally(
            lambda: getattr(cls, objmethod)(context, *args, **kwargs))
        return self._wire(context, result)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append(objinst.obj_name() + '.' + objmethod)
        obj = self._wire(context, objinst)
        args, kwargs = self._wire(context, (args, kwargs))
        before = obj.obj_clone()
        result = self._locally(
            lambda: getattr(obj, objmethod)(*args, **kwargs))
        updates = {}
        for name, field in obj.fields.items():
            if obj.obj_attr_is_set(name) and (
                    not before.obj_attr_is_set(name) or
                    getattr(before, name) != getattr(obj, name)):
                updates[name] = field.to_primitive(obj, name,
                                                   getattr(obj, name))
        updates['obj_what_changed'] = list(obj.obj_what_changed())
        return jsonutils.loads(jsonutils.dumps(updates)), self._wire(
            context, result)

    def object_backport_versions(self, context, objinst, object_versions):
        return objinst


class RemotableTestCase(helpers.ObjectsTestCase):

    def setUp(self):
        super().setUp()
        self.conductor = FakeConductor()
        self.addCleanup(setattr, base.NovaObject, 'indirection_api', None)

    def _remote(self):
        base.NovaObject.indirection_api = self.conductor

    def test_instance_save_and_lazy_load_through_conductor(self):
        inst = self.make_instance(metadata={'a': '1'})
        self._remote()
        remote = objects.Instance.get_by_uuid(self.ctxt, inst.uuid)
        remote.task_state = 'spawning'
        remote.metadata['b'] = '2'
        remote.save(expected_task_state=[None])
        self.assertEqual(set(), remote.obj_what_changed())
        self.assertIsNotNone(remote.updated_at)
        self.assertEqual(inst.flavor.id, remote.flavor.id)
        self.assertIn('Instance.save', self.conductor.calls)
        self.assertIn('Instance.get_by_uuid', self.conductor.calls)
        base.NovaObject.indirection_api = None
        got = objects.Instance.get_by_uuid(self.ctxt, inst.uuid,
                                           expected_attrs=['metadata'])
        self.assertEqual('spawning', got.task_state)
        self.assertEqual({'a': '1', 'b': '2'}, got.metadata)

    def test_actions_and_faults_through_conductor(self):
        inst = self.make_instance()
        self._remote()
        objects.InstanceAction.action_start(self.ctxt, inst.uuid, 'stop')
        event = objects.InstanceActionEvent.event_start(
            self.ctxt, inst.uuid, 'compute_stop', host='h1')
        self.assertEqual('compute_stop', event.event)
        objects.InstanceActionEvent.event_finish(self.ctxt, inst.uuid,
                                                 'compute_stop')
        fault = objects.InstanceFault.create_from_exception(
            self.ctxt, inst, ValueError('x'), host='h1')
        self.assertIsNotNone(fault.id)
        self.assertIn('InstanceFault.create', self.conductor.calls)
