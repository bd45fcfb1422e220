"""Fixtures and helpers shared by the admin-API handler tests.

``AdminEnv`` gives a test the real compute API app (``env.api``), migrated
API and cell databases, a cell1 mapping and a cell0 mapping whose database
does not exist (so a handler that forgot to skip cell0 fails loudly), and
helpers that create services and compute nodes the way nova-compute does.

:func:`check_tempest` validates a response against one of tempest's
published compute response schemas (status code and body), the way
tempest's REST client does.
"""

import importlib
import os

import fixtures
import jsonschema
import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky import policy
from nova_rocky.tests.fixtures import api as api_fixture
from nova_rocky.tests.fixtures import db as db_fixture

CONF = conf.CONF
PROJECT = '6f70656e737461636b20342065766572'
OTHER_PROJECT = 'a9c3a2d3b3e34d6b8d1f5a1f2e3d4c5b'
ADMIN = {'user': 'admin'}
CPU_INFO = '{"arch": "x86_64", "model": "Haswell", "vendor": "Intel"}'


def tempest_schema(version_dir, module, name):
    """tempest.lib.api_schema.response.compute.<version_dir>.<module>.<name>"""
    mod = importlib.import_module(
        'tempest.lib.api_schema.response.compute.%s.%s'
        % (version_dir, module))
    return getattr(mod, name)


def check_tempest(testcase, resp, version_dir, module, name):
    """Assert ``resp`` matches tempest's schema ``module.name``."""
    from tempest.lib.common import jsonschema_validator as tempest_validator
    schema = tempest_schema(version_dir, module, name)
    testcase.assertIn(resp.status_int, schema['status_code'], resp.body)
    body_schema = schema.get('response_body')
    if body_schema is None:
        testcase.assertFalse(resp.body, 'body should be empty')
        return
    try:
        jsonschema.validate(resp.json, body_schema,
                            cls=tempest_validator.JSONSCHEMA_VALIDATOR,
                            format_checker=tempest_validator.FORMAT_CHECKER)
    except jsonschema.ValidationError as error:
        testcase.fail('%s.%s.%s: %s' % (version_dir, module, name, error))


def override_policy(testcase, rules):
    """Use a policy file with ``rules`` (name -> check string)."""
    from oslo_serialization import jsonutils
    tmp = testcase.useFixture(fixtures.TempDir()).path
    path = os.path.join(tmp, 'policy.json')
    with open(path, 'w') as f:
        f.write(jsonutils.dumps(rules))
    CONF.set_override('policy_file', path, group='oslo_policy')
    testcase.addCleanup(CONF.clear_override, 'policy_file',
                        group='oslo_policy')
    testcase.addCleanup(policy.reset)
    policy.reset()


class AdminEnv(fixtures.Fixture):
    """API app + databases + cells; see the module docstring."""

    def _setUp(self):
        objects.register_all()
        # NOTE: cell0 never answers here; keep the warnings in the details.
        self.logger = self.useFixture(fixtures.FakeLogger())
        self.api = self.useFixture(api_fixture.APIFixture(project=PROJECT))
        self.db = self.useFixture(db_fixture.Database())
        self.ctxt = nova_context.get_admin_context()
        self.cell1 = self.db.cell_mapping(self.ctxt, name='cell1')
        self.cell0 = objects.CellMapping(
            self.ctxt, uuid=nova_context.CELL0_UUID, name='cell0',
            transport_url='fake://',
            database_connection='sqlite:////nonexistent/cell0.sqlite')
        self.cell0.create()

    def second_cell_on_same_database(self):
        """A cell2 mapping that points at cell1's database: every row of
        cell1 then also shows up "in another cell" with the same ids."""
        return self.db.cell_mapping(self.ctxt, name='cell2')

    def cell_context(self, cell=None):
        ctxt = nova_context.get_admin_context()
        nova_context.set_target_cell(ctxt, cell or self.cell1)
        return ctxt

    def service(self, host, binary='nova-compute', map_host=True, **kw):
        """A services row in cell1 that reported just now."""
        kw.setdefault('last_seen_up', timeutils.utcnow())
        service = objects.Service(self.cell_context(), host=host,
                                  binary=binary, topic=binary[5:], **kw)
        service.create()
        if map_host and binary == 'nova-compute':
            objects.HostMapping(self.ctxt, host=host,
                                cell_mapping=self.cell1).create()
        return service

    def compute_node(self, service, hostname=None, host_ip='192.168.1.10',
                     **kw):
        """A compute node of ``service``'s host in cell1."""
        values = dict(
            vcpus=8, memory_mb=16384, local_gb=100, vcpus_used=2,
            memory_mb_used=2048, local_gb_used=10, hypervisor_type='fake',
            hypervisor_version=1000, cpu_info=CPU_INFO,
            disk_available_least=90, free_ram_mb=14336, free_disk_gb=90,
            current_workload=0, running_vms=1, host_ip=None,
            supported_instances=[], stats={})
        values.update(kw)
        node = objects.ComputeNode(
            self.cell_context(), uuid=uuidutils.generate_uuid(),
            service_id=service.id, host=service.host,
            hypervisor_hostname=hostname or service.host, **values)
        node.create()
        if host_ip:
            self._set_host_ip(node, host_ip)
        return node

    def _set_host_ip(self, node, host_ip):
        # NOTE: written with SQL because ComputeNode.create() cannot store
        # an IP address object on SQLite yet.
        engine = sa.create_engine(self.db.cell_url)
        with engine.begin() as conn:
            conn.execute(sa.text('UPDATE compute_nodes SET host_ip = :ip '
                                 'WHERE id = :id'),
                         {'ip': host_ip, 'id': node.id})
        engine.dispose()

    def instance(self, host, **kw):
        """A live instance on ``host`` in cell1."""
        kw.setdefault('project_id', PROJECT)
        kw.setdefault('user_id', 'demo')
        kw.setdefault('vm_state', 'active')
        instance = objects.Instance(
            self.cell_context(), uuid=uuidutils.generate_uuid(), host=host,
            node=host, **kw)
        instance.create()
        return instance
