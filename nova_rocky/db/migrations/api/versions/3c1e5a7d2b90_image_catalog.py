"""embedded image catalog

Revision ID: 3c1e5a7d2b90
Revises: 9f444ed1b6d8
Create Date: 2026-11-25 12:00:00.000000

The ``images``, ``image_properties`` and ``image_tags`` tables of the
local image backend (Glance v2 images kept in the API database).
"""

from alembic import op
import sqlalchemy as sa

revision = '3c1e5a7d2b90'
down_revision = '9f444ed1b6d8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'images',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('visibility', sa.String(length=20), nullable=False),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.Column('owner', sa.String(length=255), nullable=True),
        sa.Column('container_format', sa.String(length=32), nullable=True),
        sa.Column('disk_format', sa.String(length=32), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('virtual_size', sa.BigInteger(), nullable=True),
        sa.Column('checksum', sa.String(length=32), nullable=True),
        sa.Column('os_hash_algo', sa.String(length=64), nullable=True),
        sa.Column('os_hash_value', sa.String(length=128), nullable=True),
        sa.Column('min_ram', sa.Integer(), nullable=False),
        sa.Column('min_disk', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('images_owner_idx', 'images', ['owner'], unique=False)
    op.create_index('images_visibility_idx', 'images', ['visibility'],
                    unique=False)

    op.create_table(
        'image_properties',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('value', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['image_id'], ['images.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'),
    )

    op.create_table(
        'image_tags',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.String(length=36), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'),
    )


def downgrade():
    op.drop_table('image_tags')
    op.drop_table('image_properties')
    op.drop_index('images_visibility_idx', table_name='images')
    op.drop_index('images_owner_idx', table_name='images')
    op.drop_table('images')
