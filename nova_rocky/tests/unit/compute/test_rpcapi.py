"""The compute RPC client: caps, routing to hosts and cell transports."""

import inspect
from unittest import mock

import testtools

from nova_rocky.compute import manager as compute_manager
from nova_rocky.compute import rpcapi as compute_rpcapi
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.objects import service as service_obj
from nova_rocky import rpc
from nova_rocky.tests.fixtures import conf as conf_fixture

CONF = conf.CONF


class ComputeAPITestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(conf_fixture.ConfFixture())
        self.ctxt = nova_context.get_admin_context()
        patcher = mock.patch.object(rpc, 'get_client')
        self.get_client = patcher.start()
        self.addCleanup(patcher.stop)
        self.cctxt = self.get_client.return_value.prepare.return_value

    def test_cap_from_alias(self):
        self.cfg.config(group='upgrade_levels', compute='rocky')
        compute_rpcapi.ComputeAPI().terminate_instance(
            self.ctxt, mock.Mock(host='h1'))
        self.assertEqual('1.1', self.get_client.call_args[1]['version_cap'])

    def test_no_cap(self):
        compute_rpcapi.ComputeAPI().terminate_instance(
            self.ctxt, mock.Mock(host='h1'))
        self.assertIsNone(self.get_client.call_args[1]['version_cap'])

    def test_build_and_run_instance_casts_to_the_host(self):
        instance = mock.sentinel.instance
        compute_rpcapi.ComputeAPI().build_and_run_instance(
            self.ctxt, instance, 'host1', {'id': 'i'}, 'rs', {'a': 1},
            node='node1', host_list=['alt'])
        self.get_client.return_value.prepare.assert_called_once_with(
            server='host1', version='1.0')
        args, kwargs = self.cctxt.cast.call_args
        self.assertEqual((self.ctxt, 'build_and_run_instance'), args)
        self.assertEqual(['alt'], kwargs['host_list'])
        self.assertEqual('node1', kwargs['node'])
        self.assertIs(instance, kwargs['instance'])
        self.cctxt.call.assert_not_called()

    def test_terminate_instance_casts_to_the_instance_host(self):
        instance = mock.Mock(host='host2')
        compute_rpcapi.ComputeAPI().terminate_instance(self.ctxt, instance)
        self.get_client.return_value.prepare.assert_called_once_with(
            server='host2', version='1.0')
        self.cctxt.cast.assert_called_once_with(
            self.ctxt, 'terminate_instance', instance=instance, bdms=None,
            delete_type=None)

    def test_cell_transport_is_used_and_clients_are_cached(self):
        api = compute_rpcapi.ComputeAPI()
        cell_ctxt = nova_context.get_admin_context()
        cell_ctxt.mq_connection = mock.sentinel.cell_transport
        instance = mock.Mock(host='h')
        api.terminate_instance(cell_ctxt, instance)
        api.terminate_instance(cell_ctxt, instance)
        api.terminate_instance(self.ctxt, instance)
        transports = [c[1]['transport']
                      for c in self.get_client.call_args_list]
        self.assertEqual([mock.sentinel.cell_transport, None], transports)


class CanSendVersionTestCase(testtools.TestCase):

    def test_can_send_version_honours_the_cap(self):
        cfg = self.useFixture(conf_fixture.ConfFixture())
        cfg.config(transport_url='fake:/')
        rpc.cleanup()
        rpc.init(CONF)
        self.addCleanup(rpc.cleanup)
        self.assertTrue(compute_rpcapi.ComputeAPI().can_send_version('1.1'))
        cfg.config(group='upgrade_levels', compute='1.0')
        api = compute_rpcapi.ComputeAPI()
        self.assertTrue(api.can_send_version('1.0'))
        self.assertFalse(api.can_send_version('1.1'))


class ManagerMatchesClientTestCase(testtools.TestCase):

    def test_target_version_is_newest(self):
        self.assertEqual(compute_rpcapi.ComputeAPI.VERSION,
                         compute_manager.ComputeManager.target.version)
        self.assertEqual(
            compute_rpcapi.ComputeAPI.VERSION,
            service_obj.SERVICE_VERSION_HISTORY[
                service_obj.SERVICE_VERSION]['compute_rpc'])

    def test_every_rpc_method_has_a_matching_entry_point(self):
        # The client takes the target host; the server is that host.
        names = [name for name, _ in inspect.getmembers(
            compute_rpcapi.ComputeAPI, inspect.isfunction)
            if not name.startswith('_') and name != 'can_send_version']
        self.assertIn('rebuild_instance', names)
        for name in names:
            client = list(inspect.signature(
                getattr(compute_rpcapi.ComputeAPI, name)).parameters)
            server = list(inspect.signature(
                getattr(compute_manager.ComputeManager, name)).parameters)
            client = ['context' if p == 'ctxt' else p for p in client
                      if p != 'host']
            self.assertEqual(client, server, name)


class LifecycleCastsTestCase(testtools.TestCase):
    """Version 1.1 methods cast to the instance's host at 1.1."""

    def setUp(self):
        super().setUp()
        self.useFixture(conf_fixture.ConfFixture())
        self.ctxt = nova_context.get_admin_context()
        patcher = mock.patch.object(rpc, 'get_client')
        self.get_client = patcher.start()
        self.addCleanup(patcher.stop)
        self.prepare = self.get_client.return_value.prepare
        self.cctxt = self.prepare.return_value

    def test_power_actions_cast_to_the_instance_host(self):
        api = compute_rpcapi.ComputeAPI()
        instance = mock.Mock(host='h3')
        for name in ('stop_instance', 'start_instance', 'pause_instance',
                     'unpause_instance', 'suspend_instance',
                     'resume_instance', 'soft_delete_instance',
                     'restore_instance'):
            self.prepare.reset_mock()
            getattr(api, name)(self.ctxt, instance)
            self.prepare.assert_called_once_with(server='h3', version='1.1')
            self.assertEqual(name, self.cctxt.cast.call_args[0][1])
        api.reboot_instance(self.ctxt, instance, reboot_type='HARD')
        self.assertEqual('HARD',
                         self.cctxt.cast.call_args[1]['reboot_type'])
        self.cctxt.call.assert_not_called()

    def test_rebuild_goes_to_the_named_host(self):
        api = compute_rpcapi.ComputeAPI()
        instance = mock.Mock(host='source')
        api.rebuild_instance(self.ctxt, instance, 'pw', [], 'img', 'old',
                             None, [], True, False, host='dest', node='n')
        self.prepare.assert_called_once_with(server='dest', version='1.1')
        kwargs = self.cctxt.cast.call_args[1]
        self.assertTrue(kwargs['recreate'])
        self.assertEqual('n', kwargs['node'])
