"""Server groups and host aggregates."""

from nova_rocky.exception.base import (Conflict, Invalid, NotFound)
from nova_rocky.exception.compute import QuotaError


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class GroupMemberQuotaExceeded(QuotaError):
    msg_fmt = ('Quota exceeded, too many servers in group %(group_uuid)s '
               '(limit %(limit)s).')


class ServerGroupQuotaExceeded(QuotaError):
    msg_fmt = 'Quota exceeded, too many server groups.'


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class AggregateMetadataNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no metadata with key %(key)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = ('Unacceptable parameters: cannot %(action)s aggregate '
               '%(aggregate_id)s. Reason: %(reason)s.')


class InvalidTraitName(Invalid):
    msg_fmt = ('Invalid extra spec %(key)s: %(trait)s is neither a standard '
               'trait nor a CUSTOM_ one.')


class AggregateHostConflict(Conflict):
    msg_fmt = ('Cannot add host %(host)s to aggregate %(aggregate_id)s: it '
               'is in availability zone %(zone)s already.')
