"""Pieces of a boot request that need no service: checks and new records.

The compute API facade (``nova_rocky.compute.api``) calls these while
accepting ``POST /servers``: flavor and image checks, the multi-create
naming and the Instance objects that go into the build requests.
"""

import base64
import binascii
import random
import re

from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import units
from oslo_utils import uuidutils

from nova_rocky.compute import task_states
from nova_rocky.compute import vm_states
from nova_rocky import exception
from nova_rocky.image import schema as image_schema
from nova_rocky import objects
from nova_rocky.objects import image_meta as image_meta_obj

NOSTATE = 0  # power_state of a guest that does not exist yet
NAME_TEMPLATE = '%(name)s-%(count)d'
MAX_USERDATA_SIZE = 65535
# Image attributes (not custom properties) kept in system metadata.
IMAGE_SYSMETA_KEYS = ('min_ram', 'min_disk', 'disk_format',
                      'container_format')
_RESERVATION_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'


def reservation_id():
    """A new ``r-xxxxxxxx`` reservation id shared by one boot request."""
    rand = random.SystemRandom()
    return 'r-' + ''.join(rand.choice(_RESERVATION_CHARS) for _ in range(8))


def sanitize_hostname(name, default):
    """A DNS-label-safe hostname made from a display name."""
    hostname = (name or '').lower()
    hostname = re.sub(r'[ _]', '-', hostname)
    hostname = re.sub(r'[^\w.-]+', '', hostname, flags=re.ASCII)
    hostname = hostname[:63].strip('-.')
    return hostname or default


def check_flavor(flavor):
    """A disabled flavor cannot be booted: it is as good as absent."""
    if flavor.disabled:
        raise exception.FlavorNotFound(flavor_id=flavor.flavorid)


def check_image(flavor, image):
    """Check ``image`` (a Glance v2 dict) against ``flavor``.

    :returns: the ImageMeta of the image
    :raises ImageNotActive, FlavorMemoryTooSmall, FlavorDiskTooSmall,
            ImageMetaPropsInvalid, ImageFirmwareRequestInvalid: all 400s
    """
    if image.get('status') != 'active':
        raise exception.ImageNotActive(image_id=image.get('id'))
    if flavor.memory_mb < int(image.get('min_ram') or 0):
        raise exception.FlavorMemoryTooSmall()
    disk = flavor.root_gb * units.Gi
    # A root disk of 0 GB means "as big as the image" (legacy flavors).
    if disk:
        size = int(image.get('size') or 0)
        min_disk = int(image.get('min_disk') or 0) * units.Gi
        if size > disk:
            raise exception.FlavorDiskTooSmall(
                message="Flavor's disk is too small for requested image. "
                        "Flavor disk is %d bytes, image is %d bytes."
                        % (disk, size))
        if min_disk > disk:
            raise exception.FlavorDiskTooSmall(
                message="Flavor's disk is smaller than the minimum size "
                        "specified in image metadata. Flavor disk is %d "
                        "bytes, minimum size is %d bytes." % (disk, min_disk))
    image_meta = objects.ImageMeta.from_dict(image)
    image_meta_obj.check_firmware_request(image_meta.properties)
    return image_meta


def check_user_data(user_data):
    """user_data must be base64 and at most 64 KiB of text (400)."""
    if user_data is None:
        return
    if len(user_data) > MAX_USERDATA_SIZE:
        raise exception.Invalid(
            message='User data too large. User data must be no larger than '
                    '%d bytes once base64 encoded. Your data is %d bytes'
                    % (MAX_USERDATA_SIZE, len(user_data)))
    try:
        base64.b64decode(user_data.encode('utf-8'), validate=False)
    except (binascii.Error, ValueError, TypeError):
        raise exception.Invalid(message='User data needs to be valid '
                                        'base 64.')


def config_drive_value(config_drive):
    """The stored form of the config_drive request: 'True' or ''."""
    if config_drive is None:
        return ''
    return 'True' if strutils.bool_from_string(config_drive) else ''


def image_system_metadata(image):
    """``image_*`` system metadata recording the image booted from."""
    sysmeta = {}
    base_keys = set(IMAGE_SYSMETA_KEYS)
    skip = set(image_schema.BASE) - base_keys
    for key, value in image.items():
        if key in skip or value is None or isinstance(value, (dict, list)):
            continue
        sysmeta['image_%s' % key] = str(value)[:255]
    return sysmeta


def display_name_for(name, index, count):
    """Multi-create naming: ``name-1``, ``name-2``... when count > 1."""
    if count <= 1:
        return name
    return NAME_TEMPLATE % {'name': name, 'count': index + 1}


def new_instance(context, flavor, image, options, index, count):
    """A new, unsaved Instance of the boot request (vm_state building).

    ``options`` holds the per-request values (names, key, metadata...).
    """
    instance = objects.Instance(context)
    instance.uuid = uuidutils.generate_uuid()
    for name, value in options.items():
        setattr(instance, name, value)
    instance.display_name = display_name_for(options['display_name'],
                                             index, count)
    instance.hostname = sanitize_hostname(
        instance.display_name, 'server-%s' % instance.uuid)
    instance.launch_index = index
    instance.vm_state = vm_states.BUILDING
    instance.task_state = task_states.SCHEDULING
    instance.power_state = NOSTATE
    instance.progress = 0
    instance.flavor = flavor
    instance.old_flavor = None
    instance.new_flavor = None
    instance.instance_type_id = flavor.id
    instance.vcpus = flavor.vcpus
    instance.memory_mb = flavor.memory_mb
    instance.root_gb = flavor.root_gb
    instance.ephemeral_gb = flavor.ephemeral_gb
    instance.metadata = dict(options.get('metadata') or {})
    instance.system_metadata = image_system_metadata(image)
    instance.created_at = timeutils.utcnow()
    instance.deleted = False
    return instance


def requested_group(context, scheduler_hints):
    """The server group the ``group`` hint names, or None.

    :raises InstanceGroupNotFound: no such group (a 400 at the API)
    """
    group_uuid = (scheduler_hints or {}).get('group')
    if isinstance(group_uuid, (list, tuple)):
        group_uuid = group_uuid[0] if group_uuid else None
    if not group_uuid:
        return None
    return objects.InstanceGroup.get_by_uuid(context, group_uuid)
