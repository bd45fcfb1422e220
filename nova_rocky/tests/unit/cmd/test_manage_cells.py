"""nova-manage cell_v2 actions, run in-process on migrated SQLite files."""

import os

from oslo_utils import uuidutils

from nova_rocky.cmd import manage_cells
from nova_rocky import context
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.tests.unit.cmd import helpers

MQ = 'rabbit://nova:mqsecret@mq1:5672/'
DB = 'mysql+pymysql://nova:dbsecret@db1/nova'


class MapCell0Test(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()

    def test_default_url_is_derived_from_database(self):
        self.assertEqual(0, self.commands.map_cell0())
        cell0 = objects.CellMapping.get_by_uuid(self.ctxt,
                                                context.CELL0_UUID)
        root, ext = os.path.splitext(self.db.cell_url)
        self.assertEqual(root + '_cell0' + ext, cell0.database_connection)
        self.assertEqual('none:///', cell0.transport_url)
        self.assertEqual('cell0', cell0.name)

    def test_explicit_url_and_already_mapped(self):
        self.assertEqual(0, self.commands.map_cell0(database_connection=DB))
        self.assertEqual(0, self.commands.map_cell0())
        self.assertIn('Cell0 is already setup', self.output())
        cell0 = objects.CellMapping.get_by_uuid(self.ctxt,
                                                context.CELL0_UUID)
        self.assertEqual(DB, cell0.database_connection)


class CreateCellTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()

    def test_create_prints_uuid(self):
        self.assertEqual(0, self.commands.create_cell(
            name='c1', transport_url=MQ, database_connection=DB,
            disabled=True))
        cell_uuid = self.output().strip().splitlines()[-1]
        cell = objects.CellMapping.get_by_uuid(self.ctxt, cell_uuid)
        self.assertEqual(('c1', MQ, DB, True), (
            cell.name, cell.transport_url, cell.database_connection,
            cell.disabled))

    def test_duplicate_url_exits_2(self):
        self.assertEqual(0, self.commands.create_cell(
            name='c1', transport_url=MQ, database_connection=DB))
        first = self.output().strip()
        self.assertEqual(2, self.commands.create_cell(
            name='c2', transport_url=MQ, database_connection=DB + '2'))
        self.assertIn('already exists for another cell with uuid %s'
                      % first, self.output())
        self.assertEqual(2, self.commands.create_cell(
            name='c3', transport_url=MQ + 'x', database_connection=DB))
        self.assertEqual(1, len(objects.CellMappingList.get_all(self.ctxt)))

    def test_missing_transport_url_exits_1(self):
        self.flags.config(transport_url=None)
        self.assertEqual(1, self.commands.create_cell(
            database_connection=DB))
        self.assertIn('Must specify --transport-url', self.output())

    def test_urls_from_configuration(self):
        self.flags.config(transport_url=MQ)
        self.assertEqual(0, self.commands.create_cell(name='c1'))
        cell = objects.CellMappingList.get_all(self.ctxt)[0]
        self.assertEqual((MQ, self.db.cell_url),
                         (cell.transport_url, cell.database_connection))

    def test_missing_database_exits_1(self):
        self.flags.config(group='database', connection=None)
        self.assertEqual(1, self.commands.create_cell(transport_url=MQ))
        self.assertIn('Must specify --database_connection', self.output())

    def test_invalid_transport_url_exits_1(self):
        self.assertEqual(1, self.commands.create_cell(
            transport_url='not-a-url', database_connection=DB))


class ListTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()
        self.commands.create_cell(name='c1', transport_url=MQ,
                                  database_connection=DB)
        self.output()

    def test_list_cells_masks_passwords(self):
        self.assertEqual(0, self.commands.list_cells())
        text = self.output()
        for column in ('Name', 'UUID', 'Transport URL',
                       'Database Connection', 'Disabled'):
            self.assertIn(column, text)
        self.assertNotIn('mqsecret', text)
        self.assertNotIn('dbsecret', text)
        self.assertIn('rabbit://nova:****@mq1:5672/', text)
        self.assertIn('mysql+pymysql://nova:****@db1/nova', text)

    def test_list_cells_verbose_shows_passwords(self):
        self.assertEqual(0, self.commands.list_cells(verbose=True))
        text = self.output()
        self.assertIn('mqsecret', text)
        self.assertIn('dbsecret', text)

    def test_list_hosts(self):
        cell1 = self.map_cell1()
        objects.HostMapping(self.ctxt, host='h1', cell_mapping=cell1).create()
        self.assertEqual(0, self.commands.list_hosts())
        self.assertIn('h1', self.output())
        self.assertEqual(0, self.commands.list_hosts(cell_uuid=cell1.uuid))
        self.assertIn('h1', self.output())
        self.assertEqual(1, self.commands.list_hosts(
            cell_uuid=uuidutils.generate_uuid()))


class DiscoverHostsTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()
        self.map_cell0()
        self.cell1 = self.map_cell1()

    def _mapped_hosts(self):
        return sorted(m.host for m in
                      objects.HostMappingList.get_all(self.ctxt))

    def test_maps_unmapped_nodes_once(self):
        self.make_node(self.cell1, 'h1')
        self.make_node(self.cell1, 'h1', nodename='h1-node2')
        self.make_node(self.cell1, 'h2')
        self.assertEqual(0, self.commands.discover_hosts(verbose=True))
        self.assertEqual(['h1', 'h2'], self._mapped_hosts())
        self.assertIn('Skipping cell0', self.output())
        with context.target_cell(self.ctxt, self.cell1) as cctxt:
            nodes = objects.ComputeNodeList.get_all(cctxt)
        self.assertEqual([1, 1, 1], [node.mapped for node in nodes])
        # Nothing new: 0, but 1 with --strict.
        self.assertEqual(0, self.commands.discover_hosts())
        self.assertEqual(1, self.commands.discover_hosts(strict=True))
        self.make_node(self.cell1, 'h3')
        self.assertEqual(0, self.commands.discover_hosts(
            cell_uuid=self.cell1.uuid, strict=True))
        self.assertEqual(['h1', 'h2', 'h3'], self._mapped_hosts())

    def test_by_service(self):
        self.make_service(self.cell1, 'h1')
        self.make_service(self.cell1, 'c1', binary='nova-conductor')
        self.assertEqual(0, self.commands.discover_hosts(by_service=True,
                                                         strict=True))
        self.assertEqual(['h1'], self._mapped_hosts())

    def test_unknown_cell_exits_1(self):
        self.assertEqual(1, self.commands.discover_hosts(
            cell_uuid=uuidutils.generate_uuid()))

    def test_duplicate_mapping_exits_2(self):
        self.make_node(self.cell1, 'h1')
        real_get = objects.HostMapping.get_by_host

        def racing_get(ctxt, host):
            # Another discovery maps the host between our read and write.
            objects.HostMapping(ctxt, host=host,
                                cell_mapping=self.cell1).create()
            objects.HostMapping.get_by_host = real_get
            raise exception.HostMappingNotFound(name=host)

        self.patch(objects.HostMapping, 'get_by_host', racing_get)
        self.assertEqual(2, self.commands.discover_hosts())
        self.assertIn('Duplicate host mapping', self.output())


class DeleteUpdateCellTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()
        self.cell1 = self.map_cell1()

    def test_delete_unknown_exits_1(self):
        self.assertEqual(1, self.commands.delete_cell(
            uuidutils.generate_uuid()))

    def test_delete_with_hosts(self):
        self.make_node(self.cell1, 'h1')
        manage_cells.discovery.discover_hosts(self.ctxt)
        self.assertEqual(2, self.commands.delete_cell(self.cell1.uuid))
        self.assertEqual(0, self.commands.delete_cell(self.cell1.uuid,
                                                      force=True))
        self.assertEqual([], list(objects.HostMappingList.get_all(self.ctxt)))
        with context.target_cell(self.ctxt, self.cell1) as cctxt:
            self.assertEqual(0, objects.ComputeNodeList.get_all(cctxt)[0].
                             mapped)
        self.assertRaises(exception.CellMappingNotFound,
                          objects.CellMapping.get_by_uuid, self.ctxt,
                          self.cell1.uuid)

    def test_delete_with_instances(self):
        instance = self.make_instance(self.cell1)
        self.map_instance(instance.uuid, self.cell1)
        self.assertEqual(3, self.commands.delete_cell(self.cell1.uuid,
                                                      force=True))
        with context.target_cell(self.ctxt, self.cell1) as cctxt:
            instance._context = cctxt
            instance.destroy()
        self.assertEqual(4, self.commands.delete_cell(self.cell1.uuid))
        self.assertEqual(0, self.commands.delete_cell(self.cell1.uuid,
                                                      force=True))

    def test_update_cell(self):
        self.assertEqual(1, self.commands.update_cell(
            uuidutils.generate_uuid(), name='x'))
        self.assertEqual(0, self.commands.update_cell(
            self.cell1.uuid, name='renamed', transport_url=MQ))
        cell = objects.CellMapping.get_by_uuid(self.ctxt, self.cell1.uuid)
        self.assertEqual(('renamed', MQ, self.db.cell_url),
                         (cell.name, cell.transport_url,
                          cell.database_connection))
        self.assertEqual(4, self.commands.update_cell(
            self.cell1.uuid, disable=True, enable=True))
        self.assertEqual(0, self.commands.update_cell(self.cell1.uuid,
                                                      disable=True))
        self.assertTrue(objects.CellMapping.get_by_uuid(
            self.ctxt, self.cell1.uuid).disabled)

    def test_update_cell_conflicts(self):
        other = objects.CellMapping(
            self.ctxt, uuid=uuidutils.generate_uuid(), name='other',
            transport_url=MQ, database_connection=DB)
        other.create()
        self.assertEqual(3, self.commands.update_cell(
            self.cell1.uuid, database_connection=DB))
        self.map_cell0()
        self.assertEqual(5, self.commands.update_cell(context.CELL0_UUID,
                                                      disable=True))


class VerifyInstanceTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()
        self.cell1 = self.map_cell1()

    def test_exit_codes(self):
        verify = self.commands.verify_instance
        self.assertEqual(1, verify(uuidutils.generate_uuid()))
        unscheduled = uuidutils.generate_uuid()
        self.map_instance(unscheduled, None)
        self.assertEqual(2, verify(unscheduled))
        instance = self.make_instance(self.cell1)
        self.map_instance(instance.uuid, self.cell1)
        self.assertEqual(0, verify(instance.uuid))
        self.assertIn('is in cell: cell1', self.output())
        with context.target_cell(self.ctxt, self.cell1) as cctxt:
            instance._context = cctxt
            instance.destroy()
        self.assertEqual(3, verify(instance.uuid))
        self.assertIn('has been deleted', self.output())
        archived = uuidutils.generate_uuid()
        self.map_instance(archived, self.cell1)
        self.assertEqual(4, verify(archived, quiet=True))
        self.assertEqual('', self.output())


class SimpleCellSetupTest(helpers.DatabaseTestCase):

    def setUp(self):
        super().setUp()
        self.commands = manage_cells.CellV2Commands()

    def test_no_hosts_exits_1(self):
        self.assertEqual(1, self.commands.simple_cell_setup(
            transport_url=MQ))
        self.assertIn('No hosts found', self.output())
        # cell0 got mapped (and migrated) on the way.
        objects.CellMapping.get_by_uuid(self.ctxt, context.CELL0_UUID)

    def test_setup_maps_cell_hosts_and_instances(self):
        self.map_cell0()  # already there: reused
        with context.target_cell(self.ctxt, None) as cctxt:
            objects.ComputeNode(
                cctxt, host='h1', hypervisor_hostname='h1', vcpus=1,
                memory_mb=1, local_gb=1, vcpus_used=0, memory_mb_used=0,
                local_gb_used=0, hypervisor_type='fake',
                hypervisor_version=1, cpu_info='{}',
                supported_instances=[]).create()
        instance = self.make_instance(None)  # in [database]
        self.assertEqual(0, self.commands.simple_cell_setup(
            transport_url=MQ))
        cells = [c for c in objects.CellMappingList.get_all(self.ctxt)
                 if not c.is_cell0()]
        self.assertEqual(['cell1'], [c.name for c in cells])
        self.assertEqual(cells[0].uuid, objects.HostMapping.get_by_host(
            self.ctxt, 'h1').cell_mapping.uuid)
        self.assertEqual(cells[0].uuid, objects.InstanceMapping.
                         get_by_instance_uuid(self.ctxt, instance.uuid).
                         cell_mapping.uuid)
        # Twice is fine.
        self.assertEqual(0, self.commands.simple_cell_setup(
            transport_url=MQ))
