"""Is a service up? The database heartbeat answer.

Every service writes ``last_seen_up`` into its services row each
``[DEFAULT]report_interval`` seconds (``Service.heartbeat``). A service is
*up* when that heartbeat (or, for a row that never beat, its
``updated_at`` / ``created_at``) is at most ``[DEFAULT]service_down_time``
seconds old and an operator has not marked it ``forced_down``.

os-services, os-hypervisors and os-availability-zone report this state;
the scheduler uses the same rule to skip dead computes.
"""

from oslo_utils import timeutils

import nova_rocky.conf

CONF = nova_rocky.conf.CONF


def _field(service, name):
    """``service.<name>`` for an object or a dict; None when unset."""
    if isinstance(service, dict):
        return service.get(name)
    if hasattr(service, 'obj_attr_is_set') and \
            not service.obj_attr_is_set(name):
        return None
    return getattr(service, name, None)


def last_heartbeat(service):
    """When the service was last known alive (a naive UTC datetime)."""
    for name in ('last_seen_up', 'updated_at', 'created_at'):
        value = _field(service, name)
        if value is None:
            continue
        if isinstance(value, str):
            value = timeutils.parse_isotime(value)
        return timeutils.normalize_time(value)
    return None


def is_up(service):
    """True when ``service`` (object or dict) reported in time."""
    if _field(service, 'forced_down'):
        return False
    heartbeat = last_heartbeat(service)
    if heartbeat is None:
        return False
    elapsed = timeutils.delta_seconds(heartbeat, timeutils.utcnow())
    # NOTE: abs() so that a clock slightly ahead of ours does not make a
    # live service look dead, as upstream's DB driver does.
    return abs(elapsed) <= CONF.service_down_time
