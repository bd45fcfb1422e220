"""Engine facade for the API database and the cell databases.

The API database has one process-wide transaction context
(``api_context_manager``). Cell databases get one transaction context per
connection URL, created on first use and kept for the life of the process
(``get_cell_context_manager``); a context targeted at a cell carries its
transaction context in ``context.db_connection``.

Objects run their queries under the decorators defined here:
``api_reader`` / ``api_writer`` for the API database and ``cell_reader`` /
``cell_writer`` for whichever cell the context targets.

SQLite, the embedded default, allows one writer at a time. Its writers are
serialised per database file with a lock here, so concurrent service
threads wait their turn instead of failing with "database is locked".
"""

import functools
import threading

from oslo_db.sqlalchemy import enginefacade
from sqlalchemy import event
from sqlalchemy import pool as sa_pool

from nova_rocky import conf

CONF = conf.CONF

_LOCK = threading.Lock()
_CELL_CONTEXT_MANAGERS = {}
_SQLITE_WRITE_LOCKS = {}

main_context_manager = enginefacade.transaction_context()
api_context_manager = enginefacade.transaction_context()


def _db_options(group):
    options = dict(CONF[group].items())
    if _is_file_sqlite(options.get('connection')):
        options['connection'] = _shareable_sqlite_url(options['connection'])
    # oslo.db's checkin hook sleeps(0) for eventlet's sake; with native
    # threads it only costs a thread switch per transaction.
    options['thread_checkin'] = False
    # Options oslo.db's configure() does not take.
    for name in ('db_inc_retry_interval', 'db_max_retry_interval',
                 'db_max_retries', 'db_retry_interval', 'use_db_reconnect',
                 'backend', 'use_tpool', 'mysql_enable_ndb',
                 'asyncio_connection', 'asyncio_slave_connection'):
        options.pop(name, None)
    return {k: v for k, v in options.items() if v is not None}


def _is_sqlite(url):
    return bool(url) and url.startswith('sqlite')


def _is_file_sqlite(url):
    return _is_sqlite(url) and not url.rstrip('/').endswith(':memory:') \
        and url.rstrip('/') != 'sqlite:'


def _shareable_sqlite_url(url):
    # Pooled connections move between threads; writers are serialised by
    # this module's lock, so pysqlite's same-thread check only gets in the
    # way.
    if 'check_same_thread' in url:
        return url
    return url + ('&' if '?' in url else '?') + 'check_same_thread=false'


def _pool_sqlite_connections(engine):
    """Give a file-SQLite engine a real connection pool.

    oslo.db puts NullPool on file SQLite, so every transaction opened and
    closed a connection (and re-ran its PRAGMAs): most of the time of a
    short request. The pool keeps oslo.db's connection events.
    """
    old = engine.pool
    if not isinstance(old, sa_pool.NullPool):
        return
    engine.pool = sa_pool.QueuePool(
        old._creator, pool_size=8, max_overflow=56, timeout=60,
        reset_on_return=old._reset_on_return, echo=old.echo,
        logging_name=old._orig_logging_name, _dispatch=old.dispatch,
        dialect=old._dialect)
    old.dispose()


def _sqlite_tuning(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the single writer (it is a property of
    # the file, so setting it again is cheap); the busy timeout covers
    # writers of other processes (nova-manage while nova-all runs).
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.close()


def _install_sqlite_hooks(ctxt_mgr, url):
    if not _is_sqlite(url) or url.rstrip('/').endswith(':memory:'):
        return
    engine = ctxt_mgr.writer.get_engine()
    if getattr(engine, '_nova_rocky_tuned', False):
        return
    engine._nova_rocky_tuned = True
    event.listen(engine, 'connect', _sqlite_tuning)
    _pool_sqlite_connections(engine)


def _started(ctxt_mgr):
    return ctxt_mgr._factory._started


def configure():
    """Configure the default cell and API transaction contexts from CONF.

    A context that already started (a second configure in one process, as
    test fixtures may do) keeps its engine.
    """
    if CONF.database.connection and not _started(main_context_manager):
        main_context_manager.configure(**_db_options('database'))
    if CONF.api_database.connection and not _started(api_context_manager):
        api_context_manager.configure(**_db_options('api_database'))


def create_context_manager(connection):
    """A new, started transaction context for one cell database URL."""
    ctxt_mgr = enginefacade.transaction_context()
    options = _db_options('database')
    options['connection'] = (_shareable_sqlite_url(connection)
                             if _is_file_sqlite(connection) else connection)
    options.pop('slave_connection', None)
    ctxt_mgr.configure(**options)
    _install_sqlite_hooks(ctxt_mgr, connection)
    return ctxt_mgr


def get_cell_context_manager(connection):
    """The process-wide transaction context of the cell at ``connection``."""
    with _LOCK:
        ctxt_mgr = _CELL_CONTEXT_MANAGERS.get(connection)
        if ctxt_mgr is None:
            ctxt_mgr = create_context_manager(connection)
            _CELL_CONTEXT_MANAGERS[connection] = ctxt_mgr
        return ctxt_mgr


def get_context_manager(context):
    """The transaction context of the cell ``context`` targets."""
    return context.db_connection or main_context_manager


def get_engine(context=None, use_api=False):
    if use_api:
        return api_context_manager.writer.get_engine()
    ctxt_mgr = main_context_manager if context is None else \
        get_context_manager(context)
    return ctxt_mgr.writer.get_engine()


def _write_lock_for(ctxt_mgr):
    engine = ctxt_mgr.writer.get_engine()
    if engine.dialect.name != 'sqlite':
        return None
    key = str(engine.url)
    with _LOCK:
        return _SQLITE_WRITE_LOCKS.setdefault(key, threading.RLock())


def _run(ctxt_mgr, writer, context, func, args, kwargs):
    if not writer:
        with ctxt_mgr.reader.using(context):
            return func(context, *args, **kwargs)
    lock = _write_lock_for(ctxt_mgr)
    if lock is None:
        with ctxt_mgr.writer.using(context):
            return func(context, *args, **kwargs)
    with lock:
        with ctxt_mgr.writer.using(context):
            return func(context, *args, **kwargs)


def _decorator(writer, api):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(context, *args, **kwargs):
            ctxt_mgr = (api_context_manager if api
                        else get_context_manager(context))
            return _run(ctxt_mgr, writer, context, func, args, kwargs)
        return wrapper
    return decorate


#: Run the decorated ``f(context, ...)`` in an API database transaction.
api_reader = _decorator(writer=False, api=True)
api_writer = _decorator(writer=True, api=True)
#: Run the decorated ``f(context, ...)`` in a transaction of the cell the
#: context targets.
cell_reader = _decorator(writer=False, api=False)
cell_writer = _decorator(writer=True, api=False)


def install_default_sqlite_hooks():
    """Tune the default API/cell engines when they are SQLite files."""
    if _is_sqlite(CONF.database.connection):
        _install_sqlite_hooks(main_context_manager,
                              CONF.database.connection)
    if _is_sqlite(CONF.api_database.connection):
        _install_sqlite_hooks(api_context_manager,
                              CONF.api_database.connection)
