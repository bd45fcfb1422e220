"""Versioned notifications of separate daemons, consumed from RabbitMQ."""

from oslo_config import cfg
import oslo_messaging as messaging
import testtools

from nova_rocky.tests.fixtures import backends
from nova_rocky.tests.fixtures import notifications
from nova_rocky.tests.fixtures import rest
from nova_rocky.tests.integration import harness


class TestNotificationsOverRabbit(testtools.TestCase):

    def setUp(self):
        super().setUp()
        harness.require_services(self)
        self.deployment = self.useFixture(harness.Deployment(self,
                                                             computes=1))
        self.addOnException(lambda exc_info: self.addDetail(
            'daemon-logs', testtools.content.text_content(
                self.deployment.logs())))
        self.api = rest.ComputeClient(self.deployment.api_url + '/v2.1')
        # A consumer of our own, as a billing or monitoring service would
        # be: its own config, its own connection to the broker.
        conf = cfg.ConfigOpts()
        conf([], project='notification-consumer')
        transport = messaging.get_notification_transport(
            conf, url=backends.rabbit_url())
        self.addCleanup(transport.cleanup)
        self.collector = notifications.NotificationCollector()
        listener = messaging.get_notification_listener(
            transport, [messaging.Target(
                topic='versioned_notifications',
                exchange=self.deployment.exchange)],
            [self.collector], executor='threading')
        listener.start()
        self.addCleanup(listener.wait)
        self.addCleanup(listener.stop)

    def test_boot_and_stop_announce_themselves_with_request_ids(self):
        flavor = self.api.post('/flavors', {'flavor': {
            'name': 'it.notify', 'ram': 256, 'vcpus': 1, 'disk': 1}},
            expect=200).json()['flavor']['id']
        server = self.api.create_server('it-notify', flavor,
                                        self.deployment.image_id)
        sid = server['id']
        self.api.wait_for_server(sid, timeout=120)
        self.api.post('/servers/%s/action' % sid, {'os-stop': None},
                      expect=202)
        self.api.wait_for_server(sid, statuses=('SHUTOFF',), timeout=120)
        end = self.collector.wait_for('instance.power_off.end', sid,
                                      timeout=60)
        self.collector.wait_for('instance.create.end', sid, timeout=60)
        actions = self.api.get('/servers/%s/os-instance-actions' % sid)[
            'instanceActions']
        stop_request = [a for a in actions if a['action'] == 'stop'][0][
            'request_id']
        self.assertEqual(stop_request,
                         end['payload']['nova_object.data']['request_id'])
        self.assertTrue(end['publisher_id'].startswith('nova-compute:'))
        seen = [item['event_type']
                for item in self.collector.for_instance(sid)]
        for event_type in ('instance.create.start', 'instance.create.end',
                           'instance.power_off.start',
                           'instance.power_off.end'):
            self.assertIn(event_type, seen)
        for item in self.collector.for_instance(sid):
            notifications.assert_matches_sample(self, item)
        self.api.delete('/servers/%s' % sid)
        self.collector.wait_for('instance.delete.end', sid, timeout=60)
