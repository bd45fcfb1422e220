"""/os-services through the real app, on real cell databases."""

import datetime
from unittest import mock

import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import testtools

from nova_rocky import objects
from nova_rocky.scheduler.client import report
from nova_rocky.tests.unit.api.handlers import env as api_env

ADMIN = api_env.ADMIN


class ServicesTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(api_env.AdminEnv())
        self.api = self.env.api
        self.compute = self.env.service('cmp1')
        self.node = self.env.compute_node(self.compute)
        self.conductor = self.env.service('ctl', binary='nova-conductor')
        self.old = self.env.service(
            'cmp2', last_seen_up=timeutils.utcnow() -
            datetime.timedelta(seconds=600))
        self.report = self.useFixture(fixtures.MockPatchObject(
            report, 'get_client')).mock.return_value

    def services(self, version='2.1', query=''):
        resp = self.api.get('/v2.1/os-services' + query, version=version,
                            **ADMIN)
        self.assertEqual(200, resp.status_int, resp.body)
        return resp

    def test_list(self):
        resp = self.services()
        api_env.check_tempest(self, resp, 'v2_1', 'services',
                              'list_services')
        by_host = {s['host']: s for s in resp.json['services']}
        self.assertEqual({'cmp1', 'ctl', 'cmp2'}, set(by_host))
        self.assertEqual(self.compute.id, by_host['cmp1']['id'])
        self.assertEqual('nova', by_host['cmp1']['zone'])
        self.assertEqual('internal', by_host['ctl']['zone'])
        self.assertEqual('up', by_host['cmp1']['state'])
        self.assertEqual('down', by_host['cmp2']['state'])
        self.assertEqual('enabled', by_host['cmp1']['status'])
        self.assertNotIn('forced_down', by_host['cmp1'])
        # cell0 (whose database does not exist here) was never asked.
        self.assertNotIn('did not answer', self.env.logger.output)

    def test_list_versions_and_filters(self):
        resp = self.services('2.11')
        api_env.check_tempest(self, resp, 'v2_11', 'services',
                              'list_services')
        resp = self.services('2.53')
        api_env.check_tempest(self, resp, 'v2_53', 'services',
                              'list_services')
        ids = {s['host']: s['id'] for s in resp.json['services']}
        self.assertEqual(self.compute.uuid, ids['cmp1'])
        resp = self.services(query='?binary=nova-conductor')
        self.assertEqual(['ctl'], [s['host'] for s in
                                   resp.json['services']])
        resp = self.services(query='?host=cmp2&other=1')
        self.assertEqual(['cmp2'], [s['host'] for s in
                                    resp.json['services']])

    def test_forced_down_is_down(self):
        self.compute.forced_down = True
        self.compute.save()
        resp = self.services('2.11', '?host=cmp1')
        service = resp.json['services'][0]
        self.assertEqual('down', service['state'])
        self.assertTrue(service['forced_down'])

    def test_non_admin_forbidden(self):
        self.assertEqual(403, self.api.get('/v2.1/os-services').status_int)
        self.assertEqual(403, self.api.put(
            '/v2.1/os-services/enable',
            {'host': 'cmp1', 'binary': 'nova-compute'}).status_int)
        self.assertEqual(403, self.api.delete(
            '/v2.1/os-services/%s' % self.compute.id).status_int)

    # -- 2.1 - 2.52 actions

    def action(self, action, body, version='2.1'):
        return self.api.put('/v2.1/os-services/' + action, body,
                            version=version, **ADMIN)

    def test_disable_enable(self):
        body = {'host': 'cmp1', 'binary': 'nova-compute'}
        resp = self.action('disable', body)
        api_env.check_tempest(self, resp, 'v2_1', 'services',
                              'enable_disable_service')
        self.assertEqual('disabled', resp.json['service']['status'])
        resp = self.action('disable-log-reason',
                           dict(body, disabled_reason='maintenance'))
        api_env.check_tempest(self, resp, 'v2_1', 'services',
                              'disable_log_reason')
        listed = self.services(query='?host=cmp1').json['services'][0]
        self.assertEqual(('disabled', 'maintenance'),
                         (listed['status'], listed['disabled_reason']))
        resp = self.action('enable', body)
        self.assertEqual('enabled', resp.json['service']['status'])
        listed = self.services(query='?host=cmp1').json['services'][0]
        self.assertIsNone(listed['disabled_reason'])

    def test_action_errors(self):
        body = {'host': 'cmp1', 'binary': 'nova-compute'}
        resp = self.action('disable-log-reason', body)
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Missing disabled reason field',
                         resp.json['badRequest']['message'])
        self.assertEqual(404, self.action('explode', body).status_int)
        # force-down only exists from 2.11.
        self.assertEqual(404, self.action('force-down', body).status_int)
        # Only computes are mapped to cells.
        resp = self.action('disable', {'host': 'ctl',
                                       'binary': 'nova-conductor'})
        self.assertEqual(404, resp.status_int)
        resp = self.action('disable', {'host': 'cmp1',
                                       'binary': 'nova-bogus'})
        self.assertEqual(404, resp.status_int)
        self.assertEqual(400, self.action('disable',
                                          {'host': 'cmp1'}).status_int)
        self.assertEqual(400, self.action(
            'disable', dict(body, forced_down=True)).status_int)

    def test_force_down(self):
        body = {'host': 'cmp1', 'binary': 'nova-compute',
                'forced_down': 'true'}
        resp = self.action('force-down', body, version='2.11')
        api_env.check_tempest(self, resp, 'v2_11', 'services',
                              'update_forced_down')
        self.assertIs(True, resp.json['service']['forced_down'])
        resp = self.action('force-down', {'host': 'cmp1',
                                          'binary': 'nova-compute'},
                           version='2.11')
        self.assertEqual(400, resp.status_int)

    def test_actions_gone_in_2_53(self):
        resp = self.action('disable', {'host': 'cmp1',
                                       'binary': 'nova-compute'},
                           version='2.53')
        self.assertEqual(400, resp.status_int)

    # -- 2.53 updates by uuid

    def update(self, service_id, body):
        return self.api.put('/v2.1/os-services/%s' % service_id, body,
                            version='2.53', **ADMIN)

    def test_update_2_53(self):
        resp = self.update(self.compute.uuid, {
            'status': 'disabled', 'disabled_reason': 'broken',
            'forced_down': True})
        self.assertEqual(200, resp.status_int, resp.body)
        api_env.check_tempest(self, resp, 'v2_53', 'services',
                              'update_service')
        service = resp.json['service']
        self.assertEqual((self.compute.uuid, 'disabled', 'broken', True,
                          'down'),
                         (service['id'], service['status'],
                          service['disabled_reason'],
                          service['forced_down'], service['state']))
        resp = self.update(self.compute.uuid, {'status': 'enabled',
                                               'forced_down': False})
        self.assertEqual(('enabled', None, 'up'), (
            resp.json['service']['status'],
            resp.json['service']['disabled_reason'],
            resp.json['service']['state']))

    def test_update_2_53_errors(self):
        uuid = self.compute.uuid
        self.assertEqual(400, self.update('enable', {}).status_int)
        self.assertEqual(400, self.update(uuid, {}).status_int)
        resp = self.update(uuid, {'status': 'enabled',
                                  'disabled_reason': 'x'})
        self.assertEqual(400, resp.status_int)
        self.assertEqual(400, self.update(uuid, {'status': 'x'}).status_int)
        resp = self.update(self.conductor.uuid, {'status': 'disabled'})
        self.assertEqual(400, resp.status_int)
        self.assertIn('Only nova-compute services can be updated',
                      resp.json['badRequest']['message'])
        missing = uuidutils.generate_uuid()
        self.assertEqual(404, self.update(missing, {
            'status': 'disabled'}).status_int)

    # -- delete

    def test_delete_compute(self):
        resp = self.api.delete('/v2.1/os-services/%s' % self.compute.id,
                               **ADMIN)
        self.assertEqual(204, resp.status_int, resp.body)
        self.report.delete_resource_provider.assert_called_once_with(
            mock.ANY, self.node.uuid, cascade=True)
        self.assertNotIn('cmp1', [s['host'] for s in
                                  self.services().json['services']])
        self.assertRaises(Exception, objects.HostMapping.get_by_host,
                          self.env.ctxt, 'cmp1')
        nodes = objects.ComputeNodeList.get_all(self.env.cell_context())
        self.assertEqual([], list(nodes))
        resp = self.api.delete('/v2.1/os-services/%s' % self.compute.id,
                               **ADMIN)
        self.assertEqual(404, resp.status_int)

    def test_delete_by_uuid_and_bad_ids(self):
        self.assertEqual(400, self.api.delete(
            '/v2.1/os-services/%s' % self.conductor.uuid,
            **ADMIN).status_int)
        self.assertEqual(400, self.api.delete(
            '/v2.1/os-services/%s' % self.conductor.id, version='2.53',
            **ADMIN).status_int)
        resp = self.api.delete('/v2.1/os-services/%s' % self.conductor.uuid,
                               version='2.53', **ADMIN)
        self.assertEqual(204, resp.status_int)
        self.report.delete_resource_provider.assert_not_called()

    def test_delete_compute_with_instances(self):
        instance = objects.Instance(
            self.env.cell_context(), uuid=uuidutils.generate_uuid(),
            host='cmp1', node='cmp1', project_id=api_env.PROJECT,
            user_id='demo', vm_state='active')
        instance.create()
        resp = self.api.delete('/v2.1/os-services/%s' % self.compute.id,
                               **ADMIN)
        self.assertEqual(409, resp.status_int)
        self.assertIn('hosting instances',
                      resp.json['conflictingRequest']['message'])

    def test_integer_id_in_two_cells(self):
        self.env.second_cell_on_same_database()
        self.assertEqual(6, len(self.services().json['services']))
        resp = self.api.delete('/v2.1/os-services/%s' % self.conductor.id,
                               **ADMIN)
        self.assertEqual(400, resp.status_int)
        self.assertEqual('Service id %s refers to multiple services.'
                         % self.conductor.id,
                         resp.json['badRequest']['message'])
