"""URL routing of the compute API: one table, ``ROUTE_DECLARATIONS``.

Each key is a Routes path relative to the version endpoint (``/v2.1`` and
the legacy ``/v2``); each value maps an HTTP verb to a handler named
``'<module>:<function>'`` inside ``nova_rocky.api.handlers``. Adding a
resource is adding its lines here::

    '/os-keypairs': {'GET': 'keypairs:list_keypairs',
                     'POST': 'keypairs:create_keypair'},
    '/os-keypairs/{keypair_name}': {'GET': 'keypairs:show_keypair'},

A handler is a plain function ``handler(req, **path_vars)``; POST, PUT and
PATCH handlers also get ``body`` (the decoded JSON, or None). It returns a
``webob.Response`` (see ``common.json_response``) or raises a
``NovaException`` / ``webob.exc`` error, which becomes a JSON fault.

Every path is also served behind an optional ``/{project_id}`` prefix
(upstream kept both forms; 2.18 made the prefix optional); a prefix that is
not the caller's project is a 400. Literal paths win over paths with
variables (``/servers/detail`` before ``/servers/{server_id}``) whatever
their order here. A known path with an unknown verb is a 405 with
``Allow``; an unknown path is a 404 fault.
"""

import importlib

from oslo_log import log as logging
import routes
import webob.exc

from nova_rocky.api import fault
from nova_rocky.api import request as api_request

LOG = logging.getLogger(__name__)

HANDLER_PACKAGE = 'nova_rocky.api.handlers'
PROJECT_ID_TOKEN = '/{project_id:[0-9a-f\\-]+}'

ROUTE_DECLARATIONS = {
    '/': {'GET': 'versions:show_version'},
    '/flavors': {'GET': 'flavors:list_flavors',
                 'POST': 'flavors:create_flavor'},
    '/flavors/detail': {'GET': 'flavors:list_flavors_detail'},
    '/flavors/{flavor_id}': {'GET': 'flavors:show_flavor',
                             'PUT': 'flavors:update_flavor',
                             'DELETE': 'flavors:delete_flavor'},
    '/flavors/{flavor_id}/action': {'POST': 'flavor_access:flavor_action'},
    '/flavors/{flavor_id}/os-flavor-access': {
        'GET': 'flavor_access:list_flavor_access'},
    '/flavors/{flavor_id}/os-extra_specs': {
        'GET': 'flavor_extra_specs:list_extra_specs',
        'POST': 'flavor_extra_specs:create_extra_specs'},
    '/flavors/{flavor_id}/os-extra_specs/{key}': {
        'GET': 'flavor_extra_specs:show_extra_spec',
        'PUT': 'flavor_extra_specs:update_extra_spec',
        'DELETE': 'flavor_extra_specs:delete_extra_spec'},
    '/os-services': {'GET': 'services:list_services'},
    '/os-services/{service_id}': {'PUT': 'services:update_service',
                                  'DELETE': 'services:delete_service'},
    '/os-hypervisors': {'GET': 'hypervisors:list_hypervisors'},
    '/os-hypervisors/detail': {'GET': 'hypervisors:list_hypervisors_detail'},
    '/os-hypervisors/statistics': {'GET': 'hypervisors:show_statistics'},
    '/os-hypervisors/{hypervisor_id}': {'GET': 'hypervisors:show_hypervisor'},
    '/os-hypervisors/{hypervisor_id}/uptime': {
        'GET': 'hypervisors:show_uptime'},
    '/os-hypervisors/{hypervisor_hostname_pattern}/search': {
        'GET': 'hypervisors:search_hypervisors'},
    '/os-hypervisors/{hypervisor_hostname_pattern}/servers': {
        'GET': 'hypervisors:list_hypervisor_servers'},
    '/os-availability-zone': {'GET': 'availability_zone:list_zones'},
    '/os-availability-zone/detail': {
        'GET': 'availability_zone:list_zones_detail'},
    '/limits': {'GET': 'limits:show_limits'},
    '/os-keypairs': {'GET': 'keypairs:list_keypairs',
                     'POST': 'keypairs:create_keypair'},
    '/os-keypairs/{keypair_name}': {'GET': 'keypairs:show_keypair',
                                    'DELETE': 'keypairs:delete_keypair'},
    '/os-aggregates': {'GET': 'aggregates:list_aggregates',
                       'POST': 'aggregates:create_aggregate'},
    '/os-aggregates/{aggregate_id}': {
        'GET': 'aggregates:show_aggregate',
        'PUT': 'aggregates:update_aggregate',
        'DELETE': 'aggregates:delete_aggregate'},
    '/os-aggregates/{aggregate_id}/action': {
        'POST': 'aggregates:aggregate_action'},
    '/os-server-groups': {'GET': 'server_groups:list_server_groups',
                          'POST': 'server_groups:create_server_group'},
    '/os-server-groups/{server_group_id}': {
        'GET': 'server_groups:show_server_group',
        'DELETE': 'server_groups:delete_server_group'},
    '/servers': {'GET': 'servers:list_servers',
                 'POST': 'servers:create_server'},
    '/servers/detail': {'GET': 'servers:list_servers_detail'},
    '/servers/{server_id}': {'GET': 'servers:show_server',
                             'PUT': 'servers:update_server',
                             'DELETE': 'servers:delete_server'},
    '/servers/{server_id}/action': {
        'POST': 'server_actions:server_action'},
    '/servers/{server_id}/os-instance-actions': {
        'GET': 'instance_actions:list_instance_actions'},
    '/servers/{server_id}/os-instance-actions/{request_id}': {
        'GET': 'instance_actions:show_instance_action'},
    '/images': {'GET': 'images:list_images'},
    '/images/detail': {'GET': 'images:list_images_detail'},
    '/images/{image_id}': {'GET': 'images:show_image',
                           'DELETE': 'images:delete_image'},
}


def resolve(target):
    """Import ``'module:function'`` from the handlers package."""
    if callable(target):
        return target
    module_name, _sep, func_name = target.partition(':')
    module = importlib.import_module('%s.%s' % (HANDLER_PACKAGE, module_name))
    return getattr(module, func_name)


def _specificity(path):
    # Fewer variables first, so literal segments shadow {vars}.
    return path.count('{')


def make_map(declarations):
    """Build a Routes mapper; each path gets a catch-all 405 route."""
    mapper = routes.Mapper()
    for path in sorted(declarations, key=_specificity):
        targets = declarations[path]
        forms = [path] if path == '/' else [path, PROJECT_ID_TOKEN + path]
        allowed = ', '.join(sorted(targets))
        for form in forms:
            for verb, target in targets.items():
                mapper.connect(form, handler=resolve(target),
                               conditions=dict(method=[verb]))
            mapper.connect(form, handler=None, allowed=allowed)
    return mapper


class APIRouter(object):
    """WSGI app dispatching to the handlers of ``ROUTE_DECLARATIONS``."""

    def __init__(self, declarations=None):
        self._map = make_map(ROUTE_DECLARATIONS if declarations is None
                             else declarations)

    def __call__(self, environ, start_response):
        req = api_request.Request(environ)
        try:
            response = self._dispatch(req)
        except Exception as exc:
            response = fault.response_for_exception(environ, exc)
        return response(environ, start_response)

    def _dispatch(self, req):
        path = req.path_info or '/'
        if len(path) > 1 and path.endswith('/'):
            path = path.rstrip('/')
        match = self._map.match(path, environ=req.environ)
        if match is None:
            raise webob.exc.HTTPNotFound(
                explanation='The resource could not be found.')
        handler = match.pop('handler')
        allowed = match.pop('allowed', None)
        if handler is None:
            raise webob.exc.HTTPMethodNotAllowed(
                explanation='The method specified is not allowed for this '
                            'resource.', headers={'Allow': allowed})
        self._check_project_id(req, match.pop('project_id', None))
        req.environ['wsgiorg.routing_args'] = ((), dict(match))
        if req.method in api_request.BODY_METHODS:
            match['body'] = req.json_body()
        return handler(req, **match)

    @staticmethod
    def _check_project_id(req, project_id):
        if project_id is None:
            return
        context = req.environ.get(api_request.ENV_CONTEXT)
        if context is not None and context.project_id and \
                project_id != context.project_id:
            raise webob.exc.HTTPBadRequest(
                explanation="Malformed request URL: URL's project_id '%s' "
                            "doesn't match Context's project_id '%s'"
                            % (project_id, context.project_id))
        req.environ[api_request.ENV_URL_PROJECT_ID] = project_id
