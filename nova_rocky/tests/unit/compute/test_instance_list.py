"""Listing servers across two cells: merged order, limits and markers."""

import datetime
import os
import tempfile
import threading
import uuid

import fixtures
import testtools

from nova_rocky.compute import api as compute_api
from nova_rocky.compute import boot
from nova_rocky.compute import instance_list
from nova_rocky import context as nova_context
from nova_rocky.db import api as db_api
from nova_rocky.db import migration
from nova_rocky import objects
from nova_rocky import rpc
from nova_rocky.tests.fixtures import db as db_fixture
from nova_rocky.tests.unit.api.handlers import fakes

_SECOND_CELL = {}
_LOCK = threading.Lock()


def _second_cell_url():
    """A migrated cell database file, emptied for each test."""
    with _LOCK:
        if 'url' not in _SECOND_CELL:
            path = os.path.join(tempfile.mkdtemp(prefix='nova_rocky-cell2-'),
                                'cell2.sqlite')
            _SECOND_CELL['url'] = 'sqlite:///%s' % path
            migration.db_sync('main', _SECOND_CELL['url'])
    url = _SECOND_CELL['url']
    engine = db_api.get_cell_context_manager(url).writer.get_engine()
    with engine.begin() as conn:
        for table in reversed(db_fixture._METADATA['main'].sorted_tables):
            conn.execute(table.delete())
    return url


class TwoCellListTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.env = self.useFixture(fakes.ServersEnv(conductor=False))
        self.ctxt = nova_context.RequestContext('demo', fakes.PROJECT)
        self.cell2 = objects.CellMapping(
            self.env.ctxt, uuid=str(uuid.uuid4()), name='cell2',
            transport_url=rpc.IN_PROCESS_TRANSPORT_URL,
            database_connection=_second_cell_url())
        self.cell2.create()
        self.api = compute_api.API()
        self.base = datetime.datetime(2018, 8, 30, 12, 0, 0)
        # name -> cell: interleaved so that a merge is needed.
        self.names = {}
        for minute, cell in enumerate([self.env.cell, self.cell2,
                                       self.cell2, self.env.cell,
                                       self.cell2, self.env.cell]):
            self._server('s%d' % minute, cell, minute)

    def _server(self, name, cell, minute):
        options = {'user_id': 'demo', 'project_id': fakes.PROJECT,
                   'image_ref': self.env.image['id'], 'display_name': name}
        with nova_context.target_cell(self.env.ctxt, cell) as cctxt:
            instance = boot.new_instance(cctxt, self.env.flavor,
                                         self.env.image, options, 0, 1)
            instance.created_at = self.base + datetime.timedelta(
                minutes=minute)
            instance.vm_state = 'active'
            instance.create()
        objects.InstanceMapping(self.env.ctxt, instance_uuid=instance.uuid,
                                cell_mapping=cell, project_id=fakes.PROJECT,
                                user_id='demo').create()
        self.names[name] = instance.uuid

    def _list(self, **kwargs):
        kwargs.setdefault('search_opts', {'deleted': False})
        return [i.display_name for i in self.api.get_all(self.ctxt,
                                                         **kwargs)]

    def test_merged_default_order(self):
        self.assertEqual(['s5', 's4', 's3', 's2', 's1', 's0'], self._list())

    def test_merged_by_name_ascending_with_limit(self):
        self.assertEqual(['s0', 's1', 's2'], self._list(
            sort_keys=['display_name'], sort_dirs=['asc'], limit=3))

    def test_marker_in_either_cell(self):
        for marker, expected in (('s3', ['s2', 's1']), ('s4', ['s3', 's2']),
                                 ('s0', [])):
            self.assertEqual(expected, self._list(
                marker=self.names[marker], limit=2))

    def test_pages_cover_everything_once(self):
        seen, marker = [], None
        while True:
            page = self.api.get_all(self.ctxt, {'deleted': False}, limit=2,
                                    marker=marker,
                                    sort_keys=['display_name'],
                                    sort_dirs=['desc'])
            if not page:
                break
            seen.extend(i.display_name for i in page)
            marker = page[-1].uuid
        self.assertEqual(['s5', 's4', 's3', 's2', 's1', 's0'], seen)

    def test_small_scan_batches(self):
        self.useFixture(fixtures.MockPatchObject(instance_list, 'SCAN_BATCH',
                                                 1))
        self.assertEqual(['s2', 's1', 's0'],
                         self._list(marker=self.names['s3']))

    def test_filters_apply_in_every_cell(self):
        self.assertEqual(['s4', 's1'], self._list(
            search_opts={'deleted': False, 'name': '^s[14]$'}))

    def test_other_project_sees_nothing(self):
        other = nova_context.RequestContext('u', fakes.OTHER_PROJECT)
        self.assertEqual([], self.api.get_all(other, {'deleted': False}))

    def test_quota_counts_both_cells(self):
        from nova_rocky.compute import quotas
        usage = quotas.usage(self.ctxt, fakes.PROJECT)
        self.assertEqual({'instances': 6, 'cores': 6, 'ram': 6 * 512},
                         usage)


class BootHelpersTest(testtools.TestCase):

    def test_sanitize_hostname(self):
        self.assertEqual('my-web-server',
                         boot.sanitize_hostname('My Web_Server', 'd'))
        self.assertEqual('d', boot.sanitize_hostname('!!!', 'd'))
        self.assertEqual(63, len(boot.sanitize_hostname('a' * 80, 'd')))

    def test_names(self):
        self.assertEqual('vm', boot.display_name_for('vm', 0, 1))
        self.assertEqual('vm-2', boot.display_name_for('vm', 1, 3))

    def test_reservation_id(self):
        self.assertRegex(boot.reservation_id(), '^r-[a-z0-9]{8}$')

    def test_parse_availability_zone(self):
        parse = compute_api.API.parse_availability_zone
        self.assertEqual(('az', None, None), parse('az'))
        self.assertEqual(('az', 'h', None), parse('az:h'))
        self.assertEqual(('az', None, 'n'), parse('az::n'))
        self.assertEqual(('az', 'h', 'n'), parse('az:h:n'))
        self.assertRaises(Exception, parse, 'a:b:c:d')
