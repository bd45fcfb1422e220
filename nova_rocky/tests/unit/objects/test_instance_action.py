"""InstanceAction, InstanceActionEvent and InstanceFault."""

import sys

from nova_rocky import context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.objects import helpers


class InstanceActionTestCase(helpers.ObjectsTestCase):

    def setUp(self):
        super().setUp()
        self.instance = self.make_instance()

    def _ctxt(self):
        return context.RequestContext('u1', 'p1')

    def test_action_lifecycle(self):
        ctxt = self._ctxt()
        action = objects.InstanceAction.action_start(
            ctxt, self.instance.uuid, 'reboot')
        self.assertEqual(ctxt.request_id, action.request_id)
        self.assertEqual('u1', action.user_id)
        self.assertIsNone(action.finish_time)
        objects.InstanceActionEvent.event_start(
            ctxt, self.instance.uuid, 'compute_reboot', host='h1')
        event = objects.InstanceActionEvent.event_finish(
            ctxt, self.instance.uuid, 'compute_reboot')
        self.assertEqual('Success', event.result)
        self.assertEqual('h1', event.host)
        finished = objects.InstanceAction.action_finish(ctxt,
                                                        self.instance.uuid)
        self.assertIsNotNone(finished.finish_time)
        self.assertIsNone(finished.message)
        got = objects.InstanceAction.get_by_request_id(
            ctxt, self.instance.uuid, ctxt.request_id)
        self.assertEqual(action.id, got.id)
        events = objects.InstanceActionEventList.get_by_action(ctxt,
                                                               action.id)
        self.assertEqual(['compute_reboot'], [e.event for e in events])

    def test_event_failure_marks_action_error(self):
        ctxt = self._ctxt()
        objects.InstanceAction.action_start(ctxt, self.instance.uuid,
                                            'create', want_result=False)
        objects.InstanceActionEvent.event_start(ctxt, self.instance.uuid,
                                                'compute_build')
        try:
            raise ValueError('disk full')
        except ValueError as exc:
            event = objects.InstanceActionEvent.event_finish_with_failure(
                ctxt, self.instance.uuid, 'compute_build', exc,
                sys.exc_info()[2])
        self.assertEqual('Error', event.result)
        self.assertEqual('disk full', event.details)
        self.assertIn('raise ValueError', event.traceback)
        action = objects.InstanceAction.get_by_request_id(
            ctxt, self.instance.uuid, ctxt.request_id)
        self.assertEqual('Error', action.message)

    def test_missing_action_or_event(self):
        ctxt = self._ctxt()
        self.assertRaises(exception.InstanceActionNotFound,
                          objects.InstanceActionEvent.event_start, ctxt,
                          self.instance.uuid, 'e')
        objects.InstanceAction.action_start(ctxt, self.instance.uuid, 'a')
        self.assertRaises(exception.InstanceActionEventNotFound,
                          objects.InstanceActionEvent.event_finish, ctxt,
                          self.instance.uuid, 'e')
        self.assertIsNone(objects.InstanceAction.get_by_request_id(
            ctxt, self.instance.uuid, 'req-none'))

    def test_list_newest_first_with_marker(self):
        contexts = [self._ctxt() for _ in range(3)]
        for i, ctxt in enumerate(contexts):
            objects.InstanceAction.action_start(ctxt, self.instance.uuid,
                                                'act%d' % i)
        actions = objects.InstanceActionList.get_by_instance_uuid(
            self.ctxt, self.instance.uuid)
        self.assertEqual(['act2', 'act1', 'act0'],
                         [a.action for a in actions])
        page = objects.InstanceActionList.get_by_instance_uuid(
            self.ctxt, self.instance.uuid, limit=1,
            marker=contexts[2].request_id)
        self.assertEqual(['act1'], [a.action for a in page])
        self.assertRaises(exception.MarkerNotFound,
                          objects.InstanceActionList.get_by_instance_uuid,
                          self.ctxt, self.instance.uuid, marker='req-x')


class InstanceFaultTestCase(helpers.ObjectsTestCase):

    def test_create_from_exception(self):
        inst = self.make_instance()
        fault = objects.InstanceFault.create_from_exception(
            self.ctxt, inst, exception.FlavorNotFound(flavor_id='x'),
            host='h1')
        self.assertEqual(404, fault.code)
        self.assertEqual('', fault.details)
        try:
            raise RuntimeError('kaboom')
        except RuntimeError as exc:
            fault = objects.InstanceFault.create_from_exception(
                self.ctxt, inst, exc, sys.exc_info()[2])
        self.assertEqual(500, fault.code)
        self.assertEqual('kaboom', fault.message)
        self.assertIn('RuntimeError', fault.details)
        latest = objects.InstanceFault.get_latest_for_instance(self.ctxt,
                                                               inst.uuid)
        self.assertEqual(fault.id, latest.id)

    def test_list_by_instance_uuids(self):
        a = self.make_instance()
        b = self.make_instance()
        for inst, messages in ((a, ['a1', 'a2']), (b, ['b1'])):
            for message in messages:
                objects.InstanceFault(self.ctxt, instance_uuid=inst.uuid,
                                      code=500, message=message).create()
        latest = objects.InstanceFaultList.get_by_instance_uuids(
            self.ctxt, [a.uuid, b.uuid])
        self.assertEqual({'a2', 'b1'}, {f.message for f in latest})
        every = objects.InstanceFaultList.get_by_instance_uuids(
            self.ctxt, [a.uuid], latest=False)
        self.assertEqual(['a2', 'a1'], [f.message for f in every])
