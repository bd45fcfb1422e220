"""The embedded image catalog: Glance v2 images kept in the API database.

Used by the ``local`` image backend (``[glance]backend = local``) of the
all-in-one mode. The tables mirror what Glance v2 shows of an image: base
attributes as columns, custom properties as name/value rows, and tags.
Image data lives in files, not in the database (see
``nova_rocky.image.local``).
"""

from sqlalchemy import (BigInteger, Boolean, Column, ForeignKey, Index,
                        Integer, String, Text, UniqueConstraint, orm)

from nova_rocky.db.models.api import BASE
from nova_rocky.db.models.base import NovaBase


class Image(BASE, NovaBase):
    """One image record (Glance v2 base attributes)."""
    __tablename__ = 'images'
    __table_args__ = (
        Index('images_owner_idx', 'owner'),
        Index('images_visibility_idx', 'visibility'),
    )
    id = Column(String(36), primary_key=True)
    name = Column(String(255))
    # queued|saving|active|killed|deleted|deactivated
    status = Column(String(30), nullable=False)
    # public|private|shared|community
    visibility = Column(String(20), nullable=False)
    protected = Column(Boolean, nullable=False, default=False)
    owner = Column(String(255))
    container_format = Column(String(32))
    disk_format = Column(String(32))
    size = Column(BigInteger)
    virtual_size = Column(BigInteger)
    checksum = Column(String(32))
    os_hash_algo = Column(String(64))
    os_hash_value = Column(String(128))
    min_ram = Column(Integer, nullable=False, default=0)
    min_disk = Column(Integer, nullable=False, default=0)
    properties = orm.relationship('ImageProperty', lazy='selectin',
                                  cascade='all, delete-orphan')
    tags = orm.relationship('ImageTag', lazy='selectin',
                            cascade='all, delete-orphan')


class ImageProperty(BASE, NovaBase):
    """A custom property of an image (a string value, as in Glance v2)."""
    __tablename__ = 'image_properties'
    __table_args__ = (
        UniqueConstraint('image_id', 'name',
                         name='uniq_image_properties0image_id0name'),
    )
    id = Column(Integer, primary_key=True)
    image_id = Column(String(36), ForeignKey('images.id'), nullable=False)
    name = Column(String(255), nullable=False)
    value = Column(Text)


class ImageTag(BASE, NovaBase):
    """A tag of an image."""
    __tablename__ = 'image_tags'
    __table_args__ = (
        UniqueConstraint('image_id', 'value',
                         name='uniq_image_tags0image_id0value'),
    )
    id = Column(Integer, primary_key=True)
    image_id = Column(String(36), ForeignKey('images.id'), nullable=False)
    value = Column(String(255), nullable=False)
