"""The in-process transport: RPC over it answers; its bell wakes waiters."""

import threading

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging import conffixture as messaging_conffixture
import testtools

from nova_rocky import rpc
from nova_rocky import rpc_inproc


class Echo(object):
    target = messaging.Target(version='1.0')

    def echo(self, ctxt, value):
        return value


class InProcTransportTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = cfg.ConfigOpts()
        self.useFixture(messaging_conffixture.ConfFixture(self.conf))
        self.conf([], default_config_files=[], default_config_dirs=[])
        self.transport = messaging.get_rpc_transport(
            self.conf, url=rpc.IN_PROCESS_TRANSPORT_URL)
        self.conf.set_override('heartbeat_timeout_threshold', 0,
                               group='oslo_messaging_rabbit')
        self.addCleanup(self.transport.cleanup)
        topic = 'echo-%s' % id(self)
        self.server = messaging.get_rpc_server(
            self.transport, messaging.Target(topic=topic, server='s1'),
            [Echo()], executor='threading')
        self.server.start()
        self.addCleanup(self.server.wait)
        self.addCleanup(self.server.stop)
        self.client = messaging.get_rpc_client(
            self.transport, messaging.Target(topic=topic), timeout=10)

    def test_calls_answer_and_casts_arrive(self):
        for value in range(50):
            self.assertEqual(value, self.client.call({}, 'echo', value=value))
        self.client.cast({}, 'echo', value='cast')

    def test_bell_wakes_a_waiter_only_when_rung(self):
        bell = rpc_inproc._Bell()
        seen = bell.count
        woke = threading.Event()

        def waiter():
            bell.wait(seen, 10)
            woke.set()

        thread = threading.Thread(target=waiter)
        thread.start()
        self.assertFalse(woke.wait(0.1))
        bell.ring()
        self.assertTrue(woke.wait(5))
        thread.join()
        # A count that already moved does not wait at all.
        bell.wait(seen, 10)
