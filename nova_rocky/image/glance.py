"""The glance image backend: a real Glance v2 through python-glanceclient.

The client runs on a keystoneauth session built from the ``[glance]``
options (TLS, timeouts; ``endpoint_override``, ``valid_interfaces``,
``region_name`` for the endpoint). Requests are made as the caller: with
the user's auth plugin when the context has one, else with the user's token
(endpoint from ``endpoint_override`` or the context's service catalog),
plus the ``[service_user]`` token when ``send_service_user_token`` is set; a
context without a token (services, nova-manage) uses the ``[glance]`` auth
options (a service user), or no auth at all when none are set.

glanceclient errors become nova_rocky exceptions: 404 -> ImageNotFound,
403/401 -> ImageNotAuthorized, 400 -> ImageBadRequest, 409 -> Conflict and
connection failures or a 503 -> ImageServiceUnavailable.
"""

import functools
import io
import threading

import glanceclient
from glanceclient import exc as glance_exc
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import token_endpoint
from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky import service_auth

LOG = logging.getLogger(__name__)
CONF = conf.CONF
_SESSION = None
_LOCK = threading.Lock()
# Keys of glanceclient's image documents that are links, not image data.
_LINK_KEYS = ('self', 'file', 'schema', 'locations', 'direct_url')
_UNAVAILABLE = (glance_exc.CommunicationError, glance_exc.InvalidEndpoint,
                glance_exc.HTTPServiceUnavailable, ks_exc.ConnectFailure,
                ks_exc.ConnectTimeout, ks_exc.EndpointNotFound,
                ks_exc.DiscoveryFailure)


def _session():
    global _SESSION
    with _LOCK:
        if _SESSION is None:
            _SESSION = ks_loading.load_session_from_conf_options(
                CONF, 'glance')
        return _SESSION


def _catalog_endpoint(context):
    interfaces = CONF.glance.valid_interfaces or ['internal', 'public']
    for service in context.service_catalog or []:
        if service.get('type') != 'image':
            continue
        for endpoint in service.get('endpoints', []):
            if (CONF.glance.region_name and
                    endpoint.get('region') != CONF.glance.region_name):
                continue
            for interface in interfaces:
                url = (endpoint.get('url') if endpoint.get('interface') ==
                       interface else endpoint.get(interface + 'URL'))
                if url:
                    return url
    return None


def _auth(context):
    if context.user_auth_plugin is not None:
        return service_auth.wrap_user_auth(context.user_auth_plugin)
    endpoint = CONF.glance.endpoint_override or _catalog_endpoint(context)
    if context.auth_token and endpoint:
        return service_auth.wrap_user_auth(
            token_endpoint.Token(endpoint, context.auth_token))
    return ks_loading.load_auth_from_conf_options(CONF, 'glance')


def get_client(context):
    """A glanceclient v2 Client acting for ``context``."""
    kwargs = {'session': _session(), 'auth': _auth(context),
              'service_type': CONF.glance.service_type or 'image',
              'interface': CONF.glance.valid_interfaces,
              'region_name': CONF.glance.region_name,
              'global_request_id': context.global_id}
    if CONF.glance.endpoint_override:
        kwargs['endpoint_override'] = CONF.glance.endpoint_override
    return glanceclient.Client('2', **kwargs)


def _translate(func):
    """Turn glanceclient/keystoneauth errors of ``func`` into ours."""
    @functools.wraps(func)
    def wrapper(self, context, *args, **kwargs):
        ident = kwargs.get('image_id')
        if ident is None and args and isinstance(args[0], str):
            ident = args[0]
        try:
            return func(self, context, *args, **kwargs)
        except glance_exc.HTTPNotFound:
            raise exception.ImageNotFound(image_id=ident)
        except (glance_exc.HTTPForbidden, glance_exc.HTTPUnauthorized):
            raise exception.ImageNotAuthorized(image_id=ident)
        except glance_exc.HTTPBadRequest as exc:
            raise exception.ImageBadRequest(image_id=ident,
                                            response=str(exc))
        except glance_exc.HTTPConflict as exc:
            raise exception.Conflict(reason=str(exc))
        except _UNAVAILABLE as exc:
            raise exception.ImageServiceUnavailable(reason=str(exc))
        except glance_exc.HTTPException as exc:
            raise exception.NovaException(
                message='Glance error for image %s: %s' % (ident, exc))
    return wrapper


def _to_dict(image):
    image = dict(image)
    for key in _LINK_KEYS:
        image.pop(key, None)
    image['tags'] = list(image.get('tags') or [])
    return image


class _IterReader(object):
    """A file-like ``read()`` over bytes, a file or an iterable of bytes
    (glanceclient streams only file-like objects)."""

    def __init__(self, data):
        if isinstance(data, (bytes, bytearray)):
            data = io.BytesIO(bytes(data))
        self._file = data if hasattr(data, 'read') else None
        self._iter = None if self._file else iter(data)
        self._buffer = b''

    def read(self, size=-1):
        if self._file is not None:
            return self._file.read(size)
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._iter, None)
            if chunk is None:
                break
            self._buffer += chunk
        size = len(self._buffer) if size < 0 else size
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


class GlanceImageService(object):
    """image.API's backend on a real Glance v2."""

    @_translate
    def get(self, context, image_id):
        """The Glance v2 document of ``image_id``."""
        return _to_dict(get_client(context).images.get(image_id))

    @_translate
    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key=None, sort_dir=None):
        """A list of images, as GET /v2/images with these parameters."""
        kwargs = {'filters': dict(filters or {})}
        if limit is not None:
            kwargs['limit'] = kwargs['page_size'] = limit
        if marker is not None:
            kwargs['marker'] = marker
        if sort_key:
            kwargs['sort_key'] = sort_key
        if sort_dir:
            kwargs['sort_dir'] = sort_dir
        return [_to_dict(image)
                for image in get_client(context).images.list(**kwargs)]

    @_translate
    def create(self, context, image_dict, data=None):
        """Create an image; upload ``data`` when given."""
        try:
            image = get_client(context).images.create(**image_dict)
        except glance_exc.HTTPConflict:
            if 'id' not in image_dict:
                raise
            raise exception.ImageExists(image_id=image_dict['id'])
        except TypeError as exc:
            # glanceclient's schema check of the new image failed.
            raise exception.InvalidImageRequest(reason=str(exc))
        if data is None:
            return _to_dict(image)
        return self.upload(context, image['id'], data)

    @_translate
    def update(self, context, image_id, changes, remove_props=None):
        """Patch attributes/properties; remove ``remove_props``."""
        try:
            image = get_client(context).images.update(
                image_id, remove_props=remove_props, **changes)
        except TypeError as exc:
            raise exception.InvalidImageRequest(reason=str(exc))
        return _to_dict(image)

    @_translate
    def delete(self, context, image_id):
        """Delete the image."""
        get_client(context).images.delete(image_id)

    @_translate
    def upload(self, context, image_id, data):
        """Upload the data of a queued image; return the image."""
        client = get_client(context)
        client.images.upload(image_id, _IterReader(data))
        return _to_dict(client.images.get(image_id))

    @_translate
    def download(self, context, image_id):
        """An iterator over the (checksum-verified) image data."""
        body = get_client(context).images.data(image_id)
        if body is None or getattr(body, '__wrapped__', body) is None:
            raise exception.ImageUnacceptable(
                image_id=image_id, reason='image has no associated data')
        return iter(body)
