"""A Glance v2 API subset over the embedded image catalog.

The all-in-one serves it under ``/image`` so that python-glanceclient,
openstackclient and the SDK work unmodified against nova_rocky's local
images. Routes (relative to where the app is mounted):

==========  ================================  ===========================
GET         /, /versions                      version list (300 / 200)
GET, POST   /v2/images                        list (paged) / create (201)
GET, PATCH  /v2/images/{id}                   show / JSON-patch update
DELETE      /v2/images/{id}                   204; 403 when protected
PUT, GET    /v2/images/{id}/file              upload (204) / download
PUT, DELETE /v2/images/{id}/tags/{tag}        add / remove a tag (204)
GET         /v2/schemas/image, /v2/schemas/images   JSON schemas
==========  ================================  ===========================

Mounting: ``make_app(conf)`` returns the application; it expects an outer
auth layer to have put a ``nova_rocky.context.RequestContext`` into
``environ['nova.context']`` (the compute API's auth middleware and
``ContextMiddleware``, as ``nova_rocky.allinone.http`` does).
``make_noauth_app(conf)`` wraps it in :class:`NoAuthContext` for standalone
use and tests (``X-Auth-Token: user:project``; the user ``admin`` is an
admin).

Errors are JSON, ``{"error": {"code": 404, "title": "Not Found",
"message": "..."}}``, a shape python-glanceclient turns into the message
of its HTTP exception.
"""

import re
import urllib.parse

from oslo_log import log as logging
import webob
import webob.exc

from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky.image import v2

LOG = logging.getLogger(__name__)

#: The versions this subset answers for, newest first.
VERSIONS = (('v2.7', 'CURRENT'), ('v2.6', 'SUPPORTED'),
            ('v2.5', 'SUPPORTED'), ('v2.4', 'SUPPORTED'),
            ('v2.3', 'SUPPORTED'), ('v2.2', 'SUPPORTED'),
            ('v2.1', 'SUPPORTED'), ('v2.0', 'SUPPORTED'))

_UNAUTHENTICATED = ('', '/', '/versions', '/versions/')
_ID = r'(?P<image_id>[^/]+)'
ROUTES = [
    (r'/v2/images', {'GET': v2.list_images, 'POST': v2.create_image}),
    (r'/v2/images/%s' % _ID, {'GET': v2.show_image,
                              'PATCH': v2.update_image,
                              'DELETE': v2.delete_image}),
    (r'/v2/images/%s/file' % _ID, {'GET': v2.download_image,
                                   'PUT': v2.upload_image}),
    (r'/v2/images/%s/tags/(?P<tag>[^/]+)' % _ID, {'PUT': v2.add_tag,
                                                  'DELETE': v2.delete_tag}),
    (r'/v2/schemas/image', {'GET': v2.show_image_schema}),
    (r'/v2/schemas/images', {'GET': v2.show_images_schema}),
]
_COMPILED = [(re.compile('^%s/?$' % path), methods)
             for path, methods in ROUTES]


def error_response(code, message):
    """A Glance-style JSON error response."""
    title = webob.exc.status_map.get(code, webob.exc.HTTPServerError).title
    return v2.json_response(
        {'error': {'code': code, 'title': title, 'message': message}},
        status=code)


def versions_document(req):
    """The version list, each version linking to its root."""
    base = req.host_url + req.script_name
    return {'versions': [
        {'id': version, 'status': status,
         'links': [{'rel': 'self', 'href': '%s/v2/' % base}]}
        for version, status in VERSIONS]}


class ImageApp(object):
    """The Glance v2 subset as a WSGI application on an image backend."""

    def __init__(self, service):
        self.service = service

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            resp = self._dispatch(req)
        except exception.NovaException as exc:
            resp = error_response(exc.code, exc.format_message())
        except webob.exc.HTTPException as exc:
            resp = error_response(exc.code, exc.detail or exc.title)
        except Exception:
            LOG.exception('Unexpected error in %s %s', req.method, req.path)
            resp = error_response(500, 'The server has either erred or is '
                                       'incapable of performing the '
                                       'requested operation.')
        return resp(environ, start_response)

    def _dispatch(self, req):
        path = req.path_info or '/'
        if path in ('/', '/versions', '/versions/'):
            if req.method != 'GET':
                raise webob.exc.HTTPMethodNotAllowed()
            return v2.json_response(versions_document(req),
                                    status=300 if path == '/' else 200)
        for pattern, methods in _COMPILED:
            match = pattern.match(path)
            if match is None:
                continue
            handler = methods.get(req.method)
            if handler is None:
                resp = error_response(405, 'Method %s not allowed'
                                      % req.method)
                resp.headers['Allow'] = ', '.join(sorted(methods))
                return resp
            if not isinstance(req.environ.get(v2.ENV_CONTEXT),
                              nova_context.RequestContext):
                raise webob.exc.HTTPUnauthorized(
                    'The request you have made requires authentication.')
            return handler(req, self.service, **match.groupdict())
        raise webob.exc.HTTPNotFound('The resource could not be found.')


class NoAuthContext(object):
    """Build the RequestContext from ``X-Auth-Token: user[:project]``.

    For standalone use and tests only: the token is trusted as it is. The
    project defaults to the user; the user ``admin`` is an admin. The
    version list needs no token, as in Glance.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # python-glanceclient %-encodes the token (':' becomes %3A).
        token = urllib.parse.unquote(
            environ.get('HTTP_X_AUTH_TOKEN', '').strip())
        if not token and environ.get('PATH_INFO', '/') in _UNAUTHENTICATED:
            return self.application(environ, start_response)
        if not token:
            resp = error_response(401, 'The request you have made requires '
                                       'authentication.')
            return resp(environ, start_response)
        user_id, _sep, project_id = token.partition(':')
        is_admin = user_id == 'admin'
        environ[v2.ENV_CONTEXT] = nova_context.RequestContext(
            user_id=user_id, project_id=project_id or user_id,
            is_admin=is_admin, auth_token=token,
            roles=['admin', 'member', 'reader'] if is_admin
            else ['member', 'reader'])
        return self.application(environ, start_response)


def make_app(conf=None, service=None):
    """The Glance v2 subset over the local catalog (or ``service``).

    ``conf`` is accepted for symmetry with the other app factories; the
    backend reads ``[glance]image_dir`` and the API database options
    when it runs. The app needs ``environ['nova.context']`` from an outer
    auth layer.
    """
    if service is None:
        from nova_rocky.image import local
        service = local.LocalImageService()
    return ImageApp(service)


def make_noauth_app(conf=None, service=None):
    """:func:`make_app` behind :class:`NoAuthContext` (tests, demos)."""
    return NoAuthContext(make_app(conf, service=service))
