"""The unmodified ``openstack`` CLI against a started ``nova-all``.

One nova-all (with its Keystone child) serves the whole class; the CLI
uses the ``clouds.yaml`` nova-all wrote, exactly as the README tells a
user to. Assertions are on the CLI's own output.
"""

import os

import requests
import testtools
import testtools.content

from nova_rocky.api import router
from nova_rocky.tests.fixtures import allinone

IMAGE = 'cirros-0.6.2-x86_64-disk'
DEMO_PASSWORD = 'demo-secret-1'

_CLOUD_TEMPLATE = """\
clouds:
  demo:
    auth_type: password
    auth:
      auth_url: {auth_url}
      username: {username}
      password: '{password}'
      project_name: {project}
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
"""


def password_token(identity_url, user, password, project):
    """A project-scoped token straight from Keystone's REST API."""
    resp = requests.post(identity_url + '/v3/auth/tokens', json={'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'},
            'password': password}}},
        'scope': {'project': {'name': project,
                              'domain': {'name': 'Default'}}}}},
        timeout=120)
    resp.raise_for_status()
    return resp.headers['X-Subject-Token']


class KeystoneCloudTestCase(testtools.TestCase):
    """Base: one keystone-mode nova-all per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cloud = allinone.NovaAll(noauth=False)
        cls.cloud.setUp()
        cls.cli = allinone.OpenStackCLI(cls.cloud.clouds_yaml)
        cls.identity_url = cls.cloud.base_url + '/identity'
        cls.compute_url = cls.cloud.base_url + '/v2.1'

    @classmethod
    def tearDownClass(cls):
        cls.cloud.cleanUp()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.addOnException(self._attach_logs)

    def _attach_logs(self, exc_info):
        for name, path in (('nova-all.log', self.cloud.log_path),
                           ('keystone.log', os.path.join(
                               self.cloud.state_dir, 'keystone',
                               'keystone.log'))):
            try:
                with open(path, errors='replace') as log:
                    tail = log.read()[-20000:]
            except OSError as exc:
                tail = 'unreadable: %s' % exc
            self.addDetail(name, testtools.content.text_content(tail))

    def admin_token(self):
        return password_token(self.identity_url, 'admin',
                              self.cloud.admin_password, 'admin')

    def compute_get(self, path, token, **headers):
        headers['X-Auth-Token'] = token
        return requests.get(self.compute_url + path, headers=headers,
                            timeout=120)


class TestOpenStackCLI(KeystoneCloudTestCase):

    def test_flavors(self):
        created = self.cli.json('flavor', 'create', '--ram', '256',
                                '--disk', '1', '--vcpus', '1', 'cli.flavor')
        self.assertEqual(256, created['ram'])
        self.cli('flavor', 'set', '--property', 'hw:cpu_policy=shared',
                 'cli.flavor')
        shown = self.cli.json('flavor', 'show', 'cli.flavor')
        self.assertEqual({'hw:cpu_policy': 'shared'}, shown['properties'])
        self.assertIn('cli.flavor', self.cli.value('flavor', 'list', '-c',
                                                   'Name'))
        self.cli('flavor', 'delete', 'cli.flavor')
        self.assertNotIn('cli.flavor', self.cli.value('flavor', 'list',
                                                      '-c', 'Name'))

    def test_images(self):
        data = os.path.join(self.cloud.state_dir, 'disk.raw')
        with open(data, 'wb') as out:
            out.write(b'\0' * 4096)
        created = self.cli.json('image', 'create', '--file', data,
                                '--disk-format', 'raw',
                                '--container-format', 'bare', 'cli.image')
        self.assertEqual('active', created['status'])
        self.cli('image', 'set', '--property', 'os_distro=cirros',
                 'cli.image')
        shown = self.cli.json('image', 'show', 'cli.image')
        self.assertEqual('cirros', shown['properties']['os_distro'])
        self.assertEqual(4096, shown['size'])
        self.assertIn('cli.image', self.cli.value('image', 'list', '-c',
                                                  'Name'))
        self.cli('image', 'delete', 'cli.image')
        self.assertNotIn('cli.image', self.cli.value('image', 'list', '-c',
                                                     'Name'))

    def _wait_status(self, server_id, status):
        # Polled over HTTP: a CLI start per poll would cost seconds each.
        token = self.admin_token()

        def reached():
            resp = self.compute_get('/servers/%s' % server_id, token)
            return resp.json()['server']['status'] == status
        allinone.wait_for(reached, 120, 'server %s to be %s' % (
            server_id, status))

    def _create_server(self, name):
        server = self.cli.json('server', 'create', '--flavor', 'm1.tiny',
                               '--image', IMAGE, '--nic', 'none', '--wait',
                               name)
        self.assertEqual('ACTIVE', server['status'])
        return server

    def test_server_create_list_show_delete(self):
        server = self._create_server('cli.server')
        listed = self.cli.json('server', 'list')
        self.assertIn(server['id'], [row['ID'] for row in listed])
        shown = self.cli.json('server', 'show', 'cli.server')
        self.assertEqual(server['id'], shown['id'])
        self.assertEqual('ACTIVE', shown['status'])
        self.cli('server', 'delete', '--wait', 'cli.server')
        self.assertNotIn(server['id'], [row['ID'] for row in
                                        self.cli.json('server', 'list')])

    def test_server_actions(self):
        self._skip_unless_routed('/servers/{server_id}/action',
                                 'server actions')
        server = self._create_server('cli.actions')
        self.cli('server', 'reboot', '--wait', 'cli.actions')
        self.cli('server', 'stop', 'cli.actions')
        self._wait_status(server['id'], 'SHUTOFF')
        self.cli('server', 'start', 'cli.actions')
        self._wait_status(server['id'], 'ACTIVE')
        # "server rebuild --wait" prints progress, not the server: wait here.
        self.cli('server', 'rebuild', '--image', IMAGE, 'cli.actions')
        self._wait_status(server['id'], 'ACTIVE')
        if '/servers/{server_id}/os-instance-actions' in \
                router.ROUTE_DECLARATIONS:
            events = self.cli.json('server', 'event', 'list', 'cli.actions')
            actions = {event['Action'] for event in events}
            self.assertTrue({'create', 'reboot', 'stop', 'start',
                             'rebuild'} <= actions, actions)
        self.cli('server', 'delete', '--wait', 'cli.actions')

    def test_server_events(self):
        self._skip_unless_routed('/servers/{server_id}/os-instance-actions',
                                 'instance actions')
        self._create_server('cli.events')
        events = self.cli.json('server', 'event', 'list', 'cli.events')
        self.assertEqual(['create'], [event['Action'] for event in events])
        detail = self.cli.json('server', 'event', 'show', 'cli.events',
                               events[0]['Request ID'])
        # openstackclient names the fields differently across releases
        # (and shows no server id here).
        self.assertIn('create', detail.values())
        self.assertIn(events[0]['Request ID'], detail.values())
        self.cli('server', 'delete', '--wait', 'cli.events')

    def test_server_migrate_and_confirm(self):
        self._skip_unless_routed('/servers/{server_id}/action',
                                 'server actions')
        self._skip_unless_routed('/os-migrations', 'migrations')
        server = self._create_server('cli.migrate')
        self.cli('server', 'migrate', '--wait', 'cli.migrate')
        self._wait_status(server['id'], 'VERIFY_RESIZE')
        self.cli('server', 'resize', 'confirm', 'cli.migrate')
        self._wait_status(server['id'], 'ACTIVE')
        self.cli('server', 'delete', '--wait', 'cli.migrate')

    def test_compute_services_and_hypervisors(self):
        services = self.cli.json('compute', 'service', 'list')
        binaries = {row['Binary'] for row in services}
        self.assertTrue({'nova-compute', 'nova-conductor',
                         'nova-scheduler'} <= binaries, binaries)
        compute = [row for row in services
                   if row['Binary'] == 'nova-compute'][0]
        self.cli('compute', 'service', 'set', '--disable',
                 '--disable-reason', 'maintenance', compute['Host'],
                 'nova-compute')
        rows = self.cli.json('compute', 'service', 'list', '--long',
                             '--service', 'nova-compute')
        self.assertEqual('disabled', rows[0]['Status'])
        self.assertEqual('maintenance', rows[0]['Disabled Reason'])
        self.cli('compute', 'service', 'set', '--enable', compute['Host'],
                 'nova-compute')
        rows = self.cli.json('compute', 'service', 'list', '--service',
                             'nova-compute')
        self.assertEqual('enabled', rows[0]['Status'])

        hypervisors = self.cli.json('hypervisor', 'list')
        self.assertEqual(1, len(hypervisors))
        self.assertEqual(compute['Host'],
                         hypervisors[0]['Hypervisor Hostname'])

    def _skip_unless_routed(self, path, what):
        # Other engineers add these APIs in parallel; only what this branch
        # routes is exercised, nothing is faked.
        if path not in router.ROUTE_DECLARATIONS:
            self.skipTest('the %s API is not on this branch' % what)

    def test_hypervisor_show(self):
        # "hypervisor show" also lists the host's aggregates.
        self._skip_unless_routed('/os-aggregates', 'aggregates')
        name = self.cli.json('hypervisor', 'list')[0]['Hypervisor Hostname']
        shown = self.cli.json('hypervisor', 'show', name)
        self.assertEqual(name, shown['hypervisor_hostname'])

    def test_keypairs(self):
        private = self.cli('keypair', 'create', 'cli-key')
        self.assertIn('PRIVATE KEY', private)
        rows = self.cli.json('keypair', 'list')
        self.assertIn('cli-key', [row['Name'] for row in rows])

    def test_resource_providers(self):
        hypervisor = self.cli.json('hypervisor', 'list')[0]
        providers = self.cli.json('resource', 'provider', 'list')
        self.assertIn(hypervisor['Hypervisor Hostname'],
                      [row['name'] for row in providers])

    def test_server_groups(self):
        self._skip_unless_routed('/os-server-groups', 'server groups')
        group = self.cli.json('server', 'group', 'create', '--rule',
                              'max_server_per_host=2', '--policy',
                              'anti-affinity', 'cli.group')
        self.assertIn('cli.group', [row['Name'] for row in
                                    self.cli.json('server', 'group',
                                                  'list')])
        self.cli('server', 'group', 'delete', group['id'])

    def test_aggregates(self):
        self._skip_unless_routed('/os-aggregates', 'aggregates')
        self.cli('aggregate', 'create', 'cli.agg')
        host = self.cli.json('compute', 'service', 'list', '--service',
                             'nova-compute')[0]['Host']
        self.cli('aggregate', 'add', 'host', 'cli.agg', host)
        self.cli('aggregate', 'set', '--property', 'ssd=true', 'cli.agg')
        shown = self.cli.json('aggregate', 'show', 'cli.agg')
        self.assertIn(host, shown['hosts'])


class TestIdentityErrors(KeystoneCloudTestCase):
    """Authentication and authorization failures, as users meet them."""

    def test_wrong_password_is_an_authentication_error(self):
        path = os.path.join(self.cloud.state_dir, 'wrong-clouds.yaml')
        with open(path, 'w') as out:
            out.write(_CLOUD_TEMPLATE.format(
                auth_url=self.identity_url, username='admin',
                password='not-the-password', project='admin'))
        proc = allinone.OpenStackCLI(path, cloud='demo').run(
            'server', 'list', check=False)
        self.assertNotEqual(0, proc.returncode)
        self.assertIn('The request you have made requires authentication',
                      proc.stderr)
        self.assertIn('HTTP 401', proc.stderr)

    def test_other_project_cannot_see_admin_servers(self):
        server = self.cli.json('server', 'create', '--flavor', 'm1.tiny',
                               '--image', IMAGE, '--nic', 'none', '--wait',
                               'admin.server')
        self.cli('project', 'create', 'demo')
        self.cli('user', 'create', '--password', DEMO_PASSWORD, 'demo')
        self.cli('role', 'add', '--project', 'demo', '--user', 'demo',
                 'member')
        path = os.path.join(self.cloud.state_dir, 'demo-clouds.yaml')
        with open(path, 'w') as out:
            out.write(_CLOUD_TEMPLATE.format(
                auth_url=self.identity_url, username='demo',
                password=DEMO_PASSWORD, project='demo'))
        demo = allinone.OpenStackCLI(path, cloud='demo')

        self.assertEqual([], demo.json('server', 'list'))
        shown = demo.run('server', 'show', server['id'], check=False)
        self.assertNotEqual(0, shown.returncode)
        self.assertIn('No Server found', shown.stderr)
        deleted = demo.run('server', 'delete', server['id'], check=False)
        self.assertNotEqual(0, deleted.returncode)
        self.assertEqual('ACTIVE', self.cli.value(
            'server', 'show', server['id'], '-c', 'status')[0])

        token = password_token(self.identity_url, 'demo', DEMO_PASSWORD,
                               'demo')
        resp = self.compute_get('/servers/%s' % server['id'], token)
        self.assertEqual(404, resp.status_code)
        self.assertEqual(404, resp.json()['itemNotFound']['code'])
        # A member is not an administrator: the services API says 403.
        resp = self.compute_get('/os-services', token)
        self.assertEqual(403, resp.status_code)
        self.assertIn('forbidden', resp.json())

    def test_missing_malformed_and_stale_tokens_get_401(self):
        resp = requests.get(self.compute_url + '/servers', timeout=60)
        self.assertEqual(401, resp.status_code)
        self.assertEqual(401, resp.json()['unauthorized']['code'])
        self.assertEqual('Keystone uri="%s"' % self.identity_url,
                         resp.headers['WWW-Authenticate'])

        resp = self.compute_get('/servers', 'not-a-token')
        self.assertEqual(401, resp.status_code)
        self.assertIn('unauthorized', resp.json())
        self.assertIn('WWW-Authenticate', resp.headers)

        # A token Keystone issued and then revoked (never used with
        # compute, so not in auth_token's cache).
        admin = self.admin_token()
        stale = self.admin_token()
        revoked = requests.delete(
            self.identity_url + '/v3/auth/tokens', timeout=60,
            headers={'X-Auth-Token': admin, 'X-Subject-Token': stale})
        self.assertEqual(204, revoked.status_code)
        for url in (self.compute_url + '/servers',
                    self.cloud.base_url + '/image/v2/images',
                    self.cloud.base_url + '/placement/resource_providers'):
            resp = requests.get(url, headers={'X-Auth-Token': stale},
                                timeout=60)
            self.assertEqual(401, resp.status_code, url)
        self.assertEqual(200, self.compute_get('/servers', admin).status_code)

    def test_version_documents_need_no_token(self):
        # As upstream: clients discover versions before authenticating.
        for path in ('/', '/image/versions', '/placement/',
                     '/identity/v3'):
            resp = requests.get(self.cloud.base_url + path, timeout=60)
            self.assertIn(resp.status_code, (200, 300), path)
