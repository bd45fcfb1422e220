"""Failed builds move to the scheduler's alternates, through the REST API.

The fake driver fails every spawn on the hosts named in ``[fake]
fail_spawn_on_hosts``; no scheduler call is made for a reschedule.
"""

from unittest import mock

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.scheduler import filter_scheduler
from nova_rocky.tests.functional import base

CONF = conf.CONF
HOST = 'OS-EXT-SRV-ATTR:host'


class TestReschedule(base.FunctionalTestCase):

    def setUp(self):
        super().setUp()
        flavor = self.admin_api.post('/flavors', {'flavor': {
            'name': self.unique_name('rs'), 'ram': 128, 'vcpus': 1,
            'disk': 1}}, expect=200).json()['flavor']
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/flavors/%s' % flavor['id'])
        self.flavor_id = flavor['id']
        self.image_id = self.demo_image_id()
        self.spy = self._count_scheduler_calls()

    def _count_scheduler_calls(self):
        """A spy around the real select_destinations (it still runs)."""
        import fixtures
        real = filter_scheduler.FilterScheduler.select_destinations
        spy = mock.Mock()

        def counted(this, *args, **kwargs):
            spy(*args, **kwargs)
            return real(this, *args, **kwargs)
        self.useFixture(fixtures.MonkeyPatch(
            'nova_rocky.scheduler.filter_scheduler.FilterScheduler.'
            'select_destinations', counted))
        return spy

    def fail_on(self, hosts):
        CONF.set_override('fail_spawn_on_hosts', hosts, group='fake')
        self.addCleanup(CONF.clear_override, 'fail_spawn_on_hosts',
                        group='fake')

    def boot(self, statuses=('ACTIVE',)):
        server = self.api.create_server(self.unique_name('vm'),
                                        self.flavor_id, self.image_id)
        self.addCleanup(self._delete, server['id'])
        return self.api.wait_for_server(server['id'], statuses=statuses)

    def _delete(self, server_id):
        if self.api.request('DELETE', '/servers/%s' % server_id
                            ).status_code == 204:
            self.api.wait_for_deleted(server_id)

    def host_of(self, server):
        return self.admin_api.get('/servers/%s' % server['id'])[
            'server'][HOST]

    def events(self, server):
        ctxt = nova_context.get_admin_context()
        mapping = objects.InstanceMapping.get_by_instance_uuid(
            ctxt, server['id'])
        with nova_context.target_cell(ctxt, mapping.cell_mapping) as cctxt:
            actions = objects.InstanceActionList.get_by_instance_uuid(
                cctxt, server['id'])
            return [(e.event, e.result) for a in actions for e in
                    objects.InstanceActionEventList.get_by_action(cctxt,
                                                                  a.id)]

    def update_computes(self):
        ctxt = nova_context.get_admin_context()
        for svc in self.cloud.runner.services:
            if svc.binary == 'nova-compute':
                svc.manager.update_available_resource(ctxt)

    def test_failed_build_goes_to_an_alternate(self):
        failing, good = self.cloud.compute_hosts[:2]
        self.fail_on([failing])
        # Without the build failure weigher the failing host (which keeps
        # the most free RAM) stays first: each boot is rescheduled.
        CONF.set_override('build_failure_weight_multiplier', 0.0,
                          group='filter_scheduler')
        self.addCleanup(CONF.clear_override,
                        'build_failure_weight_multiplier',
                        group='filter_scheduler')
        rescheduled = 0
        for _ in range(4):
            server = self.boot()
            self.assertEqual(good, self.host_of(server))
            if ('compute__do_build_and_run_instance', 'Error') in \
                    self.events(server):
                rescheduled += 1
        # One scheduler call per boot, reschedules included.
        self.assertEqual(4, self.spy.call_count)
        self.assertGreaterEqual(rescheduled, 1)

    def test_build_failures_push_the_host_down(self):
        failing, good = self.cloud.compute_hosts[:2]
        self.fail_on([failing])
        for _ in range(3):
            server = self.boot()
            if ('compute__do_build_and_run_instance', 'Error') in \
                    self.events(server):
                break
        else:
            self.fail('no build was placed on %s first' % failing)
        # The compute reports its failed build; the weigher then sends the
        # next boots to the other host first.
        self.update_computes()
        CONF.set_override('host_state_refresh_interval', 0,
                          group='scheduler')
        self.addCleanup(CONF.clear_override, 'host_state_refresh_interval',
                        group='scheduler')
        for _ in range(2):
            server = self.boot()
            self.assertNotIn(('compute__do_build_and_run_instance',
                              'Error'), self.events(server))

    def test_error_with_the_last_fault_when_alternates_run_out(self):
        self.fail_on(self.cloud.compute_hosts)
        server = self.boot(statuses=('ERROR',))
        # The fault is the failure on the last host tried.
        self.assertIn('fail_spawn_on_hosts', server['fault']['message'])
        errors = [e for e in self.events(server)
                  if e == ('compute__do_build_and_run_instance', 'Error')]
        self.assertEqual(len(self.cloud.compute_hosts), len(errors))
        self.assertEqual({}, self.allocations(server['id']))
        self.assertEqual(1, self.spy.call_count)
