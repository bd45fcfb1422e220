"""The Request object every compute API handler receives.

It is a ``webob.Request`` with the compute API's per-request state as
properties, so handlers never read the WSGI environ keys directly.
"""

from oslo_serialization import jsonutils
import webob
import webob.exc

from nova_rocky.api import microversion

# Body media types the API accepts (upstream's list). A body sent without a
# content type, or as text/plain (some clients' default), is read as JSON.
JSON_TYPES = ('application/json', 'application/vnd.openstack.compute+json')
BODY_METHODS = ('POST', 'PUT', 'PATCH')

ENV_CONTEXT = 'nova.context'
ENV_URL_PROJECT_ID = 'nova.url_project_id'


class Request(webob.Request):
    """A compute API request."""

    @property
    def api_version(self):
        """The negotiated microversion, a tuple: ``req.api_version >=
        (2, 61)``. Its ``str()`` is ``'2.61'``."""
        return self.environ.get(microversion.ENV_VERSION,
                                microversion.min_version())

    @property
    def context(self):
        """The ``nova_rocky.context.RequestContext`` of the caller."""
        return self.environ[ENV_CONTEXT]

    @property
    def is_legacy_v2(self):
        """True when the request came in through the ``/v2`` endpoint."""
        return bool(self.environ.get(microversion.ENV_LEGACY_V2))

    @property
    def extensions(self):
        """Project extensions the client opted in to (a frozenset)."""
        return self.environ.get(microversion.ENV_EXTENSIONS, frozenset())

    @property
    def url_project_id(self):
        """The project id written in the URL, or None (2.18 made it
        optional); links built for this request keep the same form."""
        return self.environ.get(ENV_URL_PROJECT_ID)

    def json_body(self):
        """The decoded JSON body of a POST/PUT/PATCH, or None if empty.

        Raises 415 for a body of another media type and 400 for a body
        that is not JSON, with upstream's messages.
        """
        if not self.content_length and not self.body:
            return None
        content_type = self.content_type
        if content_type and content_type != 'text/plain' and \
                content_type not in JSON_TYPES:
            raise webob.exc.HTTPUnsupportedMediaType(
                explanation='Unsupported Content-Type')
        try:
            return jsonutils.loads(self.body)
        except ValueError:
            raise webob.exc.HTTPBadRequest(
                explanation='Malformed request body')
