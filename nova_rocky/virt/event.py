"""Events a virt driver sends to the compute manager.

A driver tells the compute manager about guest power changes it did not
necessarily start itself (a guest that shut itself down, a crash), so that
the manager can bring the instance record in line with the hypervisor.
"""

import time

EVENT_LIFECYCLE_STARTED = 0
EVENT_LIFECYCLE_STOPPED = 1
EVENT_LIFECYCLE_PAUSED = 2
EVENT_LIFECYCLE_RESUMED = 3
EVENT_LIFECYCLE_SUSPENDED = 4

NAMES = {
    EVENT_LIFECYCLE_STARTED: 'Started',
    EVENT_LIFECYCLE_STOPPED: 'Stopped',
    EVENT_LIFECYCLE_PAUSED: 'Paused',
    EVENT_LIFECYCLE_RESUMED: 'Resumed',
    EVENT_LIFECYCLE_SUSPENDED: 'Suspended',
}


class Event(object):
    """Base class of virt events; carries the time it happened."""

    def __init__(self, timestamp=None):
        self.timestamp = time.time() if timestamp is None else timestamp

    def __repr__(self):
        return '<%s: %s>' % (type(self).__name__, self.timestamp)


class InstanceEvent(Event):
    """An event about one guest, named by the instance UUID."""

    def __init__(self, uuid, timestamp=None):
        super().__init__(timestamp)
        self.uuid = uuid

    def __repr__(self):
        return '<%s: %s, %s>' % (type(self).__name__, self.timestamp,
                                 self.uuid)


class LifecycleEvent(InstanceEvent):
    """A guest changed power state; ``transition`` is an EVENT_* value."""

    def __init__(self, uuid, transition, timestamp=None):
        if transition not in NAMES:
            raise ValueError('Unknown lifecycle transition %r' % transition)
        super().__init__(uuid, timestamp)
        self.transition = transition

    def get_name(self):
        """Return the transition as a word ('Started', 'Stopped', ...)."""
        return NAMES[self.transition]

    def __repr__(self):
        return '<LifecycleEvent: %s, %s => %s>' % (
            self.timestamp, self.uuid, self.get_name())
