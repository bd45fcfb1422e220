"""KeyPair: a user's SSH or x509 public key (API database).

The API table has no soft-delete columns; ``deleted`` is always False.
"""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

_KP = api_models.KeyPair
KEYPAIR_TYPE_SSH = 'ssh'
KEYPAIR_TYPE_X509 = 'x509'


class KeyPairType(fields.Enum):
    ALL = (KEYPAIR_TYPE_SSH, KEYPAIR_TYPE_X509)

    def __init__(self):
        super().__init__(valid_values=KeyPairType.ALL)


class KeyPairTypeField(fields.BaseEnumField):
    AUTO_TYPE = KeyPairType()


@db_api.api_reader
def _get(context, user_id, name):
    row = context.session.query(_KP).filter_by(user_id=user_id,
                                               name=name).first()
    if row is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return row


@db_api.api_reader
def _get_by_user(context, user_id, limit, marker):
    query = context.session.query(_KP).filter_by(user_id=user_id)
    marker_row = None
    if marker is not None:
        marker_row = context.session.query(_KP).filter_by(
            user_id=user_id, name=marker).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    return sqlalchemyutils.paginate_query(
        query, _KP, limit, ['name', 'id'], marker=marker_row,
        sort_dir='asc').all()


@db_api.api_reader
def _count_by_user(context, user_id):
    return context.session.query(sa.func.count(_KP.id)).filter_by(
        user_id=user_id).scalar()


@db_api.api_writer
def _create(context, values):
    row = _KP(**values)
    context.session.add(row)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.KeyPairExists(key_name=values['name'])
    return row


@db_api.api_writer
def _destroy(context, user_id, name):
    if not context.session.query(_KP).filter_by(
            user_id=user_id, name=name).delete(synchronize_session=False):
        raise exception.KeypairNotFound(user_id=user_id, name=name)


@base.NovaObjectRegistry.register
class KeyPair(base.NovaPersistentObject, base.NovaObject):
    """A named public key of a user.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(nullable=False),
        'user_id': fields.StringField(nullable=True),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': KeyPairTypeField(nullable=False),
    }

    @classmethod
    def _from_db(cls, context, row):
        keypair = base.obj_from_db(context, cls, row,
                                   skip=('deleted', 'deleted_at'))
        keypair.deleted = False
        keypair.deleted_at = None
        keypair.obj_reset_changes()
        return keypair

    @base.remotable_classmethod
    def get_by_name(cls, context, user_id, name):
        """The key pair ``name`` of ``user_id``; KeypairNotFound."""
        return cls._from_db(context, _get(context, user_id, name))

    @base.remotable_classmethod
    def destroy_by_name(cls, context, user_id, name):
        """Delete the key pair ``name`` of ``user_id``; KeypairNotFound."""
        _destroy(context, user_id, name)

    @base.remotable
    def create(self):
        """Store the key pair; KeyPairExists if the name is taken."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = {k: v for k, v in self.obj_get_changes().items()
                  if k in ('name', 'user_id', 'fingerprint', 'public_key',
                           'type')}
        values.setdefault('type', KEYPAIR_TYPE_SSH)
        row = _create(self._context, values)
        fresh = self._from_db(self._context, row)
        for name in self.fields:
            setattr(self, name, getattr(fresh, name))
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        """Delete this key pair."""
        _destroy(self._context, self.user_id, self.name)


@base.NovaObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @base.remotable_classmethod
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        """Key pairs of ``user_id`` by name; ``marker`` is a key name."""
        objs = [KeyPair._from_db(context, row) for row in
                _get_by_user(context, user_id, limit, marker)]
        return cls(context, objects=objs)

    @base.remotable_classmethod
    def get_count_by_user(cls, context, user_id):
        """How many key pairs ``user_id`` has."""
        return _count_by_user(context, user_id)
