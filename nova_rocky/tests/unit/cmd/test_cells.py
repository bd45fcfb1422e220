"""nova_rocky.cells: URL helpers and the reusable host discovery."""

import testtools

from nova_rocky.cells import discovery
from nova_rocky.cells import urls
from nova_rocky import objects
from nova_rocky.tests.unit.cmd import helpers


class UrlsTest(testtools.TestCase):

    def test_cell0_url(self):
        self.assertEqual(
            'mysql+pymysql://nova:p%40ss@db/nova_cell0?charset=utf8',
            urls.cell0_database_url(
                'mysql+pymysql://nova:p%40ss@db/nova?charset=utf8'))
        self.assertEqual('sqlite:////var/lib/nova/nova_cell0.sqlite',
                         urls.cell0_database_url(
                             'sqlite:////var/lib/nova/nova.sqlite'))
        self.assertEqual('sqlite:///nova_cell0',
                         urls.cell0_database_url('sqlite:///nova'))
        self.assertRaises(ValueError, urls.cell0_database_url, None)
        self.assertRaises(ValueError, urls.cell0_database_url, 'sqlite://')

    def test_mask_url(self):
        self.assertEqual('rabbit://u:****@h1:5672,v:****@h2/vhost',
                         urls.mask_url('rabbit://u:a@h1:5672,v:b@h2/vhost'))
        self.assertEqual('mysql://h/db?password=****&charset=utf8',
                         urls.mask_url('mysql://h/db?password=x&charset=utf8'))
        self.assertEqual('none:///', urls.mask_url('none:///'))
        self.assertIsNone(urls.mask_url(None))


class DiscoverHostsTest(helpers.DatabaseTestCase):

    def test_returns_new_mappings_and_reports_progress(self):
        self.map_cell0()
        cell1 = self.map_cell1()
        self.make_node(cell1, 'h1')
        self.make_node(cell1, 'h2', mapped=1)  # mapped before: not read
        lines = []
        added = discovery.discover_hosts(self.ctxt, status_fn=lines.append)
        self.assertEqual(['h1'], [m.host for m in added])
        self.assertEqual(cell1.uuid, added[0].cell_mapping.uuid)
        self.assertIn('Found 2 cell mappings.', lines)
        self.assertEqual([], discovery.discover_hosts(self.ctxt))
        self.assertEqual(['h1'], [m.host for m in
                                  objects.HostMappingList.get_all(self.ctxt)])
