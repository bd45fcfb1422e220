"""/servers against real objects and databases, with a recording conductor.

Responses are checked against tempest's published response schemas for
the version asked (``tempest.lib.api_schema.response.compute``).
"""

import fixtures
from oslo_utils import uuidutils
import testtools
from tempest.lib.common import jsonschema_validator
from tempest.lib.services.compute import servers_client

from nova_rocky.api.handlers import servers as servers_handler
from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky import rpc
from nova_rocky.tests.unit.api.handlers import fakes

_VALIDATOR = jsonschema_validator.JSONSCHEMA_VALIDATOR
_FORMATS = jsonschema_validator.FORMAT_CHECKER


def tempest_schema(version, name):
    """tempest's response schema ``name`` for microversion ``version``."""
    wanted = tuple(int(p) for p in version.split('.'))
    for info in servers_client.ServersClient.schema_versions_info:
        low = tuple(int(p) for p in (info['min'] or '2.1').split('.'))
        high = tuple(int(p) for p in (info['max'] or '2.999').split('.'))
        if low <= wanted <= high:
            return getattr(info['schema'], name)
    raise AssertionError('no tempest schema for %s' % version)


class FakeReportClient(object):
    def __init__(self):
        self.deleted = []

    def delete_allocation_for_instance(self, context, uuid):
        self.deleted.append(uuid)
        return True


class ServersTestBase(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conductor_service = fakes.ConductorService()

    @classmethod
    def tearDownClass(cls):
        cls.conductor_service.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(fakes.ServersEnv(
            conductor_service=self.conductor_service))
        self.api = self.env.api
        self.report = FakeReportClient()
        self.useFixture(fixtures.MockPatch(
            'nova_rocky.scheduler.client.report.get_client',
            return_value=self.report))

    def check(self, resp, version, name, status=200):
        self.assertEqual(status, resp.status_int, resp.body)
        schema = tempest_schema(version, name)
        self.assertIn(resp.status_int, schema['status_code'])
        _VALIDATOR(schema['response_body'],
                   format_checker=_FORMATS).validate(resp.json)
        return resp.json

    def boot(self, version='2.1', user='demo', project=None, **server):
        if version not in ('2.1',) and 'networks' not in server and \
                tuple(int(p) for p in version.split('.')) >= (2, 37):
            server['networks'] = 'none'
        resp = self.api.post('/v2.1/servers', self.env.boot_body(**server),
                             version=version, user=user, project=project)
        self.assertEqual(202, resp.status_int, resp.body)
        self.env.conductor.next_cast()
        return resp.json['server']


class CreateServerTest(ServersTestBase):

    def test_create_writes_boot_records_and_casts(self):
        resp = self.api.post('/v2.1/servers',
                             self.env.boot_body(name='web',
                                                metadata={'a': 'b'}),
                             version='2.1')
        body = self.check(resp, '2.1', 'create_server_with_admin_pass', 202)
        uuid = body['server']['id']
        self.assertIn('adminPass', body['server'])
        self.assertEqual([{'name': 'default'}],
                         body['server']['security_groups'])
        self.assertTrue(resp.headers['Location'].endswith(
            '/servers/' + uuid))
        ctxt = self.env.ctxt
        build_request = objects.BuildRequest.get_by_instance_uuid(ctxt, uuid)
        self.assertEqual('web', build_request.instance.display_name)
        self.assertEqual('building', build_request.instance.vm_state)
        self.assertEqual('scheduling', build_request.instance.task_state)
        self.assertEqual({'a': 'b'}, build_request.instance.metadata)
        spec = objects.RequestSpec.get_by_instance_uuid(ctxt, uuid)
        self.assertEqual(self.env.flavor.flavorid, spec.flavor.flavorid)
        self.assertEqual(self.env.image['id'], spec.image.id)
        mapping = objects.InstanceMapping.get_by_instance_uuid(ctxt, uuid)
        self.assertIsNone(mapping.cell_mapping)
        self.assertEqual(fakes.PROJECT, mapping.project_id)
        context, kwargs = self.env.conductor.next_cast()
        self.assertEqual('demo', context.user_id)
        self.assertEqual([uuid], [br.instance_uuid
                                  for br in kwargs['build_requests']])
        self.assertEqual([uuid], [rs.instance_uuid
                                  for rs in kwargs['request_specs']])
        self.assertEqual(self.env.image['id'], kwargs['image']['id'])
        self.assertEqual(body['server']['adminPass'],
                         kwargs['admin_password'])

    def test_multi_create_names_and_reservation_id(self):
        resp = self.api.post('/v2.1/servers', self.env.boot_body(
            name='batch', min_count=2, max_count=3,
            return_reservation_id=True), version='2.1')
        self.assertEqual(202, resp.status_int)
        resv_id = resp.json['reservation_id']
        self.assertRegex(resv_id, '^r-[a-z0-9]{8}$')
        _context, kwargs = self.env.conductor.next_cast()
        instances = [br.instance for br in kwargs['build_requests']]
        self.assertEqual(['batch-1', 'batch-2', 'batch-3'],
                         [i.display_name for i in instances])
        self.assertEqual([0, 1, 2], [i.launch_index for i in instances])
        self.assertEqual({resv_id}, {i.reservation_id for i in instances})
        self.assertEqual(3, kwargs['request_specs'][0].num_instances)

    def test_boot_records_are_one_transaction(self):
        real_create = objects.InstanceMapping.create
        calls = []

        def fail_second(mapping):
            calls.append(mapping.instance_uuid)
            if len(calls) == 2:
                raise RuntimeError('database went away')
            return real_create(mapping)

        self.useFixture(fixtures.MockPatchObject(
            objects.InstanceMapping, 'create', fail_second))
        resp = self.api.post('/v2.1/servers', self.env.boot_body(
            min_count=2), version='2.1')
        self.assertEqual(500, resp.status_int)
        for cls in (objects.BuildRequest, objects.RequestSpec,
                    objects.InstanceMapping):
            self.assertRaises(Exception, cls.get_by_instance_uuid,
                              self.env.ctxt, calls[0])
        self.assertTrue(self.env.conductor.casts.empty())

    def test_tags_description_and_no_admin_pass_echo(self):
        server = self.boot(version='2.52', name='t', tags=['a', 'b'],
                           description='desc', adminPass='s3cret')
        self.assertEqual('s3cret', server['adminPass'])
        shown = self.api.get('/v2.1/servers/%s' % server['id'],
                             version='2.52')
        body = self.check(shown, '2.52', 'get_server')
        self.assertEqual(['a', 'b'], body['server']['tags'])
        self.assertEqual('desc', body['server']['description'])

    def assertCreateFails(self, body, status, message, version='2.1'):
        resp = self.api.post('/v2.1/servers', body, version=version)
        self.assertEqual(status, resp.status_int, resp.body)
        self.assertIn(message, list(resp.json.values())[0]['message'])

    def test_flavor_problems(self):
        self.assertCreateFails(self.env.boot_body(flavorRef='nope'), 400,
                               'Invalid flavorRef provided.')
        self.env.flavor.disabled = True
        objects.Flavor.get_by_flavor_id(self.env.ctxt, '2')
        from nova_rocky.db import api as db_api
        from nova_rocky.db.models import api as api_models

        @db_api.api_writer
        def disable(context):
            context.session.query(api_models.Flavor).update(
                {'disabled': True})
        disable(self.env.ctxt)
        self.assertCreateFails(self.env.boot_body(), 400,
                               'Invalid flavorRef provided.')

    def test_image_problems(self):
        self.assertCreateFails(
            self.env.boot_body(imageRef='155d900f-4e14-4e4c-a73d-'
                                        '069cbf4541e6'),
            400, 'Can not find requested image')
        queued = self.env.images.create(self.env.ctxt, {
            'name': 'q', 'container_format': 'bare', 'disk_format': 'raw',
            'visibility': 'public'})
        self.assertCreateFails(self.env.boot_body(imageRef=queued['id']),
                               400, 'is not active')
        big = self.env.make_image('big', min_ram=1024)
        self.assertCreateFails(self.env.boot_body(imageRef=big['id']), 400,
                               "Flavor's memory is too small")
        wide = self.env.make_image('wide', min_disk=2)
        self.assertCreateFails(self.env.boot_body(imageRef=wide['id']), 400,
                               'minimum size specified in image metadata')
        odd = self.env.make_image('odd', hw_architecture='pdp11')
        self.assertCreateFails(self.env.boot_body(imageRef=odd['id']), 400,
                               'hw_architecture')
        self.assertCreateFails({'server': {'name': 'x', 'flavorRef': '2'}},
                               400, 'Missing imageRef attribute')

    def test_key_pair_and_user_data(self):
        self.assertCreateFails(self.env.boot_body(key_name='nokey'), 400,
                               'Invalid key_name provided.')
        self.assertCreateFails(self.env.boot_body(user_data='abc'), 400,
                               'User data needs to be valid base 64.')

    def test_key_pair_recorded(self):
        objects.KeyPair(self.env.ctxt, name='k', user_id='demo',
                        fingerprint='f', public_key='ssh-rsa AAA',
                        type='ssh').create()
        server = self.boot(key_name='k')
        instance = objects.BuildRequest.get_by_instance_uuid(
            self.env.ctxt, server['id']).instance
        self.assertEqual('ssh-rsa AAA', instance.key_data)

    def test_quotas(self):
        self.api.conf.config(group='quota', metadata_items=1)
        self.assertCreateFails(
            self.env.boot_body(metadata={'a': '1', 'b': '2'}), 403,
            'Maximum number of metadata items exceeds 1')
        self.api.conf.config(group='quota', instances=2)
        self.boot(name='one')
        self.assertCreateFails(self.env.boot_body(min_count=2), 403,
                               'Quota exceeded for instances: Requested 2, '
                               'but already used 1 of 2 instances')
        # max_count is cut down to what still fits.
        resp = self.api.post('/v2.1/servers', self.env.boot_body(
            max_count=5), version='2.1')
        self.assertEqual(202, resp.status_int)
        _context, kwargs = self.env.conductor.next_cast()
        self.assertEqual(1, len(kwargs['build_requests']))
        self.api.conf.config(group='quota', instances=-1, cores=2)
        self.assertCreateFails(self.env.boot_body(), 403,
                               'Quota exceeded for cores')

    def test_image_mapping_alone_is_an_image_boot(self):
        # What openstackclient sends for "server create --image".
        image_disk = {'uuid': self.env.image['id'], 'boot_index': 0,
                      'source_type': 'image', 'destination_type': 'local',
                      'delete_on_termination': True}
        for body in (self.env.boot_body(networks='none',
                                        block_device_mapping_v2=[image_disk]),
                     self.env.boot_body(networks='none', imageRef='',
                                        block_device_mapping_v2=[image_disk])):
            resp = self.api.post('/v2.1/servers', body, version='2.37')
            self.assertEqual(202, resp.status_int, resp.body)
        other_image = dict(image_disk, uuid=uuidutils.generate_uuid())
        self.assertCreateFails(
            self.env.boot_body(networks='none',
                               block_device_mapping_v2=[other_image]),
            400, 'no volume service', version='2.37')

    def test_services_not_available(self):
        self.assertCreateFails(
            self.env.boot_body(networks=[{'uuid': self.env.image['id']}]),
            400, 'networking is not available', version='2.37')
        self.assertCreateFails(
            self.env.boot_body(networks='none', block_device_mapping_v2=[
                {'source_type': 'volume', 'uuid': self.env.image['id'],
                 'destination_type': 'volume', 'boot_index': 0}]),
            400, 'no volume service', version='2.37')
        self.assertCreateFails(
            self.env.boot_body(networks='none',
                               trusted_image_certificates=['cert']),
            400, 'certificate validation', version='2.63')

    def test_forced_host_is_admin_only(self):
        resp = self.api.post('/v2.1/servers', self.env.boot_body(
            availability_zone='nova:host1'), version='2.1')
        self.assertEqual(403, resp.status_int)
        resp = self.api.post('/v2.1/servers', self.env.boot_body(
            availability_zone='nova:host1'), version='2.1', user='admin')
        self.assertEqual(202, resp.status_int)
        _context, kwargs = self.env.conductor.next_cast()
        self.assertEqual(['host1'], kwargs['request_specs'][0].force_hosts)

    def test_legacy_v2_strips_names(self):
        resp = self.api.post('/v2/servers', self.env.boot_body(
            name='  spaced  ', bogus='dropped'))
        self.assertEqual(202, resp.status_int, resp.body)
        _context, kwargs = self.env.conductor.next_cast()
        self.assertEqual('spaced',
                         kwargs['build_requests'][0].instance.display_name)


class ShowServerTest(ServersTestBase):

    def test_show_building_by_version(self):
        server = self.boot()
        for version in ('2.1', '2.3', '2.9', '2.16', '2.19', '2.26', '2.47',
                        '2.63'):
            for user in ('demo', 'admin'):
                resp = self.api.get('/v2.1/servers/%s' % server['id'],
                                    version=version, user=user,
                                    project=fakes.PROJECT)
                body = self.check(resp, version, 'get_server')['server']
                self.assertEqual('BUILD', body['status'])
                self.assertEqual({}, body['addresses'])

    def test_show_in_cell(self):
        server = self.boot()
        self.env.place_in_cell(server['id'])
        resp = self.api.get('/v2.1/servers/%s' % server['id'],
                            version='2.47', user='admin',
                            project=fakes.PROJECT)
        body = self.check(resp, '2.47', 'get_server')['server']
        self.assertEqual('ACTIVE', body['status'])
        self.assertEqual('host1', body['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(512, body['flavor']['ram'])
        self.assertEqual({'hw:cpu_policy': 'shared'},
                         body['flavor']['extra_specs'])
        self.assertEqual('', body['host_status'])
        import hashlib
        self.assertEqual(hashlib.sha224(
            (fakes.PROJECT + 'host1').encode()).hexdigest(), body['hostId'])

    def test_fault_details_for_admins_only(self):
        server = self.boot()
        instance = self.env.place_in_cell(server['id'], vm_state='error')
        with nova_context.target_cell(self.env.ctxt,
                                      self.env.cell) as cctxt:
            objects.InstanceFault(cctxt, instance_uuid=instance.uuid,
                                  code=500, message='boom',
                                  details='Traceback...').create()
        url = '/v2.1/servers/%s' % server['id']
        body = self.check(self.api.get(url, version='2.1'), '2.1',
                          'get_server')['server']
        self.assertEqual('ERROR', body['status'])
        self.assertEqual({'code', 'created', 'message'}, set(body['fault']))
        body = self.check(self.api.get(url, version='2.1', user='admin',
                                       project=fakes.PROJECT),
                          '2.1', 'get_server')['server']
        self.assertEqual('Traceback...', body['fault']['details'])

    def test_not_found(self):
        resp = self.api.get('/v2.1/servers/155d900f-4e14-4e4c-a73d-'
                            '069cbf4541e6', version='2.1')
        self.assertEqual(404, resp.status_int)
        self.assertEqual(404, self.api.get('/v2.1/servers/xyz').status_int)

    def test_other_project_is_not_found(self):
        server = self.boot()
        resp = self.api.get('/v2.1/servers/%s' % server['id'],
                            project=fakes.OTHER_PROJECT)
        self.assertEqual(404, resp.status_int)


class ListServersTest(ServersTestBase):

    def _names(self, resp):
        return [s['name'] for s in resp.json['servers']]

    def test_list_and_detail_shapes(self):
        self.boot(name='a')
        placed = self.boot(name='b')
        self.env.place_in_cell(placed['id'])
        for version in ('2.1', '2.3', '2.16', '2.26', '2.47', '2.63'):
            self.check(self.api.get('/v2.1/servers', version=version),
                       version, 'list_servers')
            for user in ('demo', 'admin'):
                body = self.check(self.api.get(
                    '/v2.1/servers/detail', version=version, user=user,
                    project=fakes.PROJECT), version, 'list_servers_detail')
                self.assertEqual({'BUILD', 'ACTIVE'},
                                 {s['status'] for s in body['servers']})

    def test_build_requests_first_then_cells_sorted(self):
        for name in ('c1', 'c2', 'c3'):
            self.env.place_in_cell(self.boot(name=name)['id'])
        self.boot(name='b1')
        resp = self.api.get('/v2.1/servers?sort_key=display_name',
                            version='2.1')
        self.assertEqual(['b1', 'c3', 'c2', 'c1'], self._names(resp))
        resp = self.api.get('/v2.1/servers?sort_key=display_name&'
                            'sort_dir=asc', version='2.1')
        self.assertEqual(['b1', 'c1', 'c2', 'c3'], self._names(resp))
        # Ignored sort keys are dropped, not refused.
        resp = self.api.get('/v2.1/servers?sort_key=vcpus&'
                            'sort_key=display_name', version='2.1')
        self.assertEqual(['b1', 'c3', 'c2', 'c1'], self._names(resp))

    def test_paging_across_build_requests_and_cells(self):
        for name in ('c1', 'c2'):
            self.env.place_in_cell(self.boot(name=name)['id'])
        self.boot(name='b1')
        query = '/v2.1/servers?sort_key=display_name&'
        resp = self.api.get(query + 'limit=2', version='2.1')
        self.assertEqual(['b1', 'c2'], self._names(resp))
        next_link = resp.json['servers_links'][0]['href']
        self.assertIn('marker=', next_link)
        marker = resp.json['servers'][-1]['id']
        resp = self.api.get(query + 'limit=2&marker=%s' % marker,
                            version='2.1')
        self.assertEqual(['c1'], self._names(resp))
        self.assertNotIn('servers_links', resp.json)
        first = self.api.get(query + 'limit=1', version='2.1')
        marker = first.json['servers'][0]['id']
        resp = self.api.get(query + 'marker=%s' % marker, version='2.1')
        self.assertEqual(['c2', 'c1'], self._names(resp))

    def test_bad_marker(self):
        resp = self.api.get('/v2.1/servers?marker=155d900f-4e14-4e4c-a73d-'
                            '069cbf4541e6', version='2.1')
        self.assertEqual(400, resp.status_int)
        self.assertIn('not found', resp.json['badRequest']['message'])

    def test_projects_are_separate(self):
        self.boot(name='mine')
        self.boot(name='theirs', project=fakes.OTHER_PROJECT)
        self.assertEqual(['mine'], self._names(
            self.api.get('/v2.1/servers', version='2.1')))
        resp = self.api.get('/v2.1/servers?all_tenants=1', user='admin',
                            version='2.1')
        self.assertEqual({'mine', 'theirs'}, set(self._names(resp)))
        resp = self.api.get('/v2.1/servers?all_tenants=1&tenant_id=%s'
                            % fakes.OTHER_PROJECT, user='admin',
                            version='2.1')
        self.assertEqual(['theirs'], self._names(resp))

    def test_filters(self):
        self.env.place_in_cell(self.boot(name='web-1')['id'])
        self.boot(name='db-1')
        self.assertEqual(['web-1'], self._names(self.api.get(
            '/v2.1/servers?name=^web', version='2.1')))
        self.assertEqual(['db-1'], self._names(self.api.get(
            '/v2.1/servers?status=BUILD', version='2.1')))
        self.assertEqual(['web-1'], self._names(self.api.get(
            '/v2.1/servers?status=active', version='2.1')))
        self.assertEqual([], self._names(self.api.get(
            '/v2.1/servers?flavor=nope', version='2.1')))
        self.assertEqual(2, len(self._names(self.api.get(
            '/v2.1/servers?flavor=2&image=%s' % self.env.image['id'],
            version='2.1'))))
        # Admin-only filters are dropped for others, applied for admins.
        self.assertEqual(2, len(self._names(self.api.get(
            '/v2.1/servers?host=nowhere', version='2.1'))))
        self.assertEqual([], self._names(self.api.get(
            '/v2.1/servers?host=nowhere', version='2.1', user='admin',
            project=fakes.PROJECT)))

    def test_deleted_servers_for_admins(self):
        server = self.boot(name='gone')
        self.env.place_in_cell(server['id'], host=None)
        # A save stamps updated_at, which changes-since compares.
        self.api.put('/v2.1/servers/%s' % server['id'],
                     {'server': {'name': 'gone'}})
        self.assertEqual(204, self.api.delete(
            '/v2.1/servers/%s' % server['id']).status_int)
        self.assertEqual([], self._names(self.api.get('/v2.1/servers')))
        resp = self.api.get('/v2.1/servers/detail?deleted=true', user='admin',
                            project=fakes.PROJECT)
        body = self.check(resp, '2.1', 'list_servers_detail')
        self.assertEqual(['DELETED'], [s['status'] for s in body['servers']])
        # A non-admin sees it through changes-since (it changed).
        resp = self.api.get('/v2.1/servers?changes-since=2000-01-01T00:00:00Z')
        self.assertEqual(['gone'], self._names(resp))
        resp = self.api.get('/v2.1/servers?changes-since=yesterday')
        self.assertEqual(400, resp.status_int)


class DeleteUpdateServerTest(ServersTestBase):

    def _url(self, server):
        return '/v2.1/servers/%s' % server['id']

    def test_delete_while_scheduling(self):
        server = self.boot()
        self.assertEqual(204, self.api.delete(self._url(server)).status_int)
        ctxt = self.env.ctxt
        self.assertRaises(Exception, objects.BuildRequest.get_by_instance_uuid,
                          ctxt, server['id'])
        self.assertRaises(Exception,
                          objects.InstanceMapping.get_by_instance_uuid,
                          ctxt, server['id'])
        self.assertRaises(Exception,
                          objects.RequestSpec.get_by_instance_uuid,
                          ctxt, server['id'])
        self.assertEqual(404, self.api.get(self._url(server)).status_int)

    def test_delete_without_live_compute_is_local(self):
        server = self.boot()
        self.env.place_in_cell(server['id'], host='deadhost')
        self.assertEqual(204, self.api.delete(self._url(server)).status_int)
        self.assertEqual(404, self.api.get(self._url(server)).status_int)
        self.assertEqual([server['id']], self.report.deleted)

    def test_delete_in_cell0_destroys_there(self):
        server = self.boot()
        cell0 = objects.CellMapping(
            self.env.ctxt, uuid=nova_context.CELL0_UUID, name='cell0',
            transport_url=rpc.IN_PROCESS_TRANSPORT_URL,
            database_connection=self.env.db.cell_url)
        cell0.create()
        self.env.cell = cell0
        self.env.place_in_cell(server['id'], host=None, vm_state='error')
        self.assertEqual(204, self.api.delete(self._url(server)).status_int)
        self.assertEqual(404, self.api.get(self._url(server)).status_int)
        self.assertEqual([], self.report.deleted)

    def test_delete_on_live_compute_casts_terminate(self):
        server = self.boot()
        instance = self.env.place_in_cell(server['id'], host='livehost')
        with nova_context.target_cell(self.env.ctxt,
                                      self.env.cell) as cctxt:
            svc = objects.Service(cctxt, host='livehost',
                                  binary='nova-compute', topic='compute')
            svc.create()
            svc.heartbeat()
        casts = []
        self.useFixture(fixtures.MockPatchObject(
            servers_handler.compute_api.compute_rpcapi,
            'terminate_instance',
            side_effect=lambda ctxt, inst, **kw: casts.append(inst)))
        self.assertEqual(204, self.api.delete(self._url(server)).status_int)
        self.assertEqual([instance.uuid], [i.uuid for i in casts])
        shown = self.api.get(self._url(server)).json['server']
        self.assertEqual('ACTIVE', shown['status'])
        self.assertEqual('deleting', shown['OS-EXT-STS:task_state'])

    def test_delete_other_project(self):
        server = self.boot()
        resp = self.api.delete(self._url(server),
                               project=fakes.OTHER_PROJECT)
        self.assertEqual(404, resp.status_int)

    def test_update(self):
        server = self.boot(version='2.19')
        resp = self.api.put(self._url(server), {'server': {
            'name': 'renamed', 'description': 'new',
            'accessIPv4': '10.0.0.1'}}, version='2.19')
        body = self.check(resp, '2.19', 'update_server')['server']
        self.assertEqual('renamed', body['name'])
        self.assertEqual('new', body['description'])
        self.assertEqual('10.0.0.1', body['accessIPv4'])
        self.env.place_in_cell(server['id'])
        resp = self.api.put(self._url(server), {'server': {'name': 'cell'}},
                            version='2.63')
        body = self.check(resp, '2.63', 'update_server')['server']
        self.assertEqual('cell', body['name'])
        self.assertEqual('cell', self.api.get(self._url(server)).json[
            'server']['name'])
