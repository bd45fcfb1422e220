"""Request filters: what they add to the placement query."""

from oslo_config import fixture as config_fixture
from oslo_utils import uuidutils
import testtools

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky import objects
from nova_rocky.scheduler import request_filter
from nova_rocky.scheduler import utils
from nova_rocky.tests.unit.scheduler import fakes

CONF = conf.CONF
objects.register_all()


def _agg(metadata):
    return objects.Aggregate(uuid=uuidutils.generate_uuid(), name='a',
                             hosts=['h'], metadata=metadata)


class RequestFilterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(config_fixture.Config(CONF))

    def query(self, spec, aggregates):
        req = utils.ResourceRequest.from_request_spec(spec)
        request_filter.process(spec, req, aggregates)
        return dict(req.to_query_params()), req

    def test_nothing_enabled_changes_nothing(self):
        spec = fakes.make_spec(az='az1')
        params, _req = self.query(spec, [_agg({'availability_zone': 'az1',
                                               'filter_tenant_id': 'p1'})])
        self.assertNotIn('member_of', params)

    def test_tenant_aggregates(self):
        self.cfg.config(group='scheduler',
                        limit_tenants_to_placement_aggregate=True)
        mine = _agg({'filter_tenant_id': 'p1'})
        also = _agg({'filter_tenant_id:2': 'p1'})
        other = _agg({'filter_tenant_id': 'p2'})
        params, _req = self.query(fakes.make_spec(), [mine, also, other])
        self.assertEqual('in:' + ','.join(sorted([mine.uuid, also.uuid])),
                         params['member_of'])
        params, _req = self.query(fakes.make_spec(), [other])
        self.assertNotIn('member_of', params)
        self.cfg.config(group='scheduler',
                        placement_aggregate_required_for_tenants=True)
        self.assertRaises(exception.NoValidHost, self.query,
                          fakes.make_spec(), [other])

    def test_zone_aggregates(self):
        self.cfg.config(group='scheduler',
                        query_placement_for_availability_zone=True)
        zone = _agg({'availability_zone': 'az1'})
        params, _req = self.query(fakes.make_spec(az='az1'),
                                  [zone, _agg({'availability_zone': 'az2'})])
        self.assertEqual('in:' + zone.uuid, params['member_of'])

    def test_strict_isolation(self):
        self.cfg.config(group='scheduler',
                        enable_isolated_aggregate_filtering=True)
        gold = _agg({'trait:CUSTOM_GOLD': 'required'})
        both = _agg({'trait:CUSTOM_GOLD': 'required',
                     'trait:CUSTOM_SSD': 'required'})
        plain = _agg({'color': 'red'})
        params, _req = self.query(fakes.make_spec(), [gold, both, plain])
        self.assertEqual('!in:' + ','.join(sorted([gold.uuid, both.uuid])),
                         params['member_of'])
        flavor = fakes.make_flavor(
            extra_specs={'trait:CUSTOM_GOLD': 'required'})
        params, _req = self.query(fakes.make_spec(flavor=flavor),
                                  [gold, both, plain])
        self.assertEqual('!in:' + both.uuid, params['member_of'])
        image_props = {'traits_required': ['CUSTOM_GOLD', 'CUSTOM_SSD']}
        params, _req = self.query(fakes.make_spec(image_props=image_props),
                                  [gold, both, plain])
        self.assertNotIn('member_of', params)

    def test_secure_boot_capability(self):
        params, _req = self.query(
            fakes.make_spec(image_props={'os_secure_boot': 'required'}), [])
        self.assertIn('COMPUTE_SECURITY_UEFI_SECURE_BOOT',
                      params['required'])
        params, _req = self.query(
            fakes.make_spec(image_props={'os_secure_boot': 'optional'}), [])
        self.assertNotIn('required', params)
