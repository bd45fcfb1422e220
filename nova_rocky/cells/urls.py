"""URLs of cell databases and message queues.

``cell0_database_url`` derives the cell0 database from the ``[database]``
one (nova-manage ``map_cell0``); ``mask_url`` hides the credentials of a
database or transport URL before it is printed or logged.
"""

import os
import re

from sqlalchemy.engine import url as sa_url

CELL0_SUFFIX = '_cell0'
MASK = '****'

# user:password@ in the authority of a URL; a transport URL may list
# several hosts separated by commas, each with its own credentials.
_CREDENTIALS = re.compile(r'(?P<lead>://|,)(?P<user>[^:@/,]*):[^@/,]*@')
# A secret passed as a query parameter (?password=..., &ssl_key_password=).
_QUERY_SECRET = re.compile(
    r'(?P<key>[?&][^=&]*(?:password|passwd|pwd|secret|token)[^=&]*=)[^&]*',
    re.IGNORECASE)


def cell0_database_url(connection):
    """The cell0 database URL that goes with the cell database URL.

    Same driver, server and credentials; the database name gets ``_cell0``
    appended (``nova`` -> ``nova_cell0``). An SQLite file keeps its
    extension: ``/var/lib/nova/nova.sqlite`` ->
    ``/var/lib/nova/nova_cell0.sqlite``. Raises ValueError when there is
    no database name to derive from (unset, in-memory SQLite).
    """
    if not connection:
        raise ValueError('[database]connection is not set')
    url = sa_url.make_url(connection)
    database = url.database
    if not database or database == ':memory:':
        raise ValueError('cannot derive a cell0 database from %s'
                         % mask_url(connection))
    if url.get_backend_name() == 'sqlite':
        root, ext = os.path.splitext(database)
        database = root + CELL0_SUFFIX + ext
    else:
        database = database + CELL0_SUFFIX
    # render_as_string keeps the password, quoting what needs quoting
    # (str(url) would replace it with "***").
    return url.set(database=database).render_as_string(hide_password=False)


def mask_url(url):
    """``url`` with every password replaced by ``****``.

    Covers ``scheme://user:pass@host`` (each host of a multi-host transport
    URL) and secrets passed as query parameters (``?password=...``).
    """
    if not url:
        return url
    masked = _CREDENTIALS.sub(
        lambda m: '%s%s:%s@' % (m.group('lead'), m.group('user'), MASK), url)
    # Not oslo.utils' mask_password: it is not URL aware and swallows the
    # query parameters that follow a password.
    return _QUERY_SECRET.sub(lambda m: m.group('key') + MASK, masked)
