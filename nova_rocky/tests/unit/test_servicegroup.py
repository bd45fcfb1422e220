"""nova_rocky.servicegroup.is_up: heartbeat age and forced_down."""

import datetime

from oslo_utils import timeutils
import testtools

from nova_rocky import servicegroup
from nova_rocky.tests.fixtures import conf as conf_fixture


def _ago(seconds):
    return timeutils.utcnow() - datetime.timedelta(seconds=seconds)


class IsUpTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(conf_fixture.ConfFixture())
        self.conf.config(service_down_time=60)

    def test_recent_heartbeat_is_up(self):
        self.assertTrue(servicegroup.is_up({'last_seen_up': _ago(10)}))

    def test_old_heartbeat_is_down(self):
        self.assertFalse(servicegroup.is_up({'last_seen_up': _ago(61)}))

    def test_forced_down_wins(self):
        self.assertFalse(servicegroup.is_up({'last_seen_up': _ago(1),
                                             'forced_down': True}))

    def test_falls_back_to_updated_then_created(self):
        self.assertTrue(servicegroup.is_up({'last_seen_up': None,
                                            'updated_at': _ago(5),
                                            'created_at': _ago(500)}))
        self.assertFalse(servicegroup.is_up({'created_at': _ago(500)}))
        self.assertFalse(servicegroup.is_up({}))

    def test_string_and_aware_times(self):
        aware = _ago(5).replace(tzinfo=datetime.timezone.utc)
        self.assertTrue(servicegroup.is_up({'last_seen_up': aware}))
        text = _ago(5).isoformat()
        self.assertTrue(servicegroup.is_up({'last_seen_up': text}))

    def test_config_is_honoured(self):
        self.conf.config(service_down_time=5)
        self.assertFalse(servicegroup.is_up({'last_seen_up': _ago(10)}))
