"""Handlers of the Glance v2 image API subset (see ``image.wsgi``).

Each handler is ``f(req, service, **url_args) -> webob.Response``; the
caller's RequestContext is ``req.environ['nova.context']`` and ``service``
is the image backend (the local catalog). Errors are raised as
nova_rocky exceptions and rendered by the application.
"""

import urllib.parse

from oslo_serialization import jsonutils
import webob

from nova_rocky import exception
from nova_rocky.image import schema

ENV_CONTEXT = 'nova.context'
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'
_LIST_PARAMS = ('limit', 'marker', 'sort_key', 'sort_dir', 'sort')


def _context(req):
    return req.environ[ENV_CONTEXT]


def json_response(body, status=200, headers=None):
    """A JSON response with ``body`` serialized."""
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.text = jsonutils.dumps(body)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def _no_content():
    return webob.Response(status=204, headerlist=[])


def _bad_request(reason):
    return exception.InvalidImageRequest(reason=reason)


def view(image):
    """The API document of an image: the backend's dict plus links."""
    body = dict(image)
    body.setdefault('os_hidden', False)
    body['self'] = '/v2/images/%s' % image['id']
    body['file'] = '/v2/images/%s/file' % image['id']
    body['schema'] = '/v2/schemas/image'
    return body


def _read_json(req):
    try:
        return jsonutils.loads(req.body.decode('utf-8') or 'null')
    except ValueError:
        raise _bad_request('the request body is not valid JSON')


def _list_args(req):
    params = req.GET
    try:
        limit = int(params.get('limit', DEFAULT_LIMIT))
    except ValueError:
        raise _bad_request('limit must be an integer')
    if limit < 0:
        raise _bad_request('limit must be a non-negative integer')
    sort_keys = params.getall('sort_key')
    sort_dirs = params.getall('sort_dir')
    if 'sort' in params:
        if sort_keys or sort_dirs:
            raise _bad_request('sort cannot be used with sort_key/sort_dir')
        for item in params['sort'].split(','):
            key, _sep, direction = item.strip().partition(':')
            sort_keys.append(key)
            sort_dirs.append(direction or 'desc')
    filters = {}
    for key in params:
        if key in _LIST_PARAMS:
            continue
        filters[key] = (params.getall(key) if key == 'tag'
                        else params.get(key))
    return (filters, min(limit, MAX_LIMIT), params.get('marker'),
            sort_keys, sort_dirs)


def list_images(req, service):
    """GET /v2/images: a page of images, with ``first`` and ``next``."""
    filters, limit, marker, sort_keys, sort_dirs = _list_args(req)
    images = service.get_all(_context(req), filters=filters,
                             limit=limit + 1, marker=marker,
                             sort_key=sort_keys, sort_dir=sort_dirs)
    more = len(images) > limit
    images = images[:limit]
    query = [(k, v) for k, v in req.GET.items() if k != 'marker']
    body = {'images': [view(image) for image in images],
            'schema': '/v2/schemas/images',
            'first': '/v2/images' + (
                '?' + urllib.parse.urlencode(query) if query else '')}
    if more and images:
        query.append(('marker', images[-1]['id']))
        body['next'] = '/v2/images?' + urllib.parse.urlencode(query)
    return json_response(body)


def show_image(req, service, image_id):
    """GET /v2/images/{id}."""
    return json_response(view(service.get(_context(req), image_id)))


def create_image(req, service):
    """POST /v2/images: 201 and the new (queued) image."""
    body = _read_json(req)
    if not isinstance(body, dict):
        raise _bad_request('the request body must be a JSON object')
    image = service.create(_context(req), body)
    return json_response(view(image), status=201, headers={
        'Location': '%s/v2/images/%s' % (req.application_url, image['id'])})


def _patch_key(change):
    path = change.get('path')
    if not isinstance(path, str) or not path.startswith('/') or \
            '/' in path[1:]:
        raise _bad_request('invalid JSON pointer %r' % (path,))
    key = path[1:].replace('~1', '/').replace('~0', '~')
    if key == 'id' or key in schema.READ_ONLY:
        raise exception.ImageAttributeReadOnly(attribute=key)
    return key


def apply_patch(image, changes):
    """Apply JSON-patch ``changes`` to a copy of the image document, with
    Glance v2.1 rules; return ``(changed values, removed properties)``."""
    if not isinstance(changes, list):
        raise _bad_request('a JSON-patch document must be a list')
    doc = dict(image)
    for change in changes:
        if not isinstance(change, dict):
            raise _bad_request('a JSON-patch operation must be an object')
        op = change.get('op')
        key = _patch_key(change)
        if op in ('add', 'replace'):
            if 'value' not in change:
                raise _bad_request('operation %s needs a value' % op)
            if op == 'replace' and key not in schema.BASE and \
                    key not in doc:
                raise exception.Conflict(
                    reason='property %s does not exist' % key)
            doc[key] = change['value']
        elif op == 'remove':
            if key in schema.BASE:
                raise exception.ImageAttributeReadOnly(attribute=key)
            if key not in doc:
                raise exception.Conflict(
                    reason='property %s does not exist' % key)
            del doc[key]
        else:
            raise _bad_request('unsupported JSON-patch operation %r' % op)
    values = {key: value for key, value in doc.items()
              if key not in image or image[key] != value}
    removed = [key for key in image if key not in doc]
    return values, removed


def update_image(req, service, image_id):
    """PATCH /v2/images/{id} with a v2.1 JSON-patch body."""
    if req.content_type != PATCH_TYPE:
        raise webob.exc.HTTPUnsupportedMediaType(
            'PATCH needs Content-Type %s' % PATCH_TYPE)
    ctxt = _context(req)
    values, removed = apply_patch(service.get(ctxt, image_id),
                                  _read_json(req))
    image = service.update(ctxt, image_id, values, remove_props=removed)
    return json_response(view(image))


def delete_image(req, service, image_id):
    """DELETE /v2/images/{id}: 204; 403 when protected."""
    service.delete(_context(req), image_id)
    return _no_content()


def _request_chunks(environ, size=64 * 1024):
    """The request body in chunks, decoding chunked transfer encoding
    when the server (wsgiref) leaves that to the application."""
    stream = environ['wsgi.input']
    chunked = 'chunked' in environ.get('HTTP_TRANSFER_ENCODING', '').lower()
    if environ.get('wsgi.input_terminated'):
        # The server decoded the body and ends it with EOF (cheroot,
        # gunicorn, mod_wsgi).
        while True:
            chunk = stream.read(size)
            if not chunk:
                return
            yield chunk
    elif chunked:
        while True:
            length = int(stream.readline().split(b';')[0].strip() or b'0',
                         16)
            if length == 0:
                while stream.readline().strip():
                    pass  # trailers
                return
            yield stream.read(length)
            stream.readline()
    else:
        remaining = int(environ.get('CONTENT_LENGTH') or 0)
        while remaining > 0:
            chunk = stream.read(min(size, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def upload_image(req, service, image_id):
    """PUT /v2/images/{id}/file: store the data; the image goes active."""
    if req.content_type != 'application/octet-stream':
        raise webob.exc.HTTPUnsupportedMediaType(
            'image data must be sent as application/octet-stream')
    service.upload(_context(req), image_id, _request_chunks(req.environ))
    return _no_content()


def download_image(req, service, image_id):
    """GET /v2/images/{id}/file: the data; 204 when there is none."""
    ctxt = _context(req)
    image = service.get(ctxt, image_id)
    if image['status'] not in ('active', 'deactivated'):
        return _no_content()
    data = service.download(ctxt, image_id)
    resp = webob.Response(status=200, app_iter=data,
                          content_type='application/octet-stream')
    resp.content_length = image['size']
    if image.get('checksum'):
        resp.headers['Content-MD5'] = image['checksum']
    return resp


def add_tag(req, service, image_id, tag):
    """PUT /v2/images/{id}/tags/{tag}: 204."""
    ctxt = _context(req)
    image = service.get(ctxt, image_id)
    if tag not in image['tags']:
        service.update(ctxt, image_id, {'tags': image['tags'] + [tag]})
    return _no_content()


def delete_tag(req, service, image_id, tag):
    """DELETE /v2/images/{id}/tags/{tag}: 204; 404 for an unknown tag."""
    ctxt = _context(req)
    image = service.get(ctxt, image_id)
    if tag not in image['tags']:
        raise webob.exc.HTTPNotFound('tag %s not found' % tag)
    service.update(ctxt, image_id,
                   {'tags': [t for t in image['tags'] if t != tag]})
    return _no_content()


def show_image_schema(req, service):
    """GET /v2/schemas/image."""
    return json_response(schema.image_schema())


def show_images_schema(req, service):
    """GET /v2/schemas/images."""
    return json_response(schema.images_schema())
