"""Object indirection: a caller without a database runs object methods in
the conductor. The RPC hop is replaced by the object serializer, so what
crosses is exactly what would cross the wire."""

import oslo_messaging as messaging
from oslo_utils import uuidutils
import testtools

from nova_rocky.conductor import manager as conductor_manager
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.objects import base as objects_base
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture


class LoopbackIndirection(object):
    """Serialise arguments and results like RPC, call the manager."""

    def __init__(self, conductor):
        self.conductor = conductor
        self.serializer = objects_base.NovaObjectSerializer()
        self.calls = []

    def _call(self, name, context, **kwargs):
        self.calls.append(name)
        wire = {k: self.serializer.serialize_entity(context, v)
                for k, v in kwargs.items()}
        args = {k: self.serializer.deserialize_entity(context, v)
                for k, v in wire.items()}
        saved = objects_base.NovaObject.indirection_api
        objects_base.NovaObject.indirection_api = None
        try:
            result = getattr(self.conductor, name)(context, **args)
        except messaging.ExpectedException as exc:
            # What the RPC server does: send the wrapped exception back.
            raise exc.exc_info[1]
        finally:
            objects_base.NovaObject.indirection_api = saved
        return self.serializer.deserialize_entity(
            context, self.serializer.serialize_entity(context, result))

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self._call('object_class_action_versions', context,
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions, args=args,
                          kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._call('object_action', context, objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self._call('object_backport_versions', context,
                          objinst=objinst, object_versions=object_versions)


class IndirectionTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(db_fixture.Database())
        objects.register_all()
        self.ctxt = nova_context.get_admin_context()
        self.api = LoopbackIndirection(conductor_manager.ConductorManager(
            host='conductor'))
        objects_base.NovaObject.indirection_api = self.api
        self.addCleanup(setattr, objects_base.NovaObject, 'indirection_api',
                        None)

    def test_create_save_and_read_run_in_the_conductor(self):
        svc = objects.Service(self.ctxt, host='h1', binary='nova-compute',
                              topic='compute', report_count=0)
        svc.create()
        self.assertIsNotNone(svc.id)
        self.assertEqual(set(), svc.obj_what_changed())
        svc.disabled = True
        svc.disabled_reason = 'maintenance'
        svc.save()
        self.assertEqual(set(), svc.obj_what_changed())
        found = objects.Service.get_by_host_and_binary(self.ctxt, 'h1',
                                                       'nova-compute')
        self.assertIsInstance(found, objects.Service)
        self.assertTrue(found.disabled)
        self.assertEqual('maintenance', found.disabled_reason)
        self.assertEqual(['object_action', 'object_action',
                          'object_class_action_versions'], self.api.calls)

    def test_exceptions_reach_the_caller(self):
        self.assertRaises(exception.ServiceNotFound,
                          objects.Service.get_by_host_and_binary,
                          self.ctxt, 'nowhere', 'nova-compute')

    def test_instance_save_with_expected_task_state(self):
        flavor = objects.Flavor(self.ctxt, name='f', flavorid='f1', vcpus=1,
                                memory_mb=64, root_gb=1, ephemeral_gb=0,
                                swap=0, extra_specs={})
        flavor.create()
        instance = objects.Instance(
            self.ctxt, uuid=uuidutils.generate_uuid(), project_id='p',
            user_id='u', flavor=flavor, vm_state='building',
            task_state='scheduling', metadata={}, system_metadata={})
        instance.create()
        instance.task_state = 'spawning'
        instance.save(expected_task_state=['scheduling'])
        self.assertEqual('spawning', instance.task_state)
        instance.task_state = None
        self.assertRaises(exception.UnexpectedTaskStateError, instance.save,
                          expected_task_state=['scheduling'])

    def test_backport_returns_a_primitive(self):
        svc = objects.Service(self.ctxt, host='h2', binary='nova-compute')
        primitive = self.api.conductor.object_backport_versions(
            self.ctxt, svc, {'Service': '1.0'})
        self.assertEqual('Service', primitive['nova_object.name'])
        self.assertEqual('1.0', primitive['nova_object.version'])
