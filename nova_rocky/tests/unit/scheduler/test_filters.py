"""Host filters, the extra spec operators and the filter loader."""

import fixtures
from oslo_config import fixture as config_fixture
import testtools

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.scheduler import filters
from nova_rocky.scheduler.filters import availability_zone_filter
from nova_rocky.scheduler.filters import compute_capabilities_filter
from nova_rocky.scheduler.filters import compute_filter
from nova_rocky.scheduler.filters import extra_specs_ops
from nova_rocky.scheduler.filters import image_props_filter
from nova_rocky.tests.unit.scheduler import fakes

CONF = conf.CONF


class ExtraSpecsOpsTestCase(testtools.TestCase):

    def _ok(self, value, req):
        self.assertTrue(extra_specs_ops.match(value, req), (value, req))

    def _no(self, value, req):
        self.assertFalse(extra_specs_ops.match(value, req), (value, req))

    def test_literal(self):
        self._ok('kvm', 'kvm')
        self._no('qemu', 'kvm')

    def test_numeric(self):
        self._ok('123', '= 123')
        self._ok('124', '= 123')
        self._no('122', '= 123')
        self._ok('123', '== 123')
        self._no('124', '== 123')
        self._ok('12', '!= 11')
        self._ok('12', '>= 12')
        self._no('12', '<= 11')
        self._no('abc', '>= 1')

    def test_string(self):
        self._ok('abc', 's== abc')
        self._no('abd', 's== abc')
        self._ok('abd', 's!= abc')
        self._ok('b', 's> a')
        self._ok('b', 's>= b')
        self._ok('a', 's< b')
        self._ok('a', 's<= a')
        self._no('b', 's< a')

    def test_in_and_all_in(self):
        self._ok('fast ssd disk', '<in> ssd')
        self._no('fast disk', '<in> ssd')
        self._ok(['aes', 'avx', 'sse'], '<all-in> aes avx')
        self._no(['aes', 'sse'], '<all-in> aes avx')

    def test_or(self):
        self._ok('b', '<or> a <or> b <or> c')
        self._no('d', '<or> a <or> b')

    def test_missing_operand_or_value(self):
        self._no('1', '>=')
        self._no(None, '>= 1')


class ComputeFilterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.filt = compute_filter.ComputeFilter()
        self.spec = fakes.make_spec()

    def test_passes_enabled_and_up(self):
        self.assertTrue(self.filt.host_passes(fakes.make_host_state(),
                                              self.spec))

    def test_fails_disabled(self):
        host = fakes.make_host_state(service=fakes.make_service(
            disabled=True))
        self.assertFalse(self.filt.host_passes(host, self.spec))

    def test_fails_down(self):
        host = fakes.make_host_state(service=fakes.make_service(up=False))
        self.assertFalse(self.filt.host_passes(host, self.spec))

    def test_fails_without_service(self):
        host = fakes.make_host_state(service=None)
        self.assertFalse(self.filt.host_passes(host, self.spec))


class AvailabilityZoneFilterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.filt = availability_zone_filter.AvailabilityZoneFilter()

    def test_no_zone_requested(self):
        self.assertTrue(self.filt.host_passes(fakes.make_host_state(),
                                              fakes.make_spec()))

    def test_default_zone(self):
        host = fakes.make_host_state()
        self.assertEqual(CONF.default_availability_zone,
                         host.availability_zone)
        self.assertTrue(self.filt.host_passes(
            host, fakes.make_spec(az=CONF.default_availability_zone)))
        self.assertFalse(self.filt.host_passes(host,
                                               fakes.make_spec(az='other')))


class ComputeCapabilitiesFilterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.filt = compute_capabilities_filter.ComputeCapabilitiesFilter()
        self.host = fakes.make_host_state(
            hypervisor_type='QEMU', hypervisor_version=4002000,
            cpu_info='{"arch": "x86_64", "features": ["aes", "avx"]}',
            stats={'pool': 'gold'})

    def _passes(self, extra_specs):
        spec = fakes.make_spec(flavor=fakes.make_flavor(
            extra_specs=extra_specs))
        return self.filt.host_passes(self.host, spec)

    def test_attribute(self):
        self.assertTrue(self._passes({'capabilities:hypervisor_type':
                                      's== QEMU'}))
        self.assertFalse(self._passes({'capabilities:hypervisor_type':
                                       'kvm'}))
        self.assertTrue(self._passes({'capabilities:hypervisor_version':
                                      '>= 4000000'}))

    def test_json_attribute(self):
        self.assertTrue(self._passes({'capabilities:cpu_info:arch':
                                      'x86_64'}))
        self.assertTrue(self._passes({'capabilities:cpu_info:features':
                                      '<all-in> aes avx'}))
        self.assertFalse(self._passes({'capabilities:cpu_info:features':
                                       '<in> sse'}))
        self.assertFalse(self._passes({'capabilities:cpu_info:vendor':
                                       'Intel'}))

    def test_stats_fallback(self):
        self.assertTrue(self._passes({'capabilities:pool': 'gold'}))
        self.assertTrue(self._passes({'capabilities:stats:pool':
                                      '<or> gold <or> silver'}))
        self.assertFalse(self._passes({'capabilities:pool': 'silver'}))

    def test_other_scopes_and_unscoped_ignored(self):
        self.assertTrue(self._passes({'hw:cpu_policy': 'dedicated',
                                      'resources:VCPU': '2',
                                      'trait:CUSTOM_X': 'required',
                                      'group_policy': 'none'}))


class ImagePropertiesFilterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.filt = image_props_filter.ImagePropertiesFilter()
        self.host = fakes.make_host_state(
            supported_instances=[['x86_64', 'kvm', 'hvm'],
                                 ['i686', 'qemu', 'hvm']],
            hypervisor_version=6001000)

    def _passes(self, props, host=None):
        return self.filt.host_passes(host or self.host,
                                     fakes.make_spec(image_props=props))

    def test_no_properties(self):
        self.assertTrue(self._passes({}))
        bare = fakes.make_host_state(supported_instances=[])
        self.assertTrue(self._passes({}, bare))

    def test_matching(self):
        self.assertTrue(self._passes({'hw_architecture': 'x86_64'}))
        self.assertTrue(self._passes({'hw_architecture': 'x86_64',
                                      'img_hv_type': 'kvm',
                                      'hw_vm_mode': 'hvm'}))
        self.assertTrue(self._passes({'hw_architecture': 'i686',
                                      'img_hv_type': 'qemu'}))

    def test_not_matching(self):
        self.assertFalse(self._passes({'hw_architecture': 'aarch64'}))
        # Each property must match in the same supported entry.
        self.assertFalse(self._passes({'hw_architecture': 'i686',
                                       'img_hv_type': 'kvm'}))
        self.assertFalse(self._passes({'hw_vm_mode': 'xen'}))

    def test_host_advertising_nothing(self):
        bare = fakes.make_host_state(supported_instances=[])
        self.assertFalse(self._passes({'hw_architecture': 'x86_64'}, bare))

    def test_hypervisor_version(self):
        self.assertTrue(self._passes({'hw_architecture': 'x86_64',
                                      'img_hv_requested_version': '>=6.0'}))
        self.assertTrue(self._passes({
            'hw_architecture': 'x86_64',
            'img_hv_requested_version': '>=6.1,<7'}))
        self.assertFalse(self._passes({'hw_architecture': 'x86_64',
                                       'img_hv_requested_version': '>=6.2'}))

    def test_version_predicate(self):
        self.assertTrue(image_props_filter.version_satisfies('6.1.0',
                                                             '==6.1'))
        self.assertFalse(image_props_filter.version_satisfies('6.1.0',
                                                              'junk'))

    def test_runs_on_rebuild(self):
        spec = fakes.make_spec(image_props={'hw_architecture': 'aarch64'},
                               scheduler_hints={
                                   '_nova_check_type': ['rebuild']})
        self.assertEqual([], self.filt.filter_all([self.host], spec))
        # ...while a filter not marked RUN_ON_REBUILD lets hosts through.
        spec.availability_zone = 'elsewhere'
        azf = availability_zone_filter.AvailabilityZoneFilter()
        self.assertEqual([self.host], azf.filter_all([self.host], spec))


class LoaderTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cfg = self.useFixture(config_fixture.Config(CONF))

    def test_default_filters_load(self):
        loaded = filters.load_filters(CONF.filter_scheduler.enabled_filters)
        self.assertEqual(CONF.filter_scheduler.enabled_filters,
                         [type(f).__name__ for f in loaded])

    def test_all_filters(self):
        self.assertEqual(
            {'AvailabilityZoneFilter', 'ComputeCapabilitiesFilter',
             'ComputeFilter', 'ImagePropertiesFilter',
             'ServerGroupAffinityFilter', 'ServerGroupAntiAffinityFilter',
             'SameHostFilter', 'DifferentHostFilter',
             'AggregateInstanceExtraSpecsFilter', 'IoOpsFilter',
             'NumInstancesFilter'},
            set(filters.all_filters()))

    def test_dotted_path(self):
        classes = filters.get_filter_classes(
            ['nova_rocky.scheduler.filters.compute_filter.ComputeFilter'])
        self.assertEqual([compute_filter.ComputeFilter], classes)

    def test_unknown_name_is_a_clear_error(self):
        exc = self.assertRaises(exception.SchedulerFilterNotFound,
                                filters.load_filters,
                                ['ComputeFilter', 'RetryFilter'])
        self.assertIn('RetryFilter', str(exc))
        self.assertIn('enabled_filters', str(exc))
        self.assertIn('ComputeFilter', str(exc))

    def test_not_a_filter(self):
        self.assertRaises(exception.SchedulerFilterNotFound,
                          filters.load_filters, ['os.path.join'])

    def test_run_filters_stops_when_empty(self):
        spec = fakes.make_spec(az='nowhere')
        hosts = [fakes.make_host_state('a'), fakes.make_host_state('b')]
        loaded = filters.load_filters(['AvailabilityZoneFilter',
                                       'ComputeFilter'])
        self.useFixture(fixtures.FakeLogger())
        self.assertEqual([], filters.run_filters(loaded, hosts, spec))
