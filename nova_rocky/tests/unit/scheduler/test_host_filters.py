"""IoOps / NumInstances / SameHost / DifferentHost filters, IoOps and
build failure weighers."""

from oslo_config import fixture as config_fixture
from oslo_utils import uuidutils
import testtools

from nova_rocky import conf
from nova_rocky import objects
from nova_rocky.scheduler.filters import affinity_filter
from nova_rocky.scheduler.filters import io_ops_filter
from nova_rocky.scheduler import weights
from nova_rocky.scheduler.weights import io_ops
from nova_rocky.tests.unit.scheduler import base
from nova_rocky.tests.unit.scheduler import fakes

CONF = conf.CONF
objects.register_all()


class BusyHostsTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(config_fixture.Config(CONF))

    def test_io_ops_filter(self):
        self.cfg.config(group='filter_scheduler', max_io_ops_per_host=2)
        busy = fakes.make_host_state('busy', num_io_ops=2)
        idle = fakes.make_host_state('idle', num_io_ops=1)
        passed = io_ops_filter.IoOpsFilter().filter_all([busy, idle],
                                                        fakes.make_spec())
        self.assertEqual([idle], passed)

    def test_num_instances_filter(self):
        self.cfg.config(group='filter_scheduler', max_instances_per_host=3)
        full = fakes.make_host_state('full', num_instances=3)
        room = fakes.make_host_state('room', num_instances=2)
        self.assertEqual([room], io_ops_filter.NumInstancesFilter(
            ).filter_all([full, room], fakes.make_spec()))

    def test_io_ops_and_build_failure_weighers(self):
        hosts = [fakes.make_host_state('h%d' % i, num_io_ops=ops,
                                       failed_builds=failed)
                 for i, (ops, failed) in enumerate([(0, 1), (5, 0),
                                                    (1, 0)])]
        weighed = weights.get_weighed_hosts(
            [io_ops.IoOpsWeigher(), io_ops.BuildFailureWeigher()], hosts,
            fakes.make_spec())
        # A failed build outweighs being idle; then fewer IO ops win.
        self.assertEqual(['h2', 'h1', 'h0'], [w.obj.host for w in weighed])

    def test_host_state_reads_stats(self):
        state = fakes.make_host_state('h')
        node = objects.ComputeNode(
            uuid=uuidutils.generate_uuid(), hypervisor_hostname='h',
            memory_mb=1024, memory_mb_used=0, free_ram_mb=1024, local_gb=10,
            local_gb_used=0, free_disk_gb=10, disk_available_least=None,
            vcpus=2, vcpus_used=0, hypervisor_type='fake',
            hypervisor_version=1, cpu_info='{}', host_ip=None,
            supported_instances=[], cpu_allocation_ratio=1.0,
            ram_allocation_ratio=1.0, disk_allocation_ratio=1.0,
            updated_at=None, created_at=None,
            stats={'io_workload': '3', 'failed_builds': '2',
                   'num_instances': '7'})
        state.update_from_compute_node(node)
        self.assertEqual((3, 2, 7), (state.num_io_ops, state.failed_builds,
                                     state.num_instances))


class InstanceHostFiltersTestCase(base.SchedulerDBTestCase):

    def _instance_on(self, host):
        inst = objects.Instance(self.ctxt, uuid=uuidutils.generate_uuid(),
                                project_id='p1', user_id='u1', host=host,
                                node=host)
        inst.create()
        objects.InstanceMapping(self.ctxt, instance_uuid=inst.uuid,
                                cell_mapping=self.cell,
                                project_id='p1').create()
        return inst.uuid

    def test_same_and_different_host(self):
        hosts = [fakes.make_host_state(h) for h in ('a', 'b', 'c')]
        on_a, on_b = self._instance_on('a'), self._instance_on('b')
        same = affinity_filter.SameHostFilter()
        different = affinity_filter.DifferentHostFilter()
        spec = fakes.make_spec(scheduler_hints={'same_host': [on_a]})
        self.assertEqual(['a'], [h.host for h in same.filter_all(hosts,
                                                                 spec)])
        spec = fakes.make_spec(scheduler_hints={
            'different_host': [on_a, on_b]})
        self.assertEqual(['c'], [h.host for h in different.filter_all(
            hosts, spec)])
        # No hint: every host passes both.
        spec = fakes.make_spec()
        self.assertEqual(3, len(same.filter_all(hosts, spec)))
        self.assertEqual(3, len(different.filter_all(hosts, spec)))
