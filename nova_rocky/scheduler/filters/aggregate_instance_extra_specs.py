"""AggregateInstanceExtraSpecsFilter: flavor extra specs vs aggregate
metadata."""

from oslo_log import log as logging

from nova_rocky.scheduler.filters import extra_specs_ops
from nova_rocky.scheduler import filters

LOG = logging.getLogger(__name__)

SCOPE = 'aggregate_instance_extra_specs'


def aggregate_metadata(host_state):
    """{key: set(values)} over the host's aggregates; a comma-separated
    value counts as several values, as upstream."""
    metadata = {}
    for aggregate in host_state.aggregates:
        for key, value in (aggregate.metadata or {}).items():
            metadata.setdefault(key, set()).update(
                v.strip() for v in value.split(','))
    return metadata


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    """Pass hosts whose aggregates' metadata matches every unscoped or
    ``aggregate_instance_extra_specs:``-scoped flavor extra spec (with the
    ``extra_specs_ops`` operators: ``<or>``, ``>=``, ``s==``...)."""

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        extra_specs = getattr(spec_obj.flavor, 'extra_specs', None) or {}
        if not extra_specs:
            return True
        metadata = None
        for key, wanted in extra_specs.items():
            scope, sep, name = key.partition(':')
            if sep:
                if scope != SCOPE:
                    continue
                key = name
            if metadata is None:
                metadata = aggregate_metadata(host_state)
            values = metadata.get(key)
            if not values or not any(extra_specs_ops.match(v, wanted)
                                     for v in values):
                LOG.debug('%s fails extra spec %s=%s (aggregates have %s)',
                          host_state, key, wanted, values)
                return False
        return True
