"""SchedulerAPI (client) and SchedulerManager (server) agree."""

import inspect
from unittest import mock

import oslo_messaging as messaging
from oslo_config import fixture as config_fixture
import testtools

from nova_rocky import conf
from nova_rocky.scheduler import manager
from nova_rocky.scheduler import rpcapi

CONF = conf.CONF


class SchedulerRPCAPITestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(config_fixture.Config(CONF))

    def test_versions_match(self):
        self.assertEqual(rpcapi.SchedulerAPI.VERSION,
                         manager.SchedulerManager.target.version)
        self.assertEqual('1.1', rpcapi.SchedulerAPI.VERSION_ALIASES['rocky'])

    def test_manager_signatures_match(self):
        for name in ('select_destinations', 'update_aggregates',
                     'delete_aggregate'):
            client = inspect.signature(getattr(rpcapi.SchedulerAPI, name))
            server = inspect.signature(getattr(manager.SchedulerManager,
                                               name))
            self.assertEqual(list(client.parameters)[2:],
                             list(server.parameters)[2:])

    def test_version_cap(self):
        api = rpcapi.SchedulerAPI()
        self.assertIsNone(api.version_cap)
        self.cfg.config(group='upgrade_levels', scheduler='rocky')
        self.assertEqual('1.1', api.version_cap)

    def test_select_destinations_is_a_call(self):
        api = rpcapi.SchedulerAPI()
        client = mock.Mock()
        api._client = client
        ctxt, spec = mock.sentinel.ctxt, mock.sentinel.spec
        result = api.select_destinations(ctxt, spec, ['u1'])
        client.prepare.assert_called_once_with(version='1.0')
        client.prepare.return_value.call.assert_called_once_with(
            ctxt, 'select_destinations', spec_obj=spec,
            instance_uuids=['u1'], return_objects=True,
            return_alternates=True)
        self.assertIs(client.prepare.return_value.call.return_value, result)

    def test_topic(self):
        target = rpcapi.SchedulerAPI().target
        self.assertIsInstance(target, messaging.Target)
        self.assertEqual('scheduler', target.topic)
