"""Response bodies of the deprecated /images proxy (microversions < 2.36).

Images come from the image API as Glance v2 documents (custom properties
as top-level keys); the proxy shows them in the compute API's own shape:
camelCase minRam/minDisk, an upper-case status with a progress percentage
and the custom properties as ``metadata``.
"""

from urllib import parse as urlparse

from oslo_utils import strutils
from oslo_utils import timeutils

from nova_rocky.api import common
from nova_rocky import conf
from nova_rocky.image import schema as image_schema

CONF = conf.CONF
COLLECTION = 'images'

_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'deleted': 'DELETED', 'pending_delete': 'DELETED',
           'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


def metadata(image):
    """The custom properties of a Glance v2 image document."""
    return {key: value for key, value in image.items()
            if key not in image_schema.BASE}


def _isotime(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = timeutils.parse_isotime(value)
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%SZ')


def _catalog_url(context):
    for service in context.service_catalog or []:
        if service.get('type') == 'image':
            for endpoint in service.get('endpoints', []):
                url = endpoint.get('url') if endpoint.get(
                    'interface') == 'public' else endpoint.get('publicURL')
                if url:
                    return url
    return None


def _glance_base(req):
    url = (CONF.glance.endpoint_override or _catalog_url(req.context) or
           # The all-in-one process serves its image API under /image.
           common.url_join(req.host_url, 'image'))
    prefix = CONF.api.glance_link_prefix
    if prefix:
        parts = list(urlparse.urlsplit(url))
        prefix_parts = urlparse.urlsplit(prefix)
        parts[0:2] = prefix_parts[0:2]
        parts[2] = prefix_parts[2].rstrip('/') + parts[2]
        url = urlparse.urlunsplit(parts)
    return url.rstrip('/')


def _links(req, image_id):
    links = common.resource_links(req, COLLECTION, image_id)
    links.append({'rel': 'alternate',
                  'type': 'application/vnd.openstack.image',
                  'href': common.url_join(_glance_base(req), COLLECTION,
                                          image_id)})
    return links


def basic(req, image):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'])}


def show(req, image):
    """The full image dict of GET /images/{id} and /images/detail."""
    props = metadata(image)
    body = {
        'id': image['id'],
        'name': image.get('name'),
        'minRam': int(image.get('min_ram') or 0),
        'minDisk': int(image.get('min_disk') or 0),
        'metadata': props,
        'created': _isotime(image.get('created_at')),
        'updated': _isotime(image.get('updated_at')),
        'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
        'progress': _PROGRESS.get(image.get('status'), 0),
        'OS-EXT-IMG-SIZE:size': image.get('size'),
        'links': _links(req, image['id']),
    }
    server_id = props.get('instance_uuid')
    if server_id is not None:
        body['server'] = {'id': server_id, 'links': common.resource_links(
            req, 'servers', server_id)}
    if props.get('auto_disk_config') is not None:
        auto = strutils.bool_from_string(props['auto_disk_config'])
        body['OS-DCF:diskConfig'] = 'AUTO' if auto else 'MANUAL'
    return body


def _collection(req, items, collection):
    body = {'images': items}
    links = common.collection_links(req, items, collection)
    if links:
        body['images_links'] = links
    return body


def index(req, images):
    return _collection(req, [basic(req, i) for i in images], COLLECTION)


def detail(req, images):
    return _collection(req, [show(req, i) for i in images],
                       COLLECTION + '/detail')
