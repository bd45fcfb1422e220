"""Helpers every compute API handler needs.

* :func:`get_context` - the caller's RequestContext.
* :func:`json_response` / :func:`empty_response` - build the reply.
* :func:`get_limit_and_marker` - paging query parameters, capped by
  ``[api]max_limit``.
* :func:`resource_links`, :func:`collection_links` - the ``links`` and
  ``<collection>_links`` lists, honouring ``[api]compute_link_prefix`` and
  the project-id-in-URL form the client used.
"""

from urllib import parse as urlparse

from oslo_serialization import jsonutils
import webob
import webob.exc

import nova_rocky.conf

CONF = nova_rocky.conf.CONF

JSON_CONTENT_TYPE = 'application/json'


def get_context(req):
    """The ``nova_rocky.context.RequestContext`` of ``req``."""
    return req.environ['nova.context']


def json_response(req, body, status=200, headers=None):
    """A response with ``body`` serialised as JSON."""
    response = webob.Response(status=status, content_type=JSON_CONTENT_TYPE,
                              charset='utf-8')
    response.body = jsonutils.dump_as_bytes(body)
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    return response


def empty_response(status=204, headers=None):
    """A response without a body (204 No Content, 202 Accepted...)."""
    response = webob.Response(status=status)
    # NOTE: webob adds a text/html content type by default; an empty body
    # must not claim one.
    del response.content_type
    response.content_length = 0
    for key, value in (headers or {}).items():
        response.headers[key] = str(value)
    return response


def _int_param(req, name):
    try:
        value = int(req.GET[name])
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='%s param must be an integer' % name)
    if value < 0:
        raise webob.exc.HTTPBadRequest(
            explanation='%s param must be positive' % name)
    return value


def get_limit_and_marker(req):
    """``(limit, marker)`` of the query; limit never exceeds max_limit."""
    limit = CONF.api.max_limit
    if 'limit' in req.GET:
        limit = min(limit, _int_param(req, 'limit'))
    return limit, req.GET.get('marker')


def link_prefix(url):
    """``url`` rebased on ``[api]compute_link_prefix`` when it is set."""
    prefix = CONF.api.compute_link_prefix
    if not prefix:
        return url.rstrip('/')
    url_parts = list(urlparse.urlsplit(url))
    prefix_parts = urlparse.urlsplit(prefix)
    url_parts[0:2] = prefix_parts[0:2]
    url_parts[2] = prefix_parts[2].rstrip('/') + url_parts[2]
    return urlparse.urlunsplit(url_parts).rstrip('/')


def url_join(*parts):
    """Join URL pieces with single slashes; empty pieces are skipped."""
    parts = [str(p) for p in parts if p not in (None, '')]
    if not parts:
        return ''
    return '/'.join([parts[0].rstrip('/')] +
                    [p.strip('/') for p in parts[1:]])


def endpoint_url(req):
    """The URL of the version endpoint the request came in on."""
    return link_prefix(req.application_url)


def root_url(req):
    """The URL above the version endpoint (for bookmark links)."""
    url = endpoint_url(req)
    head, _sep, last = url.rpartition('/')
    if last.startswith('v2'):
        return head
    return url


def _project(req):
    return req.environ.get('nova.url_project_id') or ''


def resource_url(req, collection, identifier):
    """The versioned URL of one resource (the "self" link)."""
    return url_join(endpoint_url(req), _project(req), collection,
                    identifier)


def resource_links(req, collection, identifier):
    """Upstream's ``links`` list of a resource: self and bookmark."""
    return [
        {'rel': 'self',
         'href': resource_url(req, collection, identifier)},
        {'rel': 'bookmark',
         'href': url_join(root_url(req), _project(req), collection,
                          identifier)},
    ]


def next_link(req, collection, marker):
    """URL of the next page: the same query with ``marker`` replaced."""
    params = sorted((k, v) for k, v in req.GET.items() if k != 'marker')
    params.append(('marker', marker))
    url = url_join(endpoint_url(req), _project(req), collection)
    return '%s?%s' % (url, urlparse.urlencode(params))


def collection_links(req, items, collection, id_key='id'):
    """The ``<collection>_links`` list: a "next" link on a full page.

    ``items`` are the response dicts of this page; the marker is the
    ``id_key`` of the last one. Returns [] when the page is not full.
    """
    limit, _marker = get_limit_and_marker(req)
    if not items or len(items) != limit:
        return []
    return [{'rel': 'next',
             'href': next_link(req, collection, items[-1][id_key])}]
