"""The conductor RPC client: version caps, message names and arguments."""

import inspect
from unittest import mock

import testtools

from nova_rocky.conductor import manager as conductor_manager
from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.objects import service as service_obj
from nova_rocky import rpc
from nova_rocky.tests.fixtures import conf as conf_fixture

CONF = conf.CONF


class VersionCapTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(conf_fixture.ConfFixture())

    def test_no_cap_by_default(self):
        self.assertIsNone(conductor_rpcapi.ConductorAPI().version_cap)

    def test_numeric_cap(self):
        self.cfg.config(group='upgrade_levels', conductor='1.0')
        self.assertEqual('1.0', conductor_rpcapi.ConductorAPI().version_cap)

    def test_release_alias(self):
        self.cfg.config(group='upgrade_levels', conductor='rocky')
        self.assertEqual('1.1', conductor_rpcapi.ConductorAPI().version_cap)

    def test_auto_is_no_cap_for_the_conductor(self):
        # Conductors upgrade first; and a compute must not need the
        # conductor client to build the conductor client.
        self.cfg.config(group='upgrade_levels', conductor='auto')
        with mock.patch.object(objects.Service,
                               'get_minimum_version') as minimum:
            self.assertIsNone(conductor_rpcapi.ConductorAPI().version_cap)
        minimum.assert_not_called()

    def test_auto_uses_oldest_service(self):
        with mock.patch.object(objects.Service, 'get_minimum_version',
                               return_value=1) as minimum:
            cap = conductor_rpcapi.resolve_version_cap(
                'auto', {}, 'nova-compute', 'compute_rpc')
        self.assertEqual(
            service_obj.SERVICE_VERSION_HISTORY[1]['compute_rpc'], cap)
        self.assertEqual('nova-compute', minimum.call_args[0][1])

    def test_auto_without_services_does_not_cap(self):
        with mock.patch.object(objects.Service, 'get_minimum_version',
                               return_value=0):
            self.assertIsNone(conductor_rpcapi.resolve_version_cap(
                'auto', {}, 'nova-compute', 'compute_rpc'))

    def test_cap_reaches_the_client(self):
        self.cfg.config(group='upgrade_levels', conductor='rocky')
        with mock.patch.object(rpc, 'get_client') as get_client:
            conductor_rpcapi.ConductorAPI().client
        self.assertEqual('1.1', get_client.call_args[1]['version_cap'])

    def test_can_send_version_with_real_client(self):
        self.cfg.config(transport_url='fake:/')
        self.cfg.config(group='upgrade_levels', conductor='1.0')
        rpc.cleanup()
        rpc.init(CONF)
        self.addCleanup(rpc.cleanup)
        api = conductor_rpcapi.ConductorAPI()
        self.assertTrue(api.can_send_version('1.0'))
        self.assertFalse(api.can_send_version('1.1'))


class MessagesTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(conf_fixture.ConfFixture())
        self.api = conductor_rpcapi.ConductorAPI()
        self.client = mock.Mock()
        self.api._client = self.client
        self.cctxt = self.client.prepare.return_value
        self.ctxt = nova_context.get_admin_context()

    def test_indirection_methods_are_calls(self):
        self.api.object_class_action_versions(
            self.ctxt, 'Instance', 'get_by_uuid', {'Instance': '1.0'},
            ('u',), {})
        self.cctxt.call.assert_called_once_with(
            self.ctxt, 'object_class_action_versions', objname='Instance',
            objmethod='get_by_uuid', object_versions={'Instance': '1.0'},
            args=('u',), kwargs={})
        obj = mock.sentinel.obj
        self.assertIs(self.cctxt.call.return_value,
                      self.api.object_action(self.ctxt, obj, 'save', (), {}))
        self.api.object_backport_versions(self.ctxt, obj, {'X': '1.0'})
        self.assertEqual(['object_class_action_versions', 'object_action',
                          'object_backport_versions'],
                         [c[0][1] for c in self.cctxt.call.call_args_list])
        self.cctxt.cast.assert_not_called()

    def test_old_indirection_flavours_are_not_implemented(self):
        # ovo falls back to these only on NotImplementedError.
        self.assertRaises(NotImplementedError, self.api.object_class_action,
                          self.ctxt, 'X', 'm', '1.0', (), {})
        self.assertRaises(NotImplementedError, self.api.object_backport,
                          self.ctxt, {}, '1.0')

    def test_schedule_and_build_instances_is_a_cast(self):
        self.api.schedule_and_build_instances(
            self.ctxt, ['br'], ['rs'], {'id': 'img'}, 'pw', [], None, None,
            tags=['t'])
        self.client.prepare.assert_called_once_with(version='1.0')
        self.cctxt.cast.assert_called_once_with(
            self.ctxt, 'schedule_and_build_instances', build_requests=['br'],
            request_specs=['rs'], image={'id': 'img'}, admin_password='pw',
            injected_files=[], requested_networks=None,
            block_device_mapping=None, tags=['t'])
        self.cctxt.call.assert_not_called()

    def test_build_instances_is_a_cast(self):
        self.api.build_instances(
            self.ctxt, ['inst'], {}, {'retry': {}}, None, None, None, None,
            None, request_spec='rs', host_lists=[['sel']])
        args = self.cctxt.cast.call_args
        self.assertEqual('build_instances', args[0][1])
        self.assertEqual([['sel']], args[1]['host_lists'])
        self.assertEqual('rs', args[1]['request_spec'])
        self.assertTrue(args[1]['legacy_bdm'])

    def test_compute_task_api_is_the_conductor_api(self):
        self.assertIs(conductor_rpcapi.ConductorAPI,
                      conductor_rpcapi.ComputeTaskAPI)


class ManagerMatchesClientTestCase(testtools.TestCase):

    def test_target_version_is_newest(self):
        self.assertEqual(conductor_rpcapi.ConductorAPI.VERSION,
                         conductor_manager.ConductorManager.target.version)
        self.assertEqual(
            conductor_rpcapi.ConductorAPI.VERSION,
            service_obj.SERVICE_VERSION_HISTORY[
                service_obj.SERVICE_VERSION]['conductor_rpc'])

    def test_every_rpc_method_has_a_matching_entry_point(self):
        skip = {'object_class_action', 'object_backport', 'client',
                'version_cap', 'can_send_version', 'wait_until_ready'}
        for name, method in inspect.getmembers(
                conductor_rpcapi.ConductorAPI, inspect.isfunction):
            if name.startswith('_') or name in skip:
                continue
            server = getattr(conductor_manager.ConductorManager, name)
            self.assertEqual(
                list(inspect.signature(method).parameters),
                list(inspect.signature(server).parameters), name)
