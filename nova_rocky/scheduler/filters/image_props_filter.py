"""ImagePropertiesFilter: hosts that can run the image's guest type."""

import re

from oslo_log import log as logging
from oslo_utils import versionutils

from nova_rocky.scheduler import filters

LOG = logging.getLogger(__name__)

_PREDICATE = re.compile(r'^\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)*)\s*$')
_COMPARE = {
    '<': lambda a, b: a < b, '<=': lambda a, b: a <= b,
    '>': lambda a, b: a > b, '>=': lambda a, b: a >= b,
    '==': lambda a, b: a == b, '!=': lambda a, b: a != b,
}


def _as_tuple(text):
    parts = [int(p) for p in text.split('.')]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def version_satisfies(version, predicate):
    """True if ``version`` ('6.1.0') meets ``predicate`` ('>=6.0,<7').

    Comma-separated conditions must all hold (the distutils
    VersionPredicate form upstream uses). A malformed predicate matches
    nothing.
    """
    have = _as_tuple(version)
    for condition in str(predicate).strip().strip('()').split(','):
        match = _PREDICATE.match(condition)
        if not match:
            return False
        op, wanted = match.groups()
        if not _COMPARE[op](have, _as_tuple(wanted)):
            return False
    return True


class ImagePropertiesFilter(filters.BaseHostFilter):
    """Pass hosts whose ``supported_instances`` list an (architecture,
    hypervisor type, vm mode) matching the image's ``hw_architecture``,
    ``img_hv_type`` and ``hw_vm_mode``; and whose hypervisor version meets
    ``img_hv_requested_version``.

    As upstream, an image that sets none of the three properties passes
    every host (the version is then not checked either), and a host that
    advertises nothing fails any image that sets one.
    """

    # A rebuild with a new image must still fit the host.
    RUN_ON_REBUILD = True

    @staticmethod
    def _props(spec_obj):
        image = spec_obj.image if spec_obj.obj_attr_is_set('image') else None
        if image is None or not image.obj_attr_is_set('properties'):
            return None
        return image.properties

    def host_passes(self, host_state, spec_obj):
        props = self._props(spec_obj)
        if props is None:
            return True
        wanted = [props.get('hw_architecture'), props.get('img_hv_type'),
                  props.get('hw_vm_mode')]
        wanted = [str(w).lower() if w else None for w in wanted]
        if not any(wanted):
            return True
        supported = host_state.supported_instances or []
        version_req = props.get('img_hv_requested_version')
        for entry in supported:
            entry = [str(item).lower() for item in entry]
            if all(w is None or w in entry for w in wanted) and \
                    self._version_ok(host_state, version_req):
                return True
        LOG.debug('%s does not support image properties %s (supports %s)',
                  host_state, wanted, supported)
        return False

    @staticmethod
    def _version_ok(host_state, version_req):
        if not (version_req and host_state.hypervisor_version):
            return True
        have = versionutils.convert_version_to_str(
            host_state.hypervisor_version)
        return version_satisfies(have, version_req)
