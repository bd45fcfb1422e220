"""The demo image registered on nova-all's first start.

The fake virt driver never reads image data, so the demo image carries a
few KB of placeholder bytes (a qcow2 magic number followed by a fixed
pattern) instead of a real CirrOS disk: enough for the full upload path
(size, checksum, os_hash) and for downloads to work.
"""

from oslo_log import log as logging

from nova_rocky import exception

LOG = logging.getLogger(__name__)

#: Fixed id: the seed is idempotent, and tests and docs can name it.
DEMO_IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
DEMO_IMAGE_NAME = 'cirros-0.6.2-x86_64-disk'
DEMO_IMAGE = {
    'id': DEMO_IMAGE_ID,
    'name': DEMO_IMAGE_NAME,
    'container_format': 'bare',
    'disk_format': 'qcow2',
    'visibility': 'public',
    'min_disk': 1,
    'min_ram': 0,
    'hw_architecture': 'x86_64',
}


def demo_image_data(size=4096):
    """The placeholder bytes of the demo image (deterministic)."""
    header = b'QFI\xfb\x00\x00\x00\x03nova_rocky demo image placeholder\n'
    pattern = bytes(range(256))
    body = (pattern * (size // len(pattern) + 1))[:size - len(header)]
    return header + body


def ensure_demo_image(context, image_api):
    """Register the demo image once; return its image document.

    ``context`` must be allowed to publish images (an admin context).
    Calling it again returns the existing image; an image left queued by
    an interrupted first start gets its data now.
    """
    try:
        image = image_api.get(context, DEMO_IMAGE_ID)
    except exception.ImageNotFound:
        try:
            image = image_api.create(context, dict(DEMO_IMAGE))
            LOG.info('Registered the demo image %s (%s)', DEMO_IMAGE_NAME,
                     DEMO_IMAGE_ID)
        except exception.ImageExists:
            image = image_api.get(context, DEMO_IMAGE_ID)
    if image['status'] == 'queued':
        image = image_api.upload(context, DEMO_IMAGE_ID, demo_image_data())
    return image
