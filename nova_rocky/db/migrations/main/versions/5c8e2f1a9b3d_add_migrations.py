"""add migrations (moves of instances between hosts)

Revision ID: 5c8e2f1a9b3d
Revises: 1aa53a028522
Create Date: 2026-12-01 21:30:00.000000
"""

from alembic import op
import sqlalchemy as sa

revision = '5c8e2f1a9b3d'
down_revision = '1aa53a028522'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=True),
        sa.Column('source_compute', sa.String(length=255), nullable=True),
        sa.Column('dest_compute', sa.String(length=255), nullable=True),
        sa.Column('source_node', sa.String(length=255), nullable=True),
        sa.Column('dest_node', sa.String(length=255), nullable=True),
        sa.Column('dest_host', sa.String(length=255), nullable=True),
        sa.Column('old_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('new_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=True),
        sa.Column('migration_type',
                  sa.Enum('migration', 'resize', 'live-migration',
                          'evacuation', name='migration_type'),
                  nullable=True),
        sa.Column('hidden', sa.Boolean(), nullable=True),
        sa.Column('memory_total', sa.BigInteger(), nullable=True),
        sa.Column('memory_processed', sa.BigInteger(), nullable=True),
        sa.Column('memory_remaining', sa.BigInteger(), nullable=True),
        sa.Column('disk_total', sa.BigInteger(), nullable=True),
        sa.Column('disk_processed', sa.BigInteger(), nullable=True),
        sa.Column('disk_remaining', sa.BigInteger(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['instance_uuid'], ['instances.uuid'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid', name='uniq_migrations0uuid'),
    )
    with op.batch_alter_table('migrations', schema=None) as batch_op:
        batch_op.create_index('migrations_instance_uuid_and_status_idx',
                              ['deleted', 'instance_uuid', 'status'],
                              unique=False)
        # Key prefixes keep the index within InnoDB's 3072 bytes.
        batch_op.create_index('migrations_by_host_nodes_and_status_idx',
                              ['deleted', 'source_compute', 'dest_compute',
                               'source_node', 'dest_node', 'status'],
                              unique=False, mysql_length={
                                  'source_compute': 100,
                                  'dest_compute': 100, 'source_node': 100,
                                  'dest_node': 100, 'status': 100})
        batch_op.create_index('migrations_updated_at_idx', ['updated_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('migrations', schema=None) as batch_op:
        batch_op.drop_index('migrations_updated_at_idx')
        batch_op.drop_index('migrations_by_host_nodes_and_status_idx')
        batch_op.drop_index('migrations_instance_uuid_and_status_idx')
    op.drop_table('migrations')
    sa.Enum(name='migration_type').drop(op.get_bind(), checkfirst=True)
