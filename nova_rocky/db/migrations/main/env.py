"""Alembic environment of the main database tree."""

from alembic import context

from nova_rocky.db.models import main as models

target_metadata = models.BASE.metadata


def run_migrations_online():
    connection = context.config.attributes['connection']
    context.configure(connection=connection,
                      target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
