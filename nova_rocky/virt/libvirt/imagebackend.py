"""Local guest disks: the image cached once per host, copied per guest.

An image's data is downloaded once into ``<instances_path>/_base/<image
id>`` (written to a temporary name and renamed, so a half-written file is
never used) and copied to ``<instances_path>/<instance uuid>/disk`` for
each guest. A raw disk is grown (sparsely) to the flavor's root size; a
qcow2 disk keeps the image's virtual size, as growing it needs qemu-img.
"""

import os
import shutil
import tempfile
import threading

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.virt.libvirt.config import devices

CONF = conf.CONF
LOG = logging.getLogger(__name__)

DISK_FORMATS = ('raw', 'qcow2')
_FETCH_LOCK = threading.Lock()


def instance_dir(instance):
    return os.path.join(CONF.libvirt.instances_path, instance.uuid)


def _cached_image(context, image_api, image_id):
    base_dir = os.path.join(CONF.libvirt.instances_path, '_base')
    path = os.path.join(base_dir, image_id)
    with _FETCH_LOCK:
        if os.path.exists(path):
            return path
        os.makedirs(base_dir, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=base_dir, prefix='.fetch-')
        try:
            with os.fdopen(handle, 'wb') as out:
                for chunk in image_api.download(context, image_id):
                    out.write(chunk)
            os.rename(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    LOG.info('Cached image %s in %s', image_id, path)
    return path


def create_root_disk(context, instance, image_meta, image_api):
    """Create the guest's root disk; return its LibvirtConfigGuestDisk.

    Returns None for an image without an id (nothing to download).
    Raises InstanceDeployFailure for a disk format libvirt is not given
    here (only raw and qcow2 are).
    """
    if not image_meta.obj_attr_is_set('id'):
        return None
    disk_format = image_meta.disk_format if image_meta.obj_attr_is_set(
        'disk_format') else None
    disk_format = disk_format or 'raw'
    if disk_format not in DISK_FORMATS:
        raise exception.InstanceDeployFailure(
            reason='the libvirt driver boots raw and qcow2 images, not %s'
                   % disk_format)
    base = _cached_image(context, image_api, image_meta.id)
    os.makedirs(instance_dir(instance), exist_ok=True)
    path = os.path.join(instance_dir(instance), 'disk')
    shutil.copyfile(base, path)
    root_bytes = (instance.flavor.root_gb or 0) * 1024 ** 3
    if disk_format == 'raw' and root_bytes > os.path.getsize(path):
        os.truncate(path, root_bytes)
    disk = devices.LibvirtConfigGuestDisk()
    disk.source_path = path
    disk.driver_format = disk_format
    disk.target_dev = 'vda'
    disk.target_bus = 'virtio'
    return disk


def remove_instance_files(instance):
    """Delete the guest's directory (its disks); a missing one is fine."""
    shutil.rmtree(instance_dir(instance), ignore_errors=True)
