"""Pieces of the conductor's rebuild flow that need no services."""

from unittest import mock

import testtools

from nova_rocky.conductor.tasks import rebuild
from nova_rocky import exception
from nova_rocky import objects

objects.register_all()
OLD = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
NEW = '3c1f0e9a-7b4d-4f1e-9d52-6a0b8e2c7f13'


def _spec():
    return objects.RequestSpec(
        instance_uuid='0f8a3c55-8e5e-4b0d-8f2f-2d6bfa3c4d11',
        image=objects.ImageMeta.from_dict({'id': OLD, 'properties': {}}),
        scheduler_hints={'group': ['g1']}, force_hosts=None,
        force_nodes=None, ignore_hosts=['x'])


class RebuildSpecTestCase(testtools.TestCase):

    def test_copy_carries_the_hint_and_the_host_only(self):
        spec = _spec()
        checked = rebuild.rebuild_spec(spec, {'id': NEW}, 'host1',
                                       'node1')
        self.assertEqual(['rebuild'],
                         checked.scheduler_hints['_nova_check_type'])
        self.assertEqual(['g1'], checked.scheduler_hints['group'])
        self.assertEqual(['host1'], checked.force_hosts)
        self.assertEqual(['node1'], checked.force_nodes)
        self.assertIsNone(checked.ignore_hosts)
        self.assertEqual(NEW, checked.image.id)
        # The original is untouched: it is what gets saved later.
        self.assertNotIn('_nova_check_type', spec.scheduler_hints)
        self.assertIsNone(spec.force_hosts)
        self.assertEqual(OLD, spec.image.id)


class ImageTraitsTestCase(testtools.TestCase):
    """Required image traits against the providers of the allocations."""

    def _conductor(self, traits_by_rp):
        # Placement is outside this process: its client is faked.
        conductor = mock.Mock()
        report = conductor.report_client
        report.get_allocations_for_consumer.return_value = {
            rp: {'resources': {'VCPU': 1}} for rp in traits_by_rp}
        report.get_provider_traits.side_effect = \
            lambda ctxt, rp: set(traits_by_rp[rp])
        return conductor

    def _image(self, *traits):
        return objects.ImageMeta.from_dict({'id': NEW, 'properties': {
            'trait:%s' % t: 'required' for t in traits}})

    def test_no_required_traits_asks_nothing(self):
        conductor = self._conductor({})
        rebuild.validate_image_traits(conductor, None, mock.Mock(uuid='u'),
                                      self._image())
        conductor.report_client.get_allocations_for_consumer.\
            assert_not_called()

    def test_traits_found_on_any_allocated_provider_pass(self):
        conductor = self._conductor({'root': ['HW_CPU_X86_AVX2'],
                                     'child': ['CUSTOM_GOLD']})
        rebuild.validate_image_traits(
            conductor, None, mock.Mock(uuid='u'),
            self._image('HW_CPU_X86_AVX2', 'CUSTOM_GOLD'))

    def test_missing_trait_is_no_valid_host(self):
        conductor = self._conductor({'root': ['HW_CPU_X86_AVX2']})
        exc = self.assertRaises(
            exception.NoValidHost, rebuild.validate_image_traits,
            conductor, None, mock.Mock(uuid='u'),
            self._image('CUSTOM_GOLD'))
        self.assertIn('Image traits cannot be satisfied', str(exc))
