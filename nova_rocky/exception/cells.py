"""Database, cell and mapping exceptions."""

from nova_rocky.exception.base import NotFound, NovaException, Conflict


class CellMappingNotFound(NotFound):
    msg_fmt = 'Cell %(uuid)s has no mapping.'


class HostMappingNotFound(NotFound):
    msg_fmt = 'Host %(name)s is not mapped to any cell.'


class InstanceMappingNotFound(NotFound):
    msg_fmt = 'Instance %(uuid)s has no mapping to a cell.'


class DatabaseUnreachable(NovaException):
    msg_fmt = 'Cannot reach the %(which)s database at %(url)s: %(reason)s'


class DBNotSynced(NovaException):
    msg_fmt = ('The %(which)s database is not at the current schema; run '
               '"%(command)s".')


class ObjectActionError(NovaException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


class OrphanedObjectError(NovaException):
    msg_fmt = 'Cannot call %(method)s on orphaned %(objtype)s object'


class DuplicateRecord(Conflict):
    msg_fmt = '%(what)s already exists.'
