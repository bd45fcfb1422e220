"""What flows call to announce an instance action.

``send(context, instance, host, 'reboot', 'start')`` sends
``instance.reboot.start`` with an InstanceActionPayload; ``fault`` (an
exception) fills the payload's fault and makes it an ERROR. Sending is
best effort and never raises (``base.emit``).
"""

from nova_rocky.notifications import base
from nova_rocky.notifications import payloads

# Actions whose payload is the rebuild payload.
REBUILD_ACTIONS = ('rebuild', 'evacuate', 'rebuild_scheduled')

# Every notification the services send, each with a sample under
# doc/notification_samples/<event_type>.json that a test checks.
_PHASED = ('create', 'delete', 'reboot', 'power_off', 'power_on', 'pause',
           'unpause', 'suspend', 'resume', 'soft_delete', 'restore',
           'rebuild')
EMITTED = tuple(sorted(
    ['instance.%s.%s' % (action, phase) for action in _PHASED
     for phase in ('start', 'end')] +
    ['instance.%s.error' % action for action in ('create', 'reboot',
                                                 'power_off', 'power_on',
                                                 'rebuild')] +
    ['instance.evacuate', 'instance.lock', 'instance.unlock']))


def build(context, instance, host, action, phase=None, fault=None,
          source='nova-compute'):
    """The InstanceActionNotification for ``instance.<action>[.<phase>]``."""
    exc_payload = (payloads.ExceptionPayload.from_exception(fault)
                   if fault is not None else None)
    payload_cls = (payloads.InstanceActionRebuildPayload
                   if action in REBUILD_ACTIONS
                   else payloads.InstanceActionPayload)
    payload = payload_cls(context, instance, fault=exc_payload)
    priority = 'ERROR' if phase == 'error' else base.CONF.notifications \
        .default_level
    return payloads.InstanceActionNotification(
        priority=priority,
        event_type=base.EventType(object='instance', action=action,
                                  phase=phase),
        publisher=base.NotificationPublisher(host=host or base.CONF.host,
                                             source=source),
        payload=payload)


def send(context, instance, host, action, phase=None, fault=None,
         source='nova-compute'):
    """Build and emit ``instance.<action>[.<phase>]`` (never raises)."""
    try:
        notification = build(context, instance, host, action, phase, fault,
                             source)
    except Exception:
        base.LOG.exception('Could not build notification instance.%s.%s',
                           action, phase)
        return
    base.emit(context, notification.event_type, notification.publisher,
              notification.payload, priority=notification.priority)
