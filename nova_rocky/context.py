"""Request context: who is asking, and which cell the request targets.

A context carries the caller's identity (from oslo.context) plus the
database and message-queue connection of the cell it is targeted at.
``target_cell`` returns a copy pointed at a cell; objects pick their cell
database from ``context.db_connection`` (see ``nova_rocky.db.api``).
"""

import concurrent.futures
import contextlib
import copy
import threading

from oslo_context import context as oslo_context
from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils

from nova_rocky import exception

# The uuid of cell0 is fixed, as upstream: it names where instances that
# never scheduled are buried.
CELL0_UUID = '00000000-0000-0000-0000-000000000000'


@enginefacade.transaction_context_provider
class RequestContext(oslo_context.RequestContext):
    """Security context and request information for one API/RPC request.

    ``db_connection`` is the enginefacade transaction context of the cell
    this context is targeted at (None: the default ``[database]`` one);
    ``mq_connection`` is the oslo.messaging transport of that cell (None:
    the default transport).
    """

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted='no', remote_address=None, timestamp=None,
                 service_catalog=None, user_auth_plugin=None, **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(is_admin=bool(is_admin), **kwargs)
        self.read_deleted = read_deleted
        self.remote_address = remote_address
        if isinstance(timestamp, str):
            timestamp = timeutils.parse_isotime(timestamp)
        self.timestamp = timestamp or timeutils.utcnow()
        self.service_catalog = service_catalog or []
        self.user_auth_plugin = user_auth_plugin
        self.db_connection = None
        self.mq_connection = None
        self.cell_uuid = None

    def to_dict(self):
        values = super().to_dict()
        values.update({
            'user_id': self.user_id,
            'project_id': self.project_id,
            'read_deleted': self.read_deleted,
            'remote_address': self.remote_address,
            'timestamp': self.timestamp.isoformat()
            if self.timestamp else None,
            'service_catalog': self.service_catalog,
        })
        return values

    @classmethod
    def from_dict(cls, values):
        allowed = ('user_id', 'project_id', 'is_admin', 'read_deleted',
                   'remote_address', 'timestamp', 'service_catalog',
                   'request_id', 'global_request_id', 'roles', 'user_name',
                   'project_name', 'domain_id', 'user_domain_id',
                   'project_domain_id', 'auth_token', 'show_deleted',
                   'is_admin_project', 'system_scope', 'read_only',
                   'overwrite', 'resource_uuid', 'user_domain_name',
                   'project_domain_name')
        return cls(**{k: v for k, v in values.items() if k in allowed})

    def elevated(self, read_deleted=None):
        """Return an admin copy of this context (same cell target)."""
        ctx = copy.copy(self)
        ctx.roles = copy.deepcopy(self.roles)
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles.append('admin')
        if read_deleted is not None:
            ctx.read_deleted = read_deleted
        return ctx

    def can(self, action, target=None, fatal=True):
        """Check ``action`` against policy for this context.

        Raises PolicyNotAuthorized when not allowed and ``fatal``.
        """
        from nova_rocky import policy
        if target is None:
            target = {'project_id': self.project_id, 'user_id': self.user_id}
        return policy.authorize(self, action, target, fatal=fatal)


def get_admin_context(read_deleted='no'):
    """An admin context for services and tools, with no user."""
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)


def get_context():
    """A non-admin context with no user, for internal reads."""
    return RequestContext(user_id=None, project_id=None, is_admin=False,
                          overwrite=False)


def set_target_cell(context, cell_mapping):
    """Point ``context`` at the cell of ``cell_mapping`` (in place)."""
    from nova_rocky.db import api as db_api
    from nova_rocky import rpc
    if cell_mapping is None:
        context.db_connection = None
        context.mq_connection = None
        context.cell_uuid = None
        return
    context.db_connection = db_api.get_cell_context_manager(
        cell_mapping.database_connection)
    context.mq_connection = rpc.get_cell_transport(cell_mapping.transport_url)
    context.cell_uuid = cell_mapping.uuid


@contextlib.contextmanager
def target_cell(context, cell_mapping):
    """Yield a copy of ``context`` targeted at ``cell_mapping``."""
    cctxt = copy.copy(context)
    set_target_cell(cctxt, cell_mapping)
    yield cctxt


def require_context(context):
    if context is None or (not context.is_admin and
                           (context.user_id is None or
                            context.project_id is None)):
        raise exception.Forbidden()


_CELL_POOL = None
_CELL_POOL_LOCK = threading.Lock()


def _cell_pool():
    global _CELL_POOL
    with _CELL_POOL_LOCK:
        if _CELL_POOL is None:
            _CELL_POOL = concurrent.futures.ThreadPoolExecutor(
                max_workers=32, thread_name_prefix='cell-scatter')
        return _CELL_POOL


# Sentinels returned by scatter_gather_cells for cells that failed.
did_not_respond_sentinel = object()
raised_exception_sentinel = object()
CELL_TIMEOUT = 60


def scatter_gather_cells(context, cell_mappings, timeout, fn, *args,
                         **kwargs):
    """Run ``fn(cell_context, *args, **kwargs)`` in every cell at once.

    Returns {cell_uuid: result}; a cell that raised maps to the exception
    object, a cell that did not answer within ``timeout`` to
    ``did_not_respond_sentinel``. With one cell no thread is started.
    """
    def run(cell):
        with target_cell(context, cell) as cctxt:
            return fn(cctxt, *args, **kwargs)

    cells = list(cell_mappings)
    results = {}
    if len(cells) == 1:
        try:
            results[cells[0].uuid] = run(cells[0])
        except Exception as exc:
            results[cells[0].uuid] = exc
        return results
    # The last cell runs in the calling thread; a shared pool runs the
    # others (a pool per call cost more than the queries of a small cell).
    futures = {_cell_pool().submit(run, cell): cell.uuid
               for cell in cells[:-1]}
    try:
        results[cells[-1].uuid] = run(cells[-1])
    except Exception as exc:
        results[cells[-1].uuid] = exc
    done, _pending = concurrent.futures.wait(futures, timeout=timeout)
    for future, cell_uuid in futures.items():
        if future not in done:
            results[cell_uuid] = did_not_respond_sentinel
        elif future.exception() is not None:
            results[cell_uuid] = future.exception()
        else:
            results[cell_uuid] = future.result()
    return results


def is_cell_failure_sentinel(record):
    return (record is did_not_respond_sentinel or
            isinstance(record, Exception))
