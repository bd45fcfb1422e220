"""[libvirt]enabled_perf_events: deprecated, and partly gone from Linux.

Setting the option logs a deprecation warning when the driver starts. The
Intel CMT/MBM events (cmt, mbml, mbmt) are refused with a warning naming
the kernel change, and never reach the domain XML: Linux 4.14 removed the
perf support they read and newer libvirt followed. Events this
libvirt-python does not know are skipped with a warning too.
"""

import libvirt
from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky.conf import libvirt as libvirt_conf

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Perf events need libvirt 2.0.0 (the <perf> element).
MIN_LIBVIRT_PERF_VERSION = (2, 0, 0)


def enabled_perf_events(host):
    """Validate the option at start; return the events guests get."""
    wanted = [e.strip() for e in CONF.libvirt.enabled_perf_events
              if e.strip()]
    if not wanted:
        return []
    LOG.warning('[libvirt]enabled_perf_events is deprecated for removal; '
                'collect these metrics with host monitoring instead '
                '(set: %s)', ', '.join(wanted))
    if not host.has_min_version(MIN_LIBVIRT_PERF_VERSION):
        LOG.warning('[libvirt]enabled_perf_events needs libvirt 2.0.0 or '
                    'newer; no perf events are enabled')
        return []
    events = []
    for name in wanted:
        if name in libvirt_conf.REMOVED_PERF_EVENTS:
            LOG.warning('[libvirt]enabled_perf_events: %s is refused: '
                        'Linux 4.14 removed the Intel CMT/MBM perf events '
                        '(cmt, mbml, mbmt) and libvirt dropped them after '
                        'it, so guests never get it', name)
        elif not hasattr(libvirt, 'VIR_PERF_PARAM_%s' % name.upper()):
            LOG.warning('[libvirt]enabled_perf_events: libvirt has no perf '
                        'event %s; skipped', name)
        elif name not in events:
            events.append(name)
    return events
