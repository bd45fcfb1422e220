"""Inside the Keystone child: the catalog and the service user.

Runs after keystone's own bootstrap (admin user and project, roles
admin/member/reader/manager/service, the identity endpoints) through
keystone's provider APIs, the way ``keystone-manage bootstrap`` works. Every
step looks before it writes, so a restart changes only what moved (the
endpoint URLs when nova-all listens elsewhere).
"""

import uuid

from oslo_log import log as logging

from nova_rocky.allinone.identity import layout

LOG = logging.getLogger(__name__)

INTERFACES = ('public', 'internal', 'admin')


def _providers():
    from keystone.common import provider_api
    return provider_api.ProviderAPIs


def ensure_service(service_type, name):
    """The id of the service of ``service_type``, created when missing."""
    catalog = _providers().catalog_api
    for service in catalog.list_services():
        if service.get('type') == service_type:
            return service['id']
    service_id = uuid.uuid4().hex
    catalog.create_service(service_id, {
        'id': service_id, 'type': service_type, 'name': name,
        'enabled': True})
    LOG.info('Registered the %s service (%s)', service_type, name)
    return service_id


def ensure_endpoints(service_id, url, region):
    """Public, internal and admin endpoints of ``service_id`` at ``url``."""
    catalog = _providers().catalog_api
    existing = {endpoint['interface']: endpoint
                for endpoint in catalog.list_endpoints()
                if endpoint['service_id'] == service_id}
    for interface in INTERFACES:
        endpoint = existing.get(interface)
        if endpoint is None:
            endpoint_id = uuid.uuid4().hex
            catalog.create_endpoint(endpoint_id, {
                'id': endpoint_id, 'service_id': service_id,
                'interface': interface, 'url': url, 'region_id': region,
                'enabled': True})
        elif endpoint['url'] != url:
            catalog.update_endpoint(endpoint['id'], {'url': url})


def register_catalog(base_url):
    """Endpoints for compute, image and placement under ``base_url``."""
    for service_type, name, path in layout.CATALOG:
        if service_type == 'identity':
            continue  # bootstrap registered it
        service_id = ensure_service(service_type, name)
        ensure_endpoints(service_id, base_url + path, layout.REGION)


def _role_id(name):
    from keystone.common import driver_hints
    hints = driver_hints.Hints()
    hints.add_filter('name', name)
    roles = _providers().role_api.list_roles(hints)
    return roles[0]['id']


def ensure_service_user(domain_id, password):
    """The ``nova`` user with the ``service`` role in project ``service``.

    keystonemiddleware validates user tokens with this user: keystone's
    ``identity:validate_token`` policy allows the ``service`` role.
    """
    from keystone import exception
    providers = _providers()
    try:
        project = providers.resource_api.get_project_by_name(
            layout.SERVICE_PROJECT, domain_id)
    except exception.ProjectNotFound:
        project_id = uuid.uuid4().hex
        project = providers.resource_api.create_project(project_id, {
            'id': project_id, 'name': layout.SERVICE_PROJECT,
            'domain_id': domain_id, 'enabled': True, 'is_domain': False,
            'parent_id': domain_id,
            'description': 'Service users of nova-all'})
    try:
        user = providers.identity_api.get_user_by_name(
            layout.SERVICE_USER, domain_id)
        try:
            providers.identity_api.driver.authenticate(user['id'], password)
        except AssertionError:
            providers.identity_api.update_user(user['id'],
                                               {'password': password})
    except exception.UserNotFound:
        user = providers.identity_api.create_user({
            'name': layout.SERVICE_USER, 'domain_id': domain_id,
            'enabled': True, 'password': password})
        LOG.info('Created the service user %s', layout.SERVICE_USER)
    try:
        providers.assignment_api.add_role_to_user_and_project(
            user['id'], project['id'], _role_id('service'))
    except exception.Conflict:
        pass  # already assigned
