#!/usr/bin/env python3
"""Scheduling cost next to the bare placement query, by cloud size.

For each size (default 100 and 1,000 compute nodes) the fake hosts are
registered the way a deployment has them: a compute service and compute
node in the cell database, a host mapping in the API database and a
resource provider with inventory in placement (the real placement code,
in-process). Then, for one instance of the same flavor, it times:

* ``select_destinations``: request filters, GET /allocation_candidates,
  host states, filters, weighers and the allocation claim (the claim is
  removed again, untimed, so every call sees the same cloud);
* the bare ``GET /allocation_candidates`` of the same request.

and prints p50 / p95 over ``--calls`` calls of each and their ratio (the
project's goal: scheduling within 1.5x the bare query at 1,000 hosts).

    tools/bench_scheduler.py --sizes 100,1000,10000 --calls 50

Databases are SQLite files in a temporary directory unless
``--placement-db`` names another placement database (e.g. MariaDB).
"""

import argparse
import statistics
import sys
import time

from oslo_utils import timeutils
from oslo_utils import uuidutils


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1,
                       int(round(pct / 100.0 * len(ordered))) - 1))
    return ordered[index]


class Cloud(object):
    """Databases, placement and the scheduler, set up once per run."""

    def __init__(self, placement_db=None):
        from nova_rocky import conf
        from nova_rocky import context as nova_context
        from nova_rocky import objects
        from nova_rocky.tests.fixtures import conf as conf_fixture
        from nova_rocky.tests.fixtures import db as db_fixture
        from nova_rocky.tests.fixtures import placement as placement_fixture
        objects.register_all()
        self.conf = conf.CONF
        self._fixtures = [conf_fixture.ConfFixture(), db_fixture.Database()]
        for fixture in self._fixtures:
            fixture.setUp()
        if placement_db:
            self.conf.set_override('direct_connection', placement_db,
                                   group='placement')
        placement = placement_fixture.Placement()
        placement.setUp()
        self._fixtures.append(placement)
        # Quiet: the report client logs every request at INFO.
        import logging
        logging.getLogger().setLevel(logging.WARNING)
        self.ctxt = nova_context.get_admin_context()
        self.cell = self._fixtures[1].cell_mapping(self.ctxt)
        self.client = placement.client
        self.hosts = 0

    def add_hosts(self, total, vcpus=64, memory_mb=262144, local_gb=4096):
        from nova_rocky import objects
        while self.hosts < total:
            host = 'bench%05d' % self.hosts
            svc = objects.Service(self.ctxt, host=host,
                                  binary='nova-compute', topic='compute',
                                  report_count=0, disabled=False,
                                  last_seen_up=timeutils.utcnow())
            svc.create()
            node = objects.ComputeNode(
                self.ctxt, uuid=uuidutils.generate_uuid(),
                service_id=svc.id, host=host, hypervisor_hostname=host,
                vcpus=vcpus, memory_mb=memory_mb, local_gb=local_gb,
                vcpus_used=0, memory_mb_used=0, local_gb_used=0,
                hypervisor_type='fake', hypervisor_version=1000,
                cpu_info='{"arch": "x86_64"}', free_ram_mb=memory_mb,
                free_disk_gb=local_gb,
                supported_instances=[['x86_64', 'fake', 'hvm']], stats={},
                cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5,
                disk_allocation_ratio=1.0)
            node.create()
            objects.HostMapping(self.ctxt, host=host,
                                cell_mapping=self.cell).create()
            self.client.set_inventory_and_traits(
                self.ctxt, node.uuid, host,
                {'VCPU': {'total': vcpus, 'allocation_ratio': 16.0},
                 'MEMORY_MB': {'total': memory_mb,
                               'allocation_ratio': 1.5},
                 'DISK_GB': {'total': local_gb}}, [])
            self.hosts += 1

    def keep_services_up(self):
        # A benchmark run outlives service_down_time; the computes here
        # do not heartbeat, so judge liveness leniently.
        self.conf.set_override('service_down_time', 10 ** 7)

    def close(self):
        for fixture in reversed(self._fixtures):
            fixture.cleanUp()


def measure(cloud, calls):
    from nova_rocky.scheduler import filter_scheduler
    from nova_rocky.scheduler import utils
    from nova_rocky.tests.unit.scheduler import fakes
    scheduler = filter_scheduler.FilterScheduler()
    flavor = fakes.make_flavor(vcpus=2, memory_mb=2048, root_gb=20)

    def spec():
        return fakes.make_spec(flavor=flavor)

    def select():
        uuid = uuidutils.generate_uuid()
        started = time.perf_counter()
        scheduler.select_destinations(cloud.ctxt, spec(), [uuid])
        elapsed = time.perf_counter() - started
        cloud.client.delete_allocation_for_instance(cloud.ctxt, uuid)
        return elapsed

    def bare():
        req = utils.ResourceRequest.from_request_spec(
            spec(), limit=cloud.conf.scheduler.max_placement_results)
        started = time.perf_counter()
        alloc_reqs, _summaries, _version = \
            cloud.client.get_allocation_candidates(cloud.ctxt, req)
        elapsed = time.perf_counter() - started
        assert alloc_reqs, 'placement found no candidate'
        return elapsed

    select()   # warm-up: the host manager's first full read
    bare()
    sel, raw = [], []
    for _ in range(calls):
        # Interleaved, so load on the machine hits both alike.
        sel.append(select())
        raw.append(bare())
    return sel, raw


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--sizes', default='100,1000',
                        help='Comma-separated numbers of compute nodes.')
    parser.add_argument('--calls', type=int, default=50,
                        help='Timed calls of each kind per size.')
    parser.add_argument('--placement-db', default=None,
                        help='SQLAlchemy URL of the placement database '
                             '(default: a temporary SQLite file).')
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(','))
    cloud = Cloud(args.placement_db)
    cloud.keep_services_up()
    print('%8s %12s %12s %12s %12s %8s %10s' % (
        'hosts', 'select p50', 'select p95', 'a_c p50', 'a_c p95',
        'ratio', 'setup s'))
    try:
        for size in sizes:
            started = time.monotonic()
            cloud.add_hosts(size)
            setup = time.monotonic() - started
            sel, raw = measure(cloud, args.calls)
            ratio = statistics.median(sel) / statistics.median(raw)
            print('%8d %10.1fms %10.1fms %10.1fms %10.1fms %7.2fx %10.0f'
                  % (size, 1000 * statistics.median(sel),
                     1000 * percentile(sel, 95),
                     1000 * statistics.median(raw),
                     1000 * percentile(raw, 95), ratio, setup))
            sys.stdout.flush()
    finally:
        cloud.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
