"""Scheduling and placement exceptions."""

from nova_rocky.exception.base import NovaException


class NoValidHost(NovaException):
    msg_fmt = 'No valid host was found. %(reason)s'


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class PlacementAPIConnectFailure(NovaException):
    msg_fmt = 'Unable to communicate with the Placement API: %(reason)s'
    code = 503


class ResourceProviderUpdateFailed(NovaException):
    msg_fmt = ('Failed to update resource provider %(uuid)s via URL '
               '%(url)s: %(error)s')


class AllocationUpdateFailed(NovaException):
    msg_fmt = ('Failed to update allocations for consumer %(consumer_uuid)s. '
               'Error: %(error)s')


class PlacementAPIError(NovaException):
    msg_fmt = ('Placement answered %(status)s to %(method)s %(url)s: '
               '%(error)s')


class ResourceProviderCreationFailed(NovaException):
    msg_fmt = 'Failed to create resource provider %(name)s: %(error)s'


class ResourceProviderUpdateConflict(ResourceProviderUpdateFailed):
    msg_fmt = ('Resource provider %(uuid)s changed concurrently twice in a '
               'row while updating %(url)s: %(error)s')


class ResourceProviderInUse(NovaException):
    msg_fmt = ('Resource provider %(uuid)s has allocations or children and '
               'cannot be deleted: %(error)s')


class InventoryInUse(NovaException):
    msg_fmt = ('Inventory of resource provider %(uuid)s cannot be changed: '
               'resources are allocated. %(error)s')


class TraitCreationFailed(NovaException):
    msg_fmt = 'Failed to create trait %(name)s: %(error)s'


class AllocationDeleteFailed(NovaException):
    msg_fmt = ('Failed to delete allocations for consumer %(consumer_uuid)s. '
               'Error: %(error)s')


class SchedulerFilterNotFound(NovaException):
    msg_fmt = ('Unknown scheduler %(kind)s %(name)s in %(option)s; known: '
               '%(known)s')


class AllocationMoveFailed(NovaException):
    msg_fmt = ('Failed to move allocations from consumer %(source_consumer)s '
               'to consumer %(target_consumer)s. Error: %(error)s')
