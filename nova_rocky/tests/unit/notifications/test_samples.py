"""doc/notification_samples/ documents what the code emits."""

import os

from oslo_versionedobjects import fixture
import testtools

from nova_rocky.notifications import base
from nova_rocky.notifications import instance as notify
from nova_rocky.notifications import payloads
from nova_rocky.notifications import samples
from nova_rocky.tests.fixtures import notifications

# Pinned fingerprints: change a payload -> bump its VERSION (with a
# changelog line), update the hash and regenerate the samples
# (tools/generate_notification_samples.py).
notification_object_data = {
    'EventType': '1.0-a601b01c1849946ca2d59286fbecaa04',
    'ExceptionPayload': '1.1-8058b7f92d5ef4698402af7a20704ae0',
    'FlavorPayload': '1.4-6efcab912406c947d255bfba57c211e2',
    'InstanceActionNotification': '1.0-256dc22834c64f95b2f0ef3546208cd5',
    'InstanceActionPayload': '1.7-af920c16ad0e411b526ab885323cc91b',
    'InstanceActionRebuildPayload': '1.8-1da706c6450ca9d5f27dde3712a88f2b',
    'InstancePayload': '1.7-786fcfc078cc935b45fba192633da95c',
    'IpPayload': '1.0-8eced7b8d06e9bfd522a1f8376dcb559',
    'NotificationPublisher': '1.0-578ee5fea2922ff32e8917621f140857',
}


class TestNotificationObjects(testtools.TestCase):

    def test_fingerprints(self):
        classes = {cls.obj_name(): [cls] for cls in payloads.PAYLOAD_CLASSES
                   + (base.EventType, base.NotificationPublisher,
                      payloads.InstanceActionNotification)}
        checker = fixture.ObjectVersionChecker(classes)
        expected, actual = checker.test_hashes(notification_object_data)
        self.assertEqual(expected, actual)

    def test_every_object_has_a_changelog(self):
        for cls in payloads.PAYLOAD_CLASSES:
            self.assertIn('Version %s' % cls.VERSION, cls.__doc__)


class TestSamples(testtools.TestCase):

    def test_a_sample_for_every_notification_and_no_other(self):
        files = {name[:-len('.json')]
                 for name in os.listdir(notifications.SAMPLES_DIR)
                 if name.endswith('.json')}
        self.assertEqual(set(notify.EMITTED), files)

    def test_samples_match_what_the_code_emits(self):
        for event_type in notify.EMITTED:
            sample = notifications.load_sample(event_type)
            emitted = samples.build_sample(event_type)
            self.assertEqual(sample['event_type'], emitted['event_type'])
            self.assertEqual(sample['priority'], emitted['priority'])
            self.assertEqual(sample['publisher_id'],
                             emitted['publisher_id'])
            self.assertEqual(samples.shape(sample['payload']),
                             samples.shape(emitted['payload']), event_type)

    def test_payload_carries_the_request_id(self):
        emitted = samples.build_sample('instance.reboot.start')
        data = emitted['payload']['nova_object.data']
        self.assertEqual(samples.sample_context().request_id,
                         data['request_id'])
        self.assertEqual('InstanceActionPayload',
                         emitted['payload']['nova_object.name'])
        self.assertEqual('1.7', emitted['payload']['nova_object.version'])

    def test_periodic_context_has_no_request_id(self):
        from nova_rocky import context as nova_context
        notification = notify.build(nova_context.get_admin_context(),
                                    samples.sample_instance(), 'compute',
                                    'delete', 'start')
        self.assertIsNone(notification.payload.request_id)

    def test_error_phase_is_an_error_with_the_fault(self):
        emitted = samples.build_sample('instance.rebuild.error')
        self.assertEqual('ERROR', emitted['priority'])
        fault = emitted['payload']['nova_object.data']['fault']
        self.assertEqual('NoValidHost', fault['nova_object.data']['exception'])
