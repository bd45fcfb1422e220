"""Exceptions by domain, re-exported so callers write ``exception.X``.

Add a new exception to the module of its domain (or a new module listed
here); never to this file.
"""

from nova_rocky.exception.base import *  # noqa: F401,F403
from nova_rocky.exception.cells import *  # noqa: F401,F403
from nova_rocky.exception.compute import *  # noqa: F401,F403
from nova_rocky.exception.api import *  # noqa: F401,F403
from nova_rocky.exception.scheduler import *  # noqa: F401,F403
from nova_rocky.exception.image import *  # noqa: F401,F403
from nova_rocky.exception.virt import *  # noqa: F401,F403
from nova_rocky.exception.objects import *  # noqa: F401,F403
from nova_rocky.exception.groups import *  # noqa: F401,F403
