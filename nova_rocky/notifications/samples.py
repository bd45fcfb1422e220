"""The notifications of a representative instance, as samples show them.

``all_samples()`` returns {event_type: envelope} built by the very code
the services run (``instance.build``) for a fixed instance, so the files
under doc/notification_samples/ document real output. The tests compare
those files and the notifications actually received with ``shape``:
keys, object names, versions and priorities must match, values may not.
"""

import datetime

from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky.notifications import instance as notify

_UUID = '178b0921-8f85-4257-88b6-2e743b5a975c'
_PROJECT = '6f70656e737461636b20342065766572'
_TIME = datetime.datetime(2018, 8, 30, 12, 0, 0)


def sample_instance():
    from nova_rocky import objects
    objects.register_all()
    flavor = objects.Flavor(
        id=1, flavorid='a22d5517-147c-4147-a0d1-e698df5cd4e3', name='test',
        memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0, swap=0,
        rxtx_factor=1.0, vcpu_weight=None, disabled=False, is_public=True,
        extra_specs={}, projects=[], description=None)
    return objects.Instance(
        uuid=_UUID, user_id='fake', project_id=_PROJECT,
        reservation_id='r-npxv0e40', display_name='some-server',
        display_description='some-server', hostname='some-server',
        host='compute', node='fake-mini', os_type=None, architecture=None,
        availability_zone='nova', image_ref='155d900f-4e14-4e4c-a73d-'
        '069cbf4541e6', key_name='my-key', kernel_id='', ramdisk_id='',
        created_at=_TIME, launched_at=_TIME, terminated_at=None,
        deleted_at=None, updated_at=_TIME, vm_state='active', power_state=1,
        task_state=None, progress=0, metadata={}, locked=False,
        auto_disk_config=False, flavor=flavor)


def sample_context():
    ctxt = nova_context.RequestContext(
        user_id='fake', project_id=_PROJECT,
        request_id='req-5b6c791d-5709-4f36-8fbe-c3e02869e35d')
    return ctxt


def _sample_fault():
    try:
        raise exception.NoValidHost(reason='sample')
    except exception.NoValidHost as exc:
        return exc


def envelope(notification):
    """The dict a consumer receives (without the message id/time)."""
    notification.payload.obj_reset_changes(recursive=True)
    return {
        'event_type':
            notification.event_type.to_notification_event_type_field(),
        'priority': notification.priority,
        'publisher_id': notification.publisher.publisher_id,
        'payload': notification.payload.obj_to_primitive(),
    }


def build_sample(event_type):
    parts = event_type.split('.')
    action = parts[1]
    phase = parts[2] if len(parts) > 2 else None
    fault = _sample_fault() if phase == 'error' else None
    source = 'nova-api' if action in ('lock', 'unlock') else 'nova-compute'
    notification = notify.build(sample_context(), sample_instance(),
                                'compute', action, phase, fault=fault,
                                source=source)
    if fault is not None:
        # Not this checkout's file paths.
        notification.payload.fault.traceback = (
            'Traceback (most recent call last):\n  File "nova_rocky/'
            'conductor/tasks/rebuild.py", line 123, in '
            'check_new_image_on_host\n')
    return envelope(notification)


def all_samples():
    return {event_type: build_sample(event_type)
            for event_type in notify.EMITTED}


def shape(value):
    """What must match between a sample and a notification: the object
    names, namespaces and versions and the field names of every payload
    object, nested ones included. Field values (and the keys of free-form
    dicts such as metadata) may differ."""
    if isinstance(value, dict) and 'nova_object.name' in value:
        data = value.get('nova_object.data', {})
        return {'name': value['nova_object.name'],
                'namespace': value.get('nova_object.namespace'),
                'version': value.get('nova_object.version'),
                'data': {key: shape(item) for key, item in data.items()}}
    if isinstance(value, list):
        objs = [shape(item) for item in value
                if isinstance(item, dict) and 'nova_object.name' in item]
        return objs[:1]
    return None
