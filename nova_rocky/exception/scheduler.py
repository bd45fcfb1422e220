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
