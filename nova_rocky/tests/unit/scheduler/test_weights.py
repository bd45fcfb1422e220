"""Weighers and their normalisation."""

from oslo_config import fixture as config_fixture
import testtools

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.scheduler import weights
from nova_rocky.scheduler.weights import cpu
from nova_rocky.scheduler.weights import disk
from nova_rocky.scheduler.weights import ram
from nova_rocky.tests.unit.scheduler import fakes

CONF = conf.CONF


class NormalizeTestCase(testtools.TestCase):

    def test_normalize(self):
        self.assertEqual([], weights.normalize([]))
        self.assertEqual([0.0, 0.5, 1.0], weights.normalize([1, 2, 3]))
        self.assertEqual([0.0, 0.0], weights.normalize([5, 5]))
        self.assertEqual([0.5, 1.0], weights.normalize([5, 10], minval=0))
        self.assertEqual([0.25], weights.normalize([5], minval=0,
                                                   maxval=20))


class WeighersTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(config_fixture.Config(CONF))
        self.spec = fakes.make_spec()
        self.hosts = [
            fakes.make_host_state('a', free_ram_mb=512, free_disk_mb=1000,
                                  vcpus_total=8, vcpus_used=6),
            fakes.make_host_state('b', free_ram_mb=8192, free_disk_mb=500,
                                  vcpus_total=8, vcpus_used=7),
            fakes.make_host_state('c', free_ram_mb=1024, free_disk_mb=4000,
                                  vcpus_total=8, vcpus_used=0),
        ]

    def _best(self, weigher_list):
        weighed = weights.get_weighed_hosts(weigher_list, self.hosts,
                                            self.spec)
        return [w.obj.host for w in weighed]

    def test_ram_spreads(self):
        self.assertEqual(['b', 'c', 'a'], self._best([ram.RAMWeigher()]))

    def test_ram_negative_multiplier_stacks(self):
        self.cfg.config(group='filter_scheduler', ram_weight_multiplier=-1.0)
        self.assertEqual(['a', 'c', 'b'], self._best([ram.RAMWeigher()]))

    def test_disk(self):
        self.assertEqual(['c', 'a', 'b'], self._best([disk.DiskWeigher()]))

    def test_cpu_uses_allocation_ratio(self):
        self.assertEqual(['c', 'a', 'b'], self._best([cpu.CPUWeigher()]))
        self.hosts[1].cpu_allocation_ratio = 16.0
        self.assertEqual('b', self._best([cpu.CPUWeigher()])[0])

    def test_combined_weights_are_normalised(self):
        weighed = weights.get_weighed_hosts(
            [ram.RAMWeigher(), disk.DiskWeigher(), cpu.CPUWeigher()],
            self.hosts, self.spec)
        by_host = {w.obj.host: w.weight for w in weighed}
        # c: ram (1024-512)/(8192-512), disk 1, cpu 1.
        self.assertAlmostEqual(2 + 512 / 7680.0, by_host['c'])
        self.assertAlmostEqual(1.0, by_host['b'])
        self.assertEqual('c', weighed[0].obj.host)

    def test_multiplier_zero_disables(self):
        self.cfg.config(group='filter_scheduler', ram_weight_multiplier=0.0)
        weighed = weights.get_weighed_hosts([ram.RAMWeigher()], self.hosts,
                                            self.spec)
        self.assertEqual({0.0}, {w.weight for w in weighed})

    def test_loader(self):
        self.assertEqual(
            ['RAMWeigher', 'DiskWeigher', 'CPUWeigher', 'IoOpsWeigher',
             'BuildFailureWeigher', 'ServerGroupSoftAffinityWeigher',
             'ServerGroupSoftAntiAffinityWeigher'],
            [type(w).__name__ for w in weights.load_weighers(
                CONF.filter_scheduler.weight_classes)])
        self.assertEqual(
            set(weights.all_weighers()),
            {type(w).__name__ for w in weights.load_weighers(
                ['nova.scheduler.weights.all_weighers'])})
        self.assertRaises(exception.SchedulerFilterNotFound,
                          weights.load_weighers, ['NoSuchWeigher'])
