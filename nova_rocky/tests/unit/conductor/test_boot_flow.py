"""The boot, reschedule and delete flows end to end, in one process.

Real objects on SQLite (API, cell0 and cell1 databases), the real placement
code in-process, the real conductor, scheduler and compute services over
oslo.messaging's kombu+memory transport, the fake virt driver. The
computes reach the database only through the conductor (see
``services.ComputeThreadIndirection``).
"""

import fixtures
from oslo_utils import uuidutils
import testtools

from nova_rocky.compute import rpcapi as compute_rpcapi
from nova_rocky.compute import task_states
from nova_rocky.compute import vm_states
from nova_rocky.conductor import rpcapi as conductor_rpcapi
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.scheduler.client import report
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.tests.fixtures import services as services_fixture
from nova_rocky.virt import power_state

CONF = conf.CONF
IMAGE = {'id': '155d900f-4e14-4e4c-a73d-069cbf4541e6', 'name': 'cirros',
         'status': 'active', 'disk_format': 'qcow2',
         'container_format': 'bare', 'min_ram': 0, 'min_disk': 0,
         'properties': {}}


class BootFlowTestCase(testtools.TestCase):

    COMPUTES = 2

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger(level='INFO'))
        self.cfg = self.useFixture(conf_fixture.ConfFixture())
        self.useFixture(db_fixture.Database())
        self.addCleanup(report.reset_client)
        self.services = self.useFixture(
            services_fixture.Services(computes=self.COMPUTES))
        self.ctxt = nova_context.RequestContext(
            user_id='demo', project_id=uuidutils.generate_uuid())
        self.admin = nova_context.get_admin_context()
        self.flavor = objects.Flavor(
            self.admin, name='m1.small-%s' % uuidutils.generate_uuid()[:8],
            flavorid=uuidutils.generate_uuid(), vcpus=1, memory_mb=512,
            root_gb=1, ephemeral_gb=0, swap=0, extra_specs={})
        self.flavor.create()
        self.reportclient = report.get_client()
        self._wait_for_providers()

    def _wait_for_providers(self):
        # The computes report in init_host; the scheduler must see them.
        def ready():
            return all(self.services.computes[h].resource_tracker
                       .compute_nodes for h in self.services.compute_hosts)
        self.services.wait_for(ready, what='compute nodes reported')

    # -- what the API does ------------------------------------------------

    def _request_boot(self, count=1, name='vm'):
        build_requests, specs = [], []
        for index in range(count):
            uuid = uuidutils.generate_uuid()
            instance = objects.Instance(
                self.ctxt, uuid=uuid, project_id=self.ctxt.project_id,
                user_id=self.ctxt.user_id, display_name='%s-%d' % (name,
                                                                   index),
                flavor=self.flavor, image_ref=IMAGE['id'],
                vm_state=vm_states.BUILDING,
                task_state=task_states.SCHEDULING,
                power_state=power_state.NOSTATE, metadata={},
                system_metadata={})
            br = objects.BuildRequest(self.ctxt, instance=instance,
                                      instance_uuid=uuid,
                                      project_id=self.ctxt.project_id)
            br.create()
            spec = objects.RequestSpec.from_components(
                self.ctxt, uuid, IMAGE, self.flavor, count, None,
                self.ctxt.project_id, self.ctxt.user_id)
            spec.create()
            objects.InstanceMapping(
                self.ctxt, instance_uuid=uuid,
                project_id=self.ctxt.project_id, user_id=self.ctxt.user_id,
                cell_mapping=None).create()
            build_requests.append(br)
            specs.append(spec)
        conductor_rpcapi.ComputeTaskAPI().schedule_and_build_instances(
            self.ctxt, build_requests, specs, IMAGE, None, None, None, None)
        return [br.instance_uuid for br in build_requests]

    def _instance(self, uuid, cell=None):
        cell = cell or self.services.cell1
        with nova_context.target_cell(self.admin, cell) as cctxt:
            try:
                return objects.Instance.get_by_uuid(cctxt, uuid)
            except exception.InstanceNotFound:
                return None

    def _wait_for_state(self, uuid, vm_state, cell=None):
        def reached():
            instance = self._instance(uuid, cell)
            if (instance is not None and instance.vm_state == vm_state and
                    instance.task_state is None):
                return instance
        return self.services.wait_for(reached, what='%s %s' % (uuid,
                                                               vm_state))

    def _build_request_gone(self, uuid):
        try:
            objects.BuildRequest.get_by_instance_uuid(self.admin, uuid)
        except exception.BuildRequestNotFound:
            return True
        return False

    def _allocations(self, uuid):
        return self.reportclient.get_allocations_for_consumer(self.admin,
                                                              uuid)

    def _events(self, uuid, cell=None):
        cell = cell or self.services.cell1
        with nova_context.target_cell(self.admin, cell) as cctxt:
            actions = objects.InstanceActionList.get_by_instance_uuid(
                cctxt, uuid)
            return {(e.event, e.result) for a in actions for e in
                    objects.InstanceActionEventList.get_by_action(cctxt,
                                                                  a.id)}

    def _wait_for_event(self, uuid, name, result, cell=None):
        # Events are finished just after the state they report is saved.
        self.services.wait_for(
            lambda: (name, result) in self._events(uuid, cell), timeout=120,
            what='event %s %s of %s' % (name, result, uuid))

    # -- tests --------------------------------------------------------------

    def test_boot_goes_active_with_allocations(self):
        uuids = self._request_boot(count=2)
        for uuid in uuids:
            instance = self._wait_for_state(uuid, vm_states.ACTIVE)
            self.assertEqual(power_state.RUNNING, instance.power_state)
            self.assertIn(instance.host, self.services.compute_hosts)
            self.assertEqual(instance.host, instance.node)
            self.assertIsNotNone(instance.launched_at)
            node_uuid = self.services.computes[
                instance.host].resource_tracker.get_node_uuid(instance.node)
            allocations = self._allocations(uuid)
            self.assertEqual([node_uuid], list(allocations))
            self.assertEqual({'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1},
                             allocations[node_uuid]['resources'])
            mapping = objects.InstanceMapping.get_by_instance_uuid(
                self.admin, uuid)
            self.assertEqual(self.services.cell1.uuid,
                             mapping.cell_mapping.uuid)
            self.assertTrue(self._build_request_gone(uuid))
            self._wait_for_event(uuid, 'compute__do_build_and_run_instance',
                                 'Success')
            guests = self.services.computes[
                instance.host].driver.list_instance_uuids()
            self.assertIn(uuid, guests)
        # The compute's saves went through the conductor.
        self.assertGreater(self.services.indirection.calls, 0)

    def test_no_valid_host_buries_in_cell0(self):
        self.flavor.vcpus = 100000
        uuid = self._request_boot()[0]
        instance = self._wait_for_state(uuid, vm_states.ERROR,
                                        cell=self.services.cell0)
        # Deleting the build request is the last step of burying.
        self.services.wait_for(lambda: self._build_request_gone(uuid),
                               what='build request deleted')
        with nova_context.target_cell(self.admin,
                                      self.services.cell0) as cctxt:
            fault = objects.InstanceFault.get_latest_for_instance(cctxt,
                                                                  uuid)
        self.assertIn('No valid host', fault.message)
        self.assertIsNone(instance.host)
        self.assertEqual({}, self._allocations(uuid))
        mapping = objects.InstanceMapping.get_by_instance_uuid(self.admin,
                                                               uuid)
        self.assertEqual(nova_context.CELL0_UUID, mapping.cell_mapping.uuid)
        self.assertIn(('conductor_schedule_and_build_instances', 'Error'),
                      self._events(uuid, cell=self.services.cell0))
        self.assertIsNone(self._instance(uuid))

    def test_server_deleted_while_scheduling_is_cleaned_up(self):
        real_destroy = objects.BuildRequest.destroy

        def user_deletes_first(build_request):
            # The API deletes the build request just before the conductor.
            real_destroy(build_request)
            real_destroy(build_request)

        self.useFixture(fixtures.MockPatchObject(
            objects.BuildRequest, 'destroy', user_deletes_first))
        uuid = self._request_boot()[0]

        def cleaned_up():
            if self._allocations(uuid):
                return False
            with nova_context.target_cell(
                    self.admin.elevated(read_deleted='yes'),
                    self.services.cell1) as cctxt:
                try:
                    return objects.Instance.get_by_uuid(cctxt, uuid).deleted
                except exception.InstanceNotFound:
                    return False
        self.services.wait_for(cleaned_up, what='instance removed again')
        for compute in self.services.computes.values():
            self.assertNotIn(uuid, compute.driver.list_instance_uuids())

    def test_delete_removes_guest_record_and_allocations(self):
        uuid = self._request_boot()[0]
        instance = self._wait_for_state(uuid, vm_states.ACTIVE)
        host = instance.host
        instance.task_state = task_states.DELETING
        instance.save()
        with nova_context.target_cell(self.admin,
                                      self.services.cell1) as cctxt:
            compute_rpcapi.ComputeAPI().terminate_instance(cctxt, instance)
        self.services.wait_for(lambda: self._instance(uuid) is None,
                               what='instance deleted')
        self.assertEqual({}, self._allocations(uuid))
        self.assertNotIn(
            uuid, self.services.computes[host].driver.list_instance_uuids())

    def test_failed_spawn_reschedules_to_an_alternate(self):
        failing = self.services.compute_hosts[0]
        self.cfg.config(group='fake', fail_spawn_on_hosts=[failing])
        # Boot until one build landed on the failing host first (the
        # scheduler spreads, so this takes a try or two).
        for attempt in range(6):
            uuid = self._request_boot(name='try%d' % attempt)[0]
            instance = self._wait_for_state(uuid, vm_states.ACTIVE)
            events = self._events(uuid)
            if ('compute__do_build_and_run_instance', 'Error') in events:
                break
        else:
            self.fail('no build was ever placed on %s first' % failing)
        self.assertNotEqual(failing, instance.host)
        node_uuid = self.services.computes[
            instance.host].resource_tracker.get_node_uuid(instance.node)
        self.assertEqual([node_uuid], list(self._allocations(uuid)))
        self._wait_for_event(uuid, 'compute__do_build_and_run_instance',
                             'Success')

    def test_failed_spawn_without_alternates_goes_to_error(self):
        self.cfg.config(group='fake',
                        fail_spawn_on_hosts=self.services.compute_hosts)
        uuid = self._request_boot()[0]
        self._wait_for_state(uuid, vm_states.ERROR)
        with nova_context.target_cell(self.admin,
                                      self.services.cell1) as cctxt:
            fault = objects.InstanceFault.get_latest_for_instance(cctxt,
                                                                  uuid)
        self.assertIn('fail_spawn_on_hosts', fault.message)
        self.assertEqual({}, self._allocations(uuid))
