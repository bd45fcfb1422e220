"""An in-process message transport that sleeps until a message arrives.

nova-all (and the in-process test clouds) run every service as threads of
one process over oslo.messaging's rabbit driver on a kombu in-memory
broker. kombu's own ``memory`` transport polls: oslo.messaging sets its
polling interval to zero for speed, so every idle listener (the
conductor's, the scheduler's, each compute's, every reply waiter) spins in
``drain_events`` and holds the interpreter lock most of the time. Measured
in nova-all with two computes booting servers, the spinning took about 40%
of all samples, and the work that was left waited for the lock.

This transport keeps kombu's in-memory queues and routing (it subclasses
the memory transport) and only changes how an empty poll waits: every put
rings a process-wide bell, and a listener that found its queues empty
sleeps on the bell until something was put or its timeout ran out. A
message put between the empty poll and the sleep is not missed: the
listener compares the bell's count with the one it read before polling.

Select it with ``transport_url = kombu+inproc:////``
(``nova_rocky.rpc.IN_PROCESS_TRANSPORT_URL``).
"""

import queue
import socket
import threading
import time

from kombu.transport import memory
from kombu.transport import TRANSPORT_ALIASES

ALIAS = 'inproc'


class _Bell(object):
    """A counter that wakes its waiters whenever it moves."""

    def __init__(self):
        self._cond = threading.Condition()
        self.count = 0

    def ring(self):
        with self._cond:
            self.count += 1
            self._cond.notify_all()

    def wait(self, seen, timeout):
        """Sleep until the count differs from ``seen`` or ``timeout``."""
        with self._cond:
            if self.count == seen:
                self._cond.wait(timeout)


BELL = _Bell()


class Channel(memory.Channel):
    """kombu's memory channel, ringing the bell on every put."""

    def _put(self, queue, message, **kwargs):
        super()._put(queue, message, **kwargs)
        BELL.ring()

    def _put_fanout(self, exchange, message, routing_key=None, **kwargs):
        super()._put_fanout(exchange, message, routing_key=routing_key,
                            **kwargs)
        BELL.ring()


class Transport(memory.Transport):
    """kombu's memory transport, waiting on the bell instead of polling."""

    Channel = Channel
    driver_type = 'memory'
    driver_name = ALIAS

    def drain_events(self, connection, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            seen = BELL.count
            try:
                self.cycle.get(self._deliver, timeout=timeout)
                return
            except queue.Empty:
                remaining = (None if deadline is None
                             else deadline - time.monotonic())
                if remaining is not None and remaining <= 0:
                    raise socket.timeout()
                BELL.wait(seen, remaining)


def register():
    """Make ``inproc`` a kombu transport name (idempotent)."""
    TRANSPORT_ALIASES.setdefault(ALIAS, '%s:Transport' % __name__)
