"""nova_rocky: a compute control plane in the OpenStack Nova tradition.

Concurrency is native threads. Two import-time decisions keep eventlet out
of every service process:

* oslo.service picks its eventlet backend unless told otherwise before
  anything imports ``oslo_service.service`` (oslo.messaging does, at
  import), so the threading backend is chosen here, first thing.
* futurist and oslo.utils probe ``import eventlet`` and change behaviour
  when it succeeds; eventlet is installed (oslo.service depends on it), so
  the probe is made to fail. Only the deprecated eventlet API hosts call
  ``allow_eventlet()`` before they import it.

Nothing is monkey-patched.
"""

import sys

_ALLOW_EVENTLET = False

if 'eventlet' not in sys.modules:
    # None in sys.modules makes "import eventlet" raise ImportError.
    sys.modules['eventlet'] = None

from oslo_service import backend as _service_backend  # noqa: E402

if _service_backend.get_backend_type() is None:
    _service_backend.init_backend(_service_backend.BackendType.THREADING)


def allow_eventlet():
    """Let the deprecated eventlet API hosts import eventlet."""
    global _ALLOW_EVENTLET
    _ALLOW_EVENTLET = True
    if sys.modules.get('eventlet', 0) is None:
        del sys.modules['eventlet']
