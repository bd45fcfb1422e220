"""Two schedulers, one placement: claims keep hosts from overcommitting.

Each scheduler has its own host manager (its own cached view), as two
nova-scheduler processes would; they place instances at the same time
on hosts with room for only some of them. Placement's allocation claims
are the only thing they share.
"""

import concurrent.futures

from oslo_utils import uuidutils

from nova_rocky import exception
from nova_rocky.scheduler import filter_scheduler
from nova_rocky.tests.unit.scheduler import base
from nova_rocky.tests.unit.scheduler import fakes

HOSTS = 3
VCPUS_PER_HOST = 4
REQUESTS = 20


class ConcurrentSchedulersTestCase(base.SchedulerDBTestCase):

    def test_no_host_exceeds_its_inventory(self):
        self.cfg.config(group='scheduler', host_state_refresh_interval=3600)
        nodes = self.add_hosts(HOSTS, vcpus=VCPUS_PER_HOST, memory_mb=8192)
        schedulers = [filter_scheduler.FilterScheduler() for _ in range(2)]
        flavor = fakes.make_flavor(vcpus=1, memory_mb=256, root_gb=1)

        def place(index):
            scheduler = schedulers[index % 2]
            uuid = uuidutils.generate_uuid()
            try:
                selection = scheduler.select_destinations(
                    self.ctxt, fakes.make_spec(flavor=flavor), [uuid])
            except exception.NoValidHost:
                return None
            return uuid, selection[0][0].compute_node_uuid

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            results = list(pool.map(place, range(REQUESTS)))
        placed = [r for r in results if r is not None]
        self.assertEqual(HOSTS * VCPUS_PER_HOST, len(placed))
        for node in nodes:
            used = self.usages(node).get('VCPU', 0)
            self.assertLessEqual(used, VCPUS_PER_HOST)
            self.assertEqual(
                used, len([1 for _uuid, rp in placed if rp == node.uuid]))
        for uuid, rp_uuid in placed:
            self.assertEqual([rp_uuid], list(
                self.client.get_allocations_for_consumer(self.ctxt, uuid)))
