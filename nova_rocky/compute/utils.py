"""Helpers shared by the compute and conductor flows.

``EventReporter`` records an instance action event around a block of work,
``add_instance_fault_from_exc`` records why an instance failed, and
``InstanceLocks`` serialises the flows of one instance inside a compute.
"""

import contextlib
import sys
import threading

from oslo_log import log as logging

from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)


class EventReporter(object):
    """Context manager recording an InstanceActionEvent per instance.

    On entry it starts ``event_name`` for each instance uuid; on exit it
    finishes the events with Success, or with Error and the exception when
    the block raised. ``fail(exc)`` marks a failure the block handled
    itself (a build that will be rescheduled does not raise, yet its event
    must say Error). Recording is best effort: an action that does not
    exist (an instance deleted meanwhile) or a failing write is logged and
    never hides the outcome of the work itself.
    """

    def __init__(self, context, event_name, host, *instance_uuids):
        self.context = context
        self.event_name = event_name
        self.host = host
        self.instance_uuids = instance_uuids
        self._failure = None
        self._started = []

    def fail(self, exc, exc_tb=None):
        """Finish the events as Error even if the block does not raise."""
        self._failure = (exc, exc_tb)

    def __enter__(self):
        for uuid in self.instance_uuids:
            try:
                objects.InstanceActionEvent.event_start(
                    self.context, uuid, self.event_name, want_result=False,
                    host=self.host)
                self._started.append(uuid)
            except Exception as exc:
                LOG.debug('Not recording event %s of %s: %s',
                          self.event_name, uuid, exc)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        failure = (exc_val, exc_tb) if exc_val is not None else self._failure
        for uuid in self._started:
            try:
                if failure is None:
                    objects.InstanceActionEvent.event_finish(
                        self.context, uuid, self.event_name,
                        want_result=False)
                else:
                    objects.InstanceActionEvent.event_finish_with_failure(
                        self.context, uuid, self.event_name,
                        exc_val=failure[0], exc_tb=failure[1],
                        want_result=False)
            except Exception as exc:
                LOG.warning('Could not finish event %s of %s: %s',
                            self.event_name, uuid, exc)
        return False


def add_instance_fault_from_exc(context, instance, exc, exc_tb=None,
                                host=None):
    """Record ``exc`` as the newest fault of ``instance`` (best effort).

    A failure to write the fault is logged: the caller is already handling
    a failure and must go on putting the instance into a sane state.
    """
    if exc_tb is None and sys.exc_info()[1] is exc:
        exc_tb = sys.exc_info()[2]
    try:
        return objects.InstanceFault.create_from_exception(
            context, instance, exc, exc_tb=exc_tb, host=host)
    except Exception as fault_exc:
        LOG.warning('Could not record the fault of instance %s (%s): %s',
                    instance.uuid, exc, fault_exc)
        return None


def is_instance_gone(exc):
    """True if ``exc`` says the instance was deleted under our feet.

    Saves run in the conductor on a compute; an exception whose module
    oslo.messaging may not rebuild arrives as a RemoteError carrying the
    original class name, hence the name check beside the isinstance one.
    """
    gone = (exception.InstanceNotFound,
            exception.UnexpectedDeletingTaskStateError)
    if isinstance(exc, gone):
        return True
    name = getattr(exc, 'exc_type', None)
    return name in [cls.__name__ for cls in gone]


class InstanceLocks(object):
    """One lock per instance uuid, created on demand and dropped when idle.

    A compute runs builds and deletes in a thread pool; taking the
    instance's lock makes a delete wait for a build in progress instead of
    racing it, as upstream's per-instance ``synchronized`` does.
    """

    def __init__(self):
        self._guard = threading.Lock()
        self._locks = {}

    @contextlib.contextmanager
    def hold(self, uuid):
        with self._guard:
            entry = self._locks.setdefault(uuid, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if not entry[1]:
                    self._locks.pop(uuid, None)

    def is_busy(self, uuid):
        """True while some flow holds or waits for the instance's lock."""
        with self._guard:
            return uuid in self._locks
