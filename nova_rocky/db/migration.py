"""Schema migrations of the API and cell databases (alembic).

``db_sync`` brings a database to the newest revision (or a given one);
``db_version`` tells where it is. Both take a connection URL so nova-manage
can migrate any cell, not only the one in [database].
"""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script
import sqlalchemy as sa

from nova_rocky import conf

CONF = conf.CONF
_MIGRATIONS = os.path.join(os.path.dirname(__file__), 'migrations')
DATABASES = ('api', 'main')


def _config(database):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', os.path.join(_MIGRATIONS,
                                                        database))
    return cfg


def _default_url(database):
    return (CONF.api_database.connection if database == 'api'
            else CONF.database.connection)


def db_sync(database='main', url=None, version=None):
    """Upgrade ``database`` ('api' or 'main') at ``url`` to ``version``."""
    url = url or _default_url(database)
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            cfg = _config(database)
            cfg.attributes['connection'] = connection
            alembic_command.upgrade(cfg, version or 'heads')
    finally:
        engine.dispose()


def db_version(database='main', url=None):
    """The current alembic revision of the database, None when empty."""
    url = url or _default_url(database)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            ctx = alembic_migration.MigrationContext.configure(connection)
            return ctx.get_current_revision()
    finally:
        engine.dispose()


def head_version(database='main'):
    """The newest revision the code knows for ``database``."""
    script = alembic_script.ScriptDirectory.from_config(_config(database))
    return script.get_current_head()


def is_synced(database='main', url=None):
    return db_version(database, url) == head_version(database)
