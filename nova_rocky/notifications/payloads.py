"""Payload objects of the instance notifications.

The shapes and versions are upstream Rocky's (nova/notifications/objects/
instance.py, flavor.py, exception.py) so that consumers written for Nova
read them unchanged: InstanceActionPayload 1.7 carries ``request_id``
(upstream 1.6) and the action initiator (1.7). Block devices are never
included (upstream's ``bdms_in_notifications`` default) and, without a
networking service, ``ip_addresses`` is always empty.
"""

import inspect
import traceback

from nova_rocky.notifications import base
from nova_rocky.objects import fields
from nova_rocky.virt import power_state


@base.notification_object
class FlavorPayload(base.NotificationPayloadBase):
    """The flavor of an instance.

    Version 1.4: upstream's Rocky shape (projects, extra_specs)
    """
    VERSION = '1.4'
    SCHEMA = {name: ('flavor', name) for name in (
        'flavorid', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb', 'name',
        'description', 'swap', 'rxtx_factor', 'vcpu_weight', 'disabled',
        'is_public', 'extra_specs', 'projects')}
    fields = {
        'flavorid': fields.StringField(nullable=True),
        'memory_mb': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(nullable=True),
        'root_gb': fields.IntegerField(nullable=True),
        'ephemeral_gb': fields.IntegerField(nullable=True),
        'name': fields.StringField(nullable=True),
        'description': fields.StringField(nullable=True),
        'swap': fields.IntegerField(nullable=True),
        'rxtx_factor': fields.FloatField(nullable=True),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(nullable=True),
        'is_public': fields.BooleanField(nullable=True),
        'extra_specs': fields.DictOfStringsField(nullable=True),
        'projects': fields.ListOfStringsField(nullable=True),
    }


@base.notification_object
class IpPayload(base.NotificationPayloadBase):
    """One fixed IP of an instance.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    fields = {
        'label': fields.StringField(nullable=True),
        'mac': fields.StringField(nullable=True),
        'meta': fields.DictOfStringsField(nullable=True),
        'port_uuid': fields.UUIDField(nullable=True),
        'version': fields.IntegerField(nullable=True),
        'address': fields.StringField(nullable=True),
        'device_name': fields.StringField(nullable=True),
    }


@base.notification_object
class ExceptionPayload(base.NotificationPayloadBase):
    """Why an action failed (the ``fault`` of an .error notification).

    Version 1.1: upstream's shape (with traceback)
    """
    VERSION = '1.1'
    fields = {
        'module_name': fields.StringField(),
        'function_name': fields.StringField(),
        'exception': fields.StringField(),
        'exception_message': fields.StringField(),
        'traceback': fields.StringField(nullable=True),
    }

    @classmethod
    def from_exception(cls, exc):
        frames = traceback.extract_tb(exc.__traceback__) \
            if exc.__traceback__ is not None else []
        exc_class = exc.__class__
        # oslo.messaging re-raises a remote failure as a subclass named
        # <Name>_Remote; consumers want the real exception's name.
        if exc_class.__name__.endswith('_Remote') and exc_class.__bases__:
            exc_class = exc_class.__bases__[0]
        module = inspect.getmodule(exc_class)
        return cls(
            module_name=module.__name__ if module else '',
            function_name=frames[-1].name if frames else '',
            exception=exc_class.__name__,
            exception_message=_message(exc),
            traceback=''.join(traceback.format_tb(exc.__traceback__))
            if exc.__traceback__ is not None else None)


def _message(exc):
    try:
        return exc.format_message()
    except Exception:
        return str(exc)


_INSTANCE_SCHEMA = {
    'uuid': ('instance', 'uuid'), 'user_id': ('instance', 'user_id'),
    'tenant_id': ('instance', 'project_id'),
    'reservation_id': ('instance', 'reservation_id'),
    'display_name': ('instance', 'display_name'),
    'display_description': ('instance', 'display_description'),
    'host_name': ('instance', 'hostname'), 'host': ('instance', 'host'),
    'node': ('instance', 'node'), 'os_type': ('instance', 'os_type'),
    'architecture': ('instance', 'architecture'),
    'availability_zone': ('instance', 'availability_zone'),
    'image_uuid': ('instance', 'image_ref'),
    'key_name': ('instance', 'key_name'),
    'kernel_id': ('instance', 'kernel_id'),
    'ramdisk_id': ('instance', 'ramdisk_id'),
    'created_at': ('instance', 'created_at'),
    'launched_at': ('instance', 'launched_at'),
    'terminated_at': ('instance', 'terminated_at'),
    'deleted_at': ('instance', 'deleted_at'),
    'updated_at': ('instance', 'updated_at'),
    'state': ('instance', 'vm_state'),
    'task_state': ('instance', 'task_state'),
    'progress': ('instance', 'progress'),
    'metadata': ('instance', 'metadata'), 'locked': ('instance', 'locked'),
    'auto_disk_config': ('instance', 'auto_disk_config'),
}


@base.notification_object
class InstancePayload(base.NotificationPayloadBase):
    """An instance as notifications show it.

    Version 1.7: upstream Rocky's shape (request_id, action initiator)
    """
    VERSION = '1.7'
    SCHEMA = _INSTANCE_SCHEMA
    fields = {
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'tenant_id': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'host_name': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'os_type': fields.StringField(nullable=True),
        'architecture': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('FlavorPayload'),
        'image_uuid': fields.StringField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'state': fields.StringField(nullable=True),
        'power_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'ip_addresses': fields.ListOfObjectsField('IpPayload'),
        'block_devices': fields.ListOfObjectsField('BlockDevicePayload',
                                                   nullable=True),
        'metadata': fields.DictOfStringsField(),
        'locked': fields.BooleanField(),
        'auto_disk_config': fields.StringField(),
        'request_id': fields.StringField(nullable=True),
        'action_initiator_user': fields.StringField(nullable=True),
        'action_initiator_project': fields.StringField(nullable=True),
    }

    def __init__(self, context, instance, **kwargs):
        super().__init__(**kwargs)
        self.populate_schema(instance=instance)
        self.locked = bool(self.locked) if self.obj_attr_is_set(
            'locked') else False
        self.auto_disk_config = 'AUTO' if (
            instance.obj_attr_is_set('auto_disk_config') and
            instance.auto_disk_config) else 'MANUAL'
        if not self.obj_attr_is_set('metadata') or self.metadata is None:
            self.metadata = {}
        state = instance.power_state if instance.obj_attr_is_set(
            'power_state') else None
        self.power_state = power_state.STATE_MAP.get(state) \
            if state is not None else None
        flavor = FlavorPayload()
        if instance.obj_attr_is_set('flavor') and instance.flavor:
            flavor.populate_schema(flavor=instance.flavor)
        self.flavor = flavor
        self.ip_addresses = []
        self.block_devices = None
        # request_id is None for periodic tasks, whose context has no
        # user or project (upstream's rule).
        has_user = bool(getattr(context, 'user_id', None) or
                        getattr(context, 'project_id', None))
        self.request_id = context.request_id if has_user else None
        self.action_initiator_user = getattr(context, 'user_id', None)
        self.action_initiator_project = getattr(context, 'project_id', None)


@base.notification_object
class InstanceActionPayload(InstancePayload):
    """An instance and the fault of the action, if it failed.

    Version 1.7: upstream Rocky's shape
    """
    VERSION = '1.7'
    fields = dict(InstancePayload.fields, fault=fields.ObjectField(
        'ExceptionPayload', nullable=True))

    def __init__(self, context, instance, fault=None, **kwargs):
        super().__init__(context, instance, **kwargs)
        self.fault = fault


@base.notification_object
class InstanceActionRebuildPayload(InstanceActionPayload):
    """A rebuilt (or evacuated) instance and its image certificates.

    Version 1.8: upstream Rocky's shape
    """
    VERSION = '1.8'
    fields = dict(InstanceActionPayload.fields,
                  trusted_image_certificates=fields.ListOfStringsField(
                      nullable=True))

    def __init__(self, context, instance, fault=None, **kwargs):
        super().__init__(context, instance, fault=fault, **kwargs)
        # Certificate validation is not implemented: none are stored.
        self.trusted_image_certificates = None


@base.notification_object
class InstanceActionNotification(base.NotificationObject):
    """The envelope of an instance.<action>.<phase> notification.

    Version 1.0: Initial version
    """
    VERSION = '1.0'
    fields = {
        'priority': fields.StringField(),
        'event_type': fields.ObjectField('EventType'),
        'publisher': fields.ObjectField('NotificationPublisher'),
        'payload': fields.ObjectField('InstanceActionPayload',
                                      subclasses=True),
    }


PAYLOAD_CLASSES = (FlavorPayload, IpPayload, ExceptionPayload,
                   InstancePayload, InstanceActionPayload,
                   InstanceActionRebuildPayload)
