"""ResourceRequest: the placement query built from a RequestSpec."""

import datetime
import urllib.parse

import fixtures
import testtools

from nova_rocky.scheduler import utils
from nova_rocky.tests.unit.scheduler import fakes


def _params(req):
    return dict(urllib.parse.parse_qsl(req.to_querystring()))


class ResourceRequestTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())

    def _req(self, limit=None, **kwargs):
        spec = fakes.make_spec(**kwargs)
        return utils.ResourceRequest.from_request_spec(spec, limit=limit)

    def test_standard_amounts(self):
        req = self._req(flavor=fakes.make_flavor(vcpus=2, memory_mb=2048,
                                                 root_gb=10,
                                                 ephemeral_gb=5),
                        limit=1000)
        self.assertEqual(
            {'resources': 'DISK_GB:15,MEMORY_MB:2048,VCPU:2',
             'limit': '1000'}, _params(req))

    def test_swap_rounded_up_to_gb(self):
        req = self._req(flavor=fakes.make_flavor(root_gb=1, swap=1))
        self.assertEqual({'DISK_GB': 2, 'MEMORY_MB': 512, 'VCPU': 1},
                         req.merged_resources)
        req = self._req(flavor=fakes.make_flavor(root_gb=1, swap=2048))
        self.assertEqual(3, req.merged_resources['DISK_GB'])

    def test_boot_from_volume_has_no_root_disk(self):
        req = self._req(flavor=fakes.make_flavor(root_gb=20, swap=512),
                        is_bfv=True)
        self.assertEqual(1, req.merged_resources['DISK_GB'])
        req = self._req(flavor=fakes.make_flavor(root_gb=20), is_bfv=True)
        self.assertNotIn('DISK_GB', req.merged_resources)

    def test_resources_overrides_and_zeroes(self):
        req = self._req(flavor=fakes.make_flavor(extra_specs={
            'resources:VCPU': '0', 'resources:MEMORY_MB': '1024',
            'resources:CUSTOM_GOLD': '1'}))
        self.assertEqual({'DISK_GB': 1, 'MEMORY_MB': 1024, 'CUSTOM_GOLD': 1},
                         req.merged_resources)
        self.assertEqual('CUSTOM_GOLD:1,DISK_GB:1,MEMORY_MB:1024',
                         _params(req)['resources'])

    def test_bad_resources_ignored(self):
        req = utils.ResourceRequest.from_extra_specs({
            'resources:VCPU': 'two', 'resources:NOT_A_CLASS': '1',
            'resources:MEMORY_MB': '-5', 'hw:cpu_policy': 'dedicated',
            'capabilities:hypervisor_type': 'kvm'})
        self.assertEqual({}, req.merged_resources)

    def test_traits_required_and_forbidden(self):
        req = self._req(flavor=fakes.make_flavor(extra_specs={
            'trait:HW_CPU_X86_AVX': 'required',
            'trait:CUSTOM_SLOW': 'forbidden',
            'trait:CUSTOM_IGNORED': 'preferred'}),
            image_props={'trait:CUSTOM_IMG': 'required'})
        self.assertEqual('CUSTOM_IMG,HW_CPU_X86_AVX,!CUSTOM_SLOW',
                         _params(req)['required'])

    def test_granular_groups_and_policy(self):
        req = self._req(flavor=fakes.make_flavor(extra_specs={
            'resources1:SRIOV_NET_VF': '1',
            'trait1:CUSTOM_PHYSNET_A': 'required',
            'resources2:SRIOV_NET_VF': '1',
            'trait2:CUSTOM_PHYSNET_B': 'forbidden',
            'group_policy': 'isolate'}))
        params = _params(req)
        self.assertEqual('SRIOV_NET_VF:1', params['resources1'])
        self.assertEqual('CUSTOM_PHYSNET_A', params['required1'])
        self.assertEqual('SRIOV_NET_VF:1', params['resources2'])
        self.assertEqual('!CUSTOM_PHYSNET_B', params['required2'])
        self.assertEqual('isolate', params['group_policy'])
        self.assertEqual(['', '1', '2'], [g.suffix for g in req.groups])
        self.assertTrue(req.get_request_group('1').use_same_provider)
        self.assertFalse(req.get_request_group('').use_same_provider)

    def test_bad_group_policy_ignored(self):
        req = utils.ResourceRequest.from_extra_specs({'group_policy': 'x'})
        self.assertIsNone(req.group_policy)

    def test_query_is_sorted_and_stable(self):
        req = self._req(limit=3)
        self.assertEqual(
            'limit=3&resources=DISK_GB%3A1%2CMEMORY_MB%3A512%2CVCPU%3A1',
            req.to_querystring())

    def test_member_of(self):
        req = utils.ResourceRequest()
        req.get_request_group('').resources['VCPU'] = 1
        req.get_request_group('').member_of.append({'b', 'a'})
        self.assertEqual('in:a,b', _params(req)['member_of'])

    def test_empty_numbered_group_dropped(self):
        req = self._req(flavor=fakes.make_flavor(extra_specs={
            'resources3:VCPU': '0'}))
        self.assertEqual([''], [g.suffix for g in req.groups])


class HelpersTestCase(testtools.TestCase):

    def test_request_is_rebuild(self):
        spec = fakes.make_spec()
        self.assertFalse(utils.request_is_rebuild(spec))
        spec.scheduler_hints = {'_nova_check_type': ['rebuild']}
        self.assertTrue(utils.request_is_rebuild(spec))
        self.assertFalse(utils.request_is_rebuild(None))

    def test_service_is_up(self):
        self.assertTrue(utils.service_is_up(fakes.make_service()))
        self.assertFalse(utils.service_is_up(fakes.make_service(up=False)))
        forced = fakes.make_service()
        forced.forced_down = True
        self.assertFalse(utils.service_is_up(forced))

    def test_service_is_up_judged_at_the_read_time(self):
        # A row read from a few-seconds-old cache: its heartbeat was recent
        # when read, so the service is up even if "now" it looks late.
        service = fakes.make_service()
        read_at = service.last_seen_up + datetime.timedelta(seconds=1)
        service.last_seen_up -= datetime.timedelta(seconds=70)
        self.assertFalse(utils.service_is_up(service))
        self.assertTrue(utils.service_is_up(
            service, now=read_at - datetime.timedelta(seconds=70)))
