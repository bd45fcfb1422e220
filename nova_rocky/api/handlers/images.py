"""The deprecated image proxy: /images, /images/detail, /images/{id}.

Served for microversions 2.1-2.35 only; from 2.36 every proxy API answers
404, as upstream (use the image service directly). Upstream checks no
policy here: visibility is the image service's business.
"""

from oslo_utils import timeutils
import webob.exc

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.api.views import images as views
from nova_rocky import exception
from nova_rocky.image import api as image_api

MAX_PROXY_VERSION = '2.35'
# Query parameters of the proxy and the image API filter they become.
_FILTERS = {'name': 'name', 'status': 'status',
            'server': 'instance_uuid', 'type': 'image_type'}
_PROPERTY_PREFIX = 'property-'

_image_api = image_api.API()


def _not_found():
    return webob.exc.HTTPNotFound(explanation='Image not found.')


def _filters(req):
    """(image API filters, filters applied here) of the query."""
    filters, local = {}, {}
    for param, value in req.GET.items():
        if param in _FILTERS:
            filters[_FILTERS[param]] = value
        elif param.startswith(_PROPERTY_PREFIX):
            filters[param[len(_PROPERTY_PREFIX):]] = value
        elif param in ('changes-since', 'minRam', 'minDisk'):
            local[param] = value
    if 'instance_uuid' in filters:
        # A server href is accepted as well as its id.
        filters['instance_uuid'] = filters['instance_uuid'].rsplit('/')[-1]
    if 'status' in filters:
        filters['status'] = filters['status'].lower()
    return filters, local


def _int(value, name):
    try:
        return int(value)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='%s param must be an integer' % name)


def _matches(image, local):
    """The filters the image API has no equivalent for."""
    if 'minRam' in local and int(image.get('min_ram') or 0) < _int(
            local['minRam'], 'minRam'):
        return False
    if 'minDisk' in local and int(image.get('min_disk') or 0) < _int(
            local['minDisk'], 'minDisk'):
        return False
    if 'changes-since' in local:
        try:
            since = timeutils.parse_isotime(local['changes-since'])
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid filter field: changes-since.')
        updated = image.get('updated_at')
        if updated and timeutils.parse_isotime(updated) < since:
            return False
    return True


def _list(req):
    filters, local = _filters(req)
    limit, marker = common.get_limit_and_marker(req)
    images = _image_api.get_all(req.context, filters=filters, limit=limit,
                                marker=marker)
    return [image for image in images if _matches(image, local)]


@microversion.version_handler('2.1', MAX_PROXY_VERSION)
def list_images(req):
    """GET /images - ids, names and links."""
    return common.json_response(req, views.index(req, _list(req)))


@microversion.version_handler('2.1', MAX_PROXY_VERSION)
def list_images_detail(req):
    """GET /images/detail - images in full."""
    return common.json_response(req, views.detail(req, _list(req)))


@microversion.version_handler('2.1', MAX_PROXY_VERSION)
def show_image(req, image_id):
    """GET /images/{image_id}."""
    try:
        image = _image_api.get(req.context, image_id)
    except exception.ImageNotFound:
        raise _not_found()
    return common.json_response(req, {'image': views.show(req, image)})


@microversion.version_handler('2.1', MAX_PROXY_VERSION)
def delete_image(req, image_id):
    """DELETE /images/{image_id} - 204."""
    try:
        _image_api.delete(req.context, image_id)
    except exception.ImageNotFound:
        raise _not_found()
    except (exception.ImageNotAuthorized, exception.ImageProtected):
        raise webob.exc.HTTPForbidden(
            explanation='You are not allowed to delete the image.')
    return common.empty_response(204)
