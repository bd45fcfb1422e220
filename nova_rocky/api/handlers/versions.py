"""The version documents: ``GET /``, ``GET /v2.1/`` and ``GET /v2/``.

These are not microversioned. ``GET /`` lists both endpoints; any other
path outside an endpoint answers 300 Multiple Choices. When a request
carries the ``X-Nova-Rocky-Extensions`` header (any value, even empty) the
v2.1 entries also list the project extensions under ``"extensions"``;
without it the documents are exactly upstream's.
"""

from nova_rocky.api import common
from nova_rocky.api import microversion

DOCS_URL = 'http://docs.openstack.org/'

VERSIONS = {
    'v2.0': {
        'id': 'v2.0',
        'status': 'SUPPORTED',
        'version': '',
        'min_version': '',
        'updated': '2011-01-21T11:33:21Z',
        'path': 'v2',
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2'}],
    },
    'v2.1': {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': microversion.VERSIONS[-1],
        'min_version': microversion.VERSIONS[0],
        'updated': '2013-07-23T11:33:21Z',
        'path': 'v2.1',
        'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=2.1'}],
    },
}


def _wants_extensions(req):
    return 'HTTP_X_NOVA_ROCKY_EXTENSIONS' in req.environ


def _extensions():
    return [{'name': name, 'description': text}
            for name, text in sorted(microversion.EXTENSIONS.items())]


def _entry(req, base_url, version):
    entry = {key: version[key] for key in
             ('id', 'status', 'version', 'min_version', 'updated')}
    href = common.url_join(base_url, version['path']) + '/'
    entry['links'] = [{'rel': 'self', 'href': href}]
    if version['id'] == 'v2.1' and _wants_extensions(req):
        entry['extensions'] = _extensions()
    return entry


def _root_url(req):
    """The service root URL, whichever endpoint the request came in on."""
    url = common.link_prefix(req.host_url + req.script_name)
    head, _sep, last = url.rpartition('/')
    return head if last in ('v2', 'v2.1') else url


def list_versions(req):
    """GET / - both API endpoints."""
    base = _root_url(req)
    body = {'versions': [_entry(req, base, VERSIONS[key])
                         for key in sorted(VERSIONS)]}
    return common.json_response(req, body)


def multiple_choices(req):
    """Any unversioned path but / - where that path lives, per endpoint."""
    base = _root_url(req)
    choices = []
    for key in sorted(VERSIONS):
        version = VERSIONS[key]
        choices.append({
            'id': version['id'],
            'status': version['status'],
            'links': [{'rel': 'self', 'href': common.url_join(
                base, version['path'], req.path_info)}],
            'media-types': version['media-types'],
        })
    return common.json_response(req, {'choices': choices}, status=300)


def show_version(req):
    """GET /v2.1/ (or /v2/) - the document of this endpoint."""
    version = VERSIONS['v2.0' if req.is_legacy_v2 else 'v2.1']
    entry = _entry(req, _root_url(req), version)
    entry['links'].append(
        {'rel': 'describedby', 'type': 'text/html', 'href': DOCS_URL})
    entry['media-types'] = version['media-types']
    return common.json_response(req, {'version': entry})
