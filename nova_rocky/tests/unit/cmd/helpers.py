"""Shared pieces of the command tests: databases, output, subprocesses."""

import io
import os
import subprocess
import sys
import warnings

import fixtures
from oslo_utils import uuidutils
import testtools

from nova_rocky.cells import urls as cells_urls
from nova_rocky import context
from nova_rocky import objects
from nova_rocky.tests.fixtures import conf as conf_fixture
from nova_rocky.tests.fixtures import db as db_fixture

objects.register_all()

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..', '..'))
PYTHON = sys.executable


def run(args, timeout=300, env=None):
    """Run ``python args...`` from the repository; a CompletedProcess."""
    environ = dict(os.environ)
    environ['PYTHONPATH'] = REPO + os.pathsep + environ.get('PYTHONPATH', '')
    environ.update(env or {})
    return subprocess.run([PYTHON] + list(args), cwd=REPO, env=environ,
                          capture_output=True, text=True, timeout=timeout)


def write_conf(directory, text):
    path = os.path.join(directory, 'nova.conf')
    with open(path, 'w') as handle:
        handle.write(text)
    return path


class DatabaseTestCase(testtools.TestCase):
    """Parsed CONF, empty migrated API and cell databases, an admin context.

    ``self.db.cell_url`` is the cell database; ``self.cell1`` is not
    created until ``map_cell1()``.
    """

    def setUp(self):
        super().setUp()
        warnings.simplefilter('ignore', DeprecationWarning)
        self.flags = self.useFixture(conf_fixture.ConfFixture())
        self.db = self.useFixture(db_fixture.Database())
        self.ctxt = context.get_admin_context()
        self.stdout = io.StringIO()
        self.useFixture(fixtures.MonkeyPatch('sys.stdout', self.stdout))

    def output(self):
        """What the command printed since the last call."""
        text = self.stdout.getvalue()
        self.stdout.seek(0)
        self.stdout.truncate()
        return text

    def map_cell1(self, name='cell1'):
        return self.db.cell_mapping(self.ctxt, name=name)

    def map_cell0(self):
        # The database is never opened by these tests (cell0 is skipped).
        cell0 = objects.CellMapping(
            self.ctxt, uuid=context.CELL0_UUID, name='cell0',
            transport_url='none:///',
            database_connection=cells_urls.cell0_database_url(
                self.db.cell_url))
        cell0.create()
        return cell0

    def make_node(self, cell, host, nodename=None, mapped=0):
        with context.target_cell(self.ctxt, cell) as cctxt:
            node = objects.ComputeNode(
                cctxt, host=host, hypervisor_hostname=nodename or host,
                vcpus=4, memory_mb=4096, local_gb=40, vcpus_used=0,
                memory_mb_used=0, local_gb_used=0, hypervisor_type='fake',
                hypervisor_version=1, cpu_info='{}', supported_instances=[],
                mapped=mapped)
            node.create()
        return node

    def make_service(self, cell, host, binary='nova-compute', **kwargs):
        with context.target_cell(self.ctxt, cell) as cctxt:
            service = objects.Service(cctxt, host=host, binary=binary,
                                      topic='compute', **kwargs)
            service.create()
        return service

    def make_instance(self, cell, **kwargs):
        values = dict(project_id='p1', user_id='u1', vm_state='active',
                      display_name='server', host='host1', node='host1',
                      image_ref=uuidutils.generate_uuid())
        values.update(kwargs)
        with context.target_cell(self.ctxt, cell) as cctxt:
            flavor = objects.Flavor(
                self.ctxt, name='f-%s' % uuidutils.generate_uuid(),
                flavorid=uuidutils.generate_uuid(), memory_mb=512, vcpus=1,
                root_gb=1, ephemeral_gb=0, swap=0)
            flavor.create()
            instance = objects.Instance(cctxt, **values)
            instance.flavor = flavor
            instance.create()
        return instance

    def map_instance(self, instance_uuid, cell):
        mapping = objects.InstanceMapping(
            self.ctxt, instance_uuid=instance_uuid, cell_mapping=cell,
            project_id='p1', user_id='u1')
        mapping.create()
        return mapping
