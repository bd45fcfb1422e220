"""ComputeCapabilitiesFilter: flavor ``capabilities:`` extra specs."""

from oslo_log import log as logging
from oslo_serialization import jsonutils

from nova_rocky.scheduler import filters
from nova_rocky.scheduler.filters import extra_specs_ops

LOG = logging.getLogger(__name__)
SCOPE = 'capabilities'


def _lookup(host_state, path):
    """The host value at ``path`` (e.g. ['cpu_info', 'arch']) or None.

    The first name is a HostState attribute, or else a key of its
    ``stats``; later names go into dicts (JSON text is decoded first, as
    ``cpu_info`` is stored as JSON).
    """
    value = host_state
    for index, name in enumerate(path):
        if isinstance(value, str):
            try:
                value = jsonutils.loads(value)
            except ValueError:
                return None
        if index == 0:
            found = getattr(value, name, None)
            value = found if found is not None else (
                host_state.stats or {}).get(name)
        elif isinstance(value, dict):
            value = value.get(name)
        else:
            return None
        if value is None:
            return None
    return value


class ComputeCapabilitiesFilter(filters.BaseHostFilter):
    """Pass hosts whose capabilities satisfy ``capabilities:*`` specs.

    ``capabilities:hypervisor_type=s== kvm``, ``capabilities:cpu_info:arch
    =x86_64``, ``capabilities:stats:foo=<in> bar``. Keys of other scopes
    (``hw:``, ``resources:``, ``trait:``...) are not this filter's.
    Upstream also checks unscoped keys (a deprecated habit that breaks on
    keys such as ``group_policy``); nova_rocky checks only scoped ones.
    """

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        extra_specs = getattr(spec_obj.flavor, 'extra_specs', None) or {}
        for key, requirement in extra_specs.items():
            scope = key.split(':')
            if len(scope) < 2 or scope[0] != SCOPE:
                continue
            value = _lookup(host_state, scope[1:])
            if value is None or not extra_specs_ops.match(value,
                                                          requirement):
                LOG.debug('%s fails extra spec %s=%s (has %r)', host_state,
                          key, requirement, value)
                return False
        return True
