"""Scheduler tests on real databases and the real placement in-process.

``SchedulerDBTestCase.add_hosts(n)`` registers n compute hosts the way a
deployment has them: a compute Service and a ComputeNode in the cell
database, a HostMapping in the API database and a resource provider with
inventory in placement.
"""

import fixtures
from oslo_utils import uuidutils
import testtools

from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.objects import compute_node  # noqa: F401
from nova_rocky.objects import host_mapping  # noqa: F401
from nova_rocky.objects import service  # noqa: F401
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.tests.fixtures import placement as placement_fixture


class SchedulerDBTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger(level='INFO'))
        self.cfg = self.useFixture(conf_fixture.ConfFixture())
        self.db = self.useFixture(db_fixture.Database())
        self.placement = self.useFixture(placement_fixture.Placement())
        self.ctxt = nova_context.get_admin_context()
        self.cell = self.db.cell_mapping(self.ctxt)
        self.client = self.placement.client

    def add_host(self, host, vcpus=4, memory_mb=4096, local_gb=100,
                 traits=(), mapped=True, disabled=False,
                 supported_instances=None, hypervisor_version=6001000):
        svc = objects.Service(self.ctxt, host=host, binary='nova-compute',
                              topic='compute', report_count=0,
                              disabled=disabled)
        svc.create()
        svc.last_seen_up = svc.created_at
        svc.save()
        node = objects.ComputeNode(
            self.ctxt, uuid=uuidutils.generate_uuid(), service_id=svc.id,
            host=host, hypervisor_hostname=host, vcpus=vcpus,
            memory_mb=memory_mb, local_gb=local_gb, vcpus_used=0,
            memory_mb_used=0, local_gb_used=0, hypervisor_type='QEMU',
            hypervisor_version=hypervisor_version,
            cpu_info='{"arch": "x86_64"}', free_ram_mb=memory_mb,
            free_disk_gb=local_gb,
            supported_instances=supported_instances or [
                ['x86_64', 'qemu', 'hvm']],
            stats={}, cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
            disk_allocation_ratio=1.0)
        node.create()
        if mapped:
            objects.HostMapping(self.ctxt, host=host,
                                cell_mapping=self.cell).create()
        self.client.set_inventory_and_traits(
            self.ctxt, node.uuid, host,
            {'VCPU': {'total': vcpus}, 'MEMORY_MB': {'total': memory_mb},
             'DISK_GB': {'total': local_gb}}, list(traits))
        return node

    def add_hosts(self, count, prefix='host', **kwargs):
        return [self.add_host('%s%d' % (prefix, i), **kwargs)
                for i in range(count)]

    def usages(self, node):
        return self.client.get_usages_for_resource_provider(self.ctxt,
                                                            node.uuid)
