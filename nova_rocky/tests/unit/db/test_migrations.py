"""The migrated schema matches the models, on every supported backend."""

import tempfile

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa
import testtools

from nova_rocky.db import migration
from nova_rocky.db.models import api as api_models
from nova_rocky.db.models import main as main_models
from nova_rocky.tests.fixtures import backends

METADATA = {'api': api_models.BASE.metadata,
            'main': main_models.BASE.metadata}


def _schema_differences(url, database):
    migration.db_sync(database, url)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = alembic_migration.MigrationContext.configure(
                conn, opts={'compare_type': True,
                            'compare_server_default': False})
            diff = autogenerate.compare_metadata(ctx, METADATA[database])
    finally:
        engine.dispose()
    return diff


class _MigrationsMatchModels(object):

    def _url(self):
        raise NotImplementedError

    def _check(self, database):
        url = self._url()
        diff = _schema_differences(url, database)
        self.assertEqual([], diff,
                         'models and migrations of the %s database differ'
                         % database)
        self.assertEqual(migration.head_version(database),
                         migration.db_version(database, url))

    def test_api_database(self):
        self._check('api')

    def test_cell_database(self):
        self._check('main')

    def test_sync_is_idempotent(self):
        url = self._url()
        migration.db_sync('main', url)
        migration.db_sync('main', url)
        self.assertTrue(migration.is_synced('main', url))


class TestMigrationsSQLite(_MigrationsMatchModels, testtools.TestCase):

    def _url(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(__import__('shutil').rmtree, tmp, True)
        return 'sqlite:///%s/test.db' % tmp


class TestMigrationsMySQL(_MigrationsMatchModels, testtools.TestCase):

    def _url(self):
        return backends.scratch_database(
            self, backends.mysql_server_url(), 'MariaDB').url


class TestMigrationsPostgreSQL(_MigrationsMatchModels, testtools.TestCase):

    def _url(self):
        return backends.scratch_database(
            self, backends.postgres_server_url(), 'PostgreSQL').url
