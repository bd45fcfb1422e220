"""Boot and delete servers through the REST API, like a user."""

from nova_rocky import context as nova_context
from nova_rocky import objects
from nova_rocky.tests.functional import base


class TestBootAndDelete(base.FunctionalTestCase):

    def _create_flavor(self, ram=512, vcpus=1, disk=1):
        body = {'flavor': {'name': self.unique_name('flavor'), 'ram': ram,
                           'vcpus': vcpus, 'disk': disk}}
        flavor = self.admin_api.post('/flavors', body,
                                     expect=200).json()['flavor']
        self.addCleanup(self.admin_api.request, 'DELETE',
                        '/flavors/%s' % flavor['id'])
        return flavor

    def test_boot_list_show_delete(self):
        flavor = self._create_flavor()
        server = self.api.create_server(self.unique_name('vm'), flavor['id'],
                                        self.demo_image_id())
        active = self.api.wait_for_server(server['id'])
        self.assertEqual('ACTIVE', active['status'])
        self.assertEqual(flavor['id'], active['flavor']['id'])

        listed = self.api.get('/servers')['servers']
        self.assertEqual([server['id']], [s['id'] for s in listed])
        detail = self.api.get('/servers/detail')['servers']
        self.assertEqual('ACTIVE', detail[0]['status'])

        allocations = self.allocations(server['id'])
        self.assertEqual(1, len(allocations))
        resources = list(allocations.values())[0]['resources']
        self.assertEqual({'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1},
                         resources)

        self.api.delete('/servers/%s' % server['id'])
        self.api.wait_for_deleted(server['id'])
        self.assertEqual({}, self.allocations(server['id']))
        self.assertEqual([], self.api.get('/servers')['servers'])

    def test_no_valid_host_buries_the_server_in_cell0(self):
        # Bigger than any fake host's disk, yet within the project's quota.
        flavor = self._create_flavor(disk=10 ** 6)
        server = self.api.create_server(self.unique_name('big'),
                                        flavor['id'], self.demo_image_id())
        errored = self.api.wait_for_server(server['id'], statuses=('ERROR',))
        self.assertIn('No valid host', errored['fault']['message'])
        mapping = objects.InstanceMapping.get_by_instance_uuid(
            nova_context.get_admin_context(), server['id'])
        self.assertEqual(nova_context.CELL0_UUID,
                         mapping.cell_mapping.uuid)
        self.assertEqual({}, self.allocations(server['id']))
        self.api.delete('/servers/%s' % server['id'])
        self.api.wait_for_deleted(server['id'])

    def test_unknown_flavor_and_image_are_rejected(self):
        resp = self.api.post('/servers', {'server': {
            'name': 'x', 'flavorRef': 'no-such-flavor',
            'imageRef': self.demo_image_id(), 'networks': 'none'}},
            microversion='2.37')
        self.assertEqual(400, resp.status_code)
        self.assertIn('badRequest', resp.json())
        resp = self.api.post('/servers', {'server': {
            'name': 'x', 'flavorRef': '1',
            'imageRef': '6f5e2a43-1b1d-4c9e-9d56-4a4b7c1f0a11',
            'networks': 'none'}}, microversion='2.37')
        self.assertEqual(400, resp.status_code)
