"""Shared model helpers."""

from oslo_db.sqlalchemy import models
from sqlalchemy import Column, DateTime, Integer
from sqlalchemy.dialects import mysql
from sqlalchemy import Text
from oslo_utils import timeutils


def MediumText():
    """Text that holds serialized objects; MEDIUMTEXT on MySQL."""
    return Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


class NovaBase(models.TimestampMixin, models.ModelBase):
    """Base of every table: created_at/updated_at columns, dict access."""

    def save(self, session=None):
        raise NotImplementedError('Use the object layer to save rows.')


class SoftDeleteMixin(object):
    """Rows are soft-deleted: ``deleted`` holds the row id, 0 when live."""
    deleted_at = Column(DateTime)
    deleted = Column(Integer, default=0, nullable=False)

    def soft_delete_values(self):
        return {'deleted': self.id, 'deleted_at': timeutils.utcnow()}
