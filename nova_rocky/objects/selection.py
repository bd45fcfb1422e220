"""Selection: one destination (or alternate) the scheduler picked."""

from oslo_serialization import jsonutils

from nova_rocky.objects import base
from nova_rocky.objects import fields


@base.NovaObjectRegistry.register
class Selection(base.NovaObject):
    """A compute node chosen for an instance, with its placement claim.

    ``allocation_request`` is the JSON text of the placement allocation
    request used to claim on this node (None when none was made).

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'compute_node_uuid': fields.UUIDField(),
        'service_host': fields.StringField(),
        'nodename': fields.StringField(),
        'cell_uuid': fields.UUIDField(),
        'limits': fields.DictOfNullableStringsField(nullable=True),
        'allocation_request': fields.StringField(nullable=True),
        'allocation_request_version': fields.StringField(nullable=True),
    }

    @classmethod
    def from_candidate(cls, compute_node_uuid, service_host, nodename,
                       cell_uuid, allocation_request=None,
                       allocation_request_version=None, limits=None):
        """A Selection from explicit values.

        ``allocation_request`` may be a dict (it is JSON-encoded) or text.
        """
        if allocation_request is not None and not isinstance(
                allocation_request, str):
            allocation_request = jsonutils.dumps(allocation_request)
        return cls(compute_node_uuid=compute_node_uuid,
                   service_host=service_host, nodename=nodename,
                   cell_uuid=cell_uuid, limits=limits,
                   allocation_request=allocation_request,
                   allocation_request_version=allocation_request_version)

    @classmethod
    def from_host_state(cls, host_state, allocation_request=None,
                        allocation_request_version=None):
        """A Selection from a scheduler HostState-like object.

        Reads ``uuid``, ``host``, ``nodename``, ``cell_uuid`` and (when
        present) ``limits`` from ``host_state``.
        """
        limits = getattr(host_state, 'limits', None) or None
        return cls.from_candidate(
            host_state.uuid, host_state.host, host_state.nodename,
            host_state.cell_uuid, allocation_request=allocation_request,
            allocation_request_version=allocation_request_version,
            limits=limits)

    def get_allocation_request(self):
        """The allocation request as a dict, or None."""
        if not self.allocation_request:
            return None
        return jsonutils.loads(self.allocation_request)

    def to_dict(self):
        """The legacy host dict: host, nodename and limits."""
        return {'host': self.service_host, 'nodename': self.nodename,
                'limits': dict(self.limits or {})}
