"""Envelope of a versioned notification and the code that emits it.

Notification objects are versioned objects (namespace ``nova``, as
upstream's, so consumers written for Nova read them) but they are not in
the RPC object registry: nothing ever deserialises them inside the
services. Their fingerprints are pinned by
``nova_rocky/tests/unit/notifications/test_objects.py``.
"""

from oslo_log import log as logging
from oslo_versionedobjects import base as ovo_base

from nova_rocky import conf
from nova_rocky.objects import fields

CONF = conf.CONF
LOG = logging.getLogger(__name__)

PHASES = ('start', 'end', 'error')


def notification_object(cls):
    """Class decorator: give ``cls`` its field properties.

    ovo builds the attribute properties of a class when it is registered;
    notification objects stay out of the RPC registry (their fingerprints
    are pinned apart), so they get the same treatment here.
    """
    ovo_base._make_class_properties(cls)
    return cls


class NotificationObject(ovo_base.VersionedObject):
    """Base of every notification object (not registered for RPC)."""

    OBJ_SERIAL_NAMESPACE = 'nova_object'
    OBJ_PROJECT_NAMESPACE = 'nova'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Every field is sent, set or not: a consumer sees null rather
        # than a missing key.
        for name, field in self.fields.items():
            if not self.obj_attr_is_set(name) and field.nullable:
                setattr(self, name, None)


@notification_object
class EventType(NotificationObject):
    """``<object>.<action>[.<phase>]``.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    fields = {
        'object': fields.StringField(),
        'action': fields.StringField(),
        'phase': fields.StringField(nullable=True),
    }

    def to_notification_event_type_field(self):
        parts = [self.object, self.action]
        if self.phase:
            parts.append(self.phase)
        return '.'.join(parts)


@notification_object
class NotificationPublisher(NotificationObject):
    """Who sends: ``<source>:<host>`` (source ``nova-compute`` ...).

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    fields = {
        'host': fields.StringField(nullable=False),
        'source': fields.StringField(nullable=False),
    }

    @property
    def publisher_id(self):
        return '%s:%s' % (self.source, self.host)


class NotificationPayloadBase(NotificationObject):
    """Base of payloads: a payload copies fields from source objects.

    ``SCHEMA`` maps a payload field to ``(source name, attribute)``;
    ``populate_schema(instance=...)`` copies them.
    """

    SCHEMA = {}

    def populate_schema(self, **sources):
        for name, (source_name, attr) in self.SCHEMA.items():
            source = sources[source_name]
            if source.obj_attr_is_set(attr) or attr in getattr(
                    source, 'obj_extra_fields', []):
                value = getattr(source, attr)
            else:
                value = None
            if value is None and not self.fields[name].nullable:
                continue
            setattr(self, name, value)


def _versioned_notifier(publisher_id):
    from nova_rocky import rpc
    return rpc.get_versioned_notifier(publisher_id)


def emit(context, event_type, publisher, payload, priority='INFO'):
    """Send a notification; a failure to send is logged, never raised.

    Announcing is secondary to the work it announces: a broken message
    bus must not fail a reboot.
    """
    if CONF.notifications.notification_format == 'unversioned':
        return
    notifier = _versioned_notifier(publisher.publisher_id)
    if notifier is None:
        return
    method = getattr(notifier, priority.lower(), notifier.info)
    # Consumers get the data alone, as upstream sends it.
    payload.obj_reset_changes(recursive=True)
    try:
        method(context, event_type.to_notification_event_type_field(),
               payload.obj_to_primitive())
    except Exception:
        LOG.exception('Could not send notification %s',
                      event_type.to_notification_event_type_field())
