"""Server group filters and weighers, and the group set-up of a request."""

from oslo_utils import uuidutils
import testtools

from nova_rocky import exception
from nova_rocky import objects

from nova_rocky.scheduler.filters import affinity_filter
from nova_rocky.scheduler import group_policy
from nova_rocky.scheduler import weights
from nova_rocky.scheduler.weights import affinity as affinity_weights
from nova_rocky.tests.unit.scheduler import base
from nova_rocky.tests.unit.scheduler import fakes

objects.register_all()


def _group(policy, hosts, rules=None):
    return objects.InstanceGroup(uuid=uuidutils.generate_uuid(),
                                 policy=policy, rules=rules or {},
                                 members=[], hosts=list(hosts))


class GroupFiltersTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.h1 = fakes.make_host_state('h1')
        self.h2 = fakes.make_host_state('h2')

    def _passing(self, flt, group):
        spec = fakes.make_spec(instance_group=group)
        return [h.host for h in flt.filter_all([self.h1, self.h2], spec)]

    def test_anti_affinity(self):
        flt = affinity_filter.ServerGroupAntiAffinityFilter()
        self.assertEqual(['h1', 'h2'], self._passing(flt, None))
        self.assertEqual(['h2'], self._passing(
            flt, _group('anti-affinity', ['h1'])))
        self.assertEqual([], self._passing(
            flt, _group('anti-affinity', ['h1', 'h2'])))
        # Another policy is not this filter's business.
        self.assertEqual(['h1', 'h2'], self._passing(
            flt, _group('affinity', ['h1'])))

    def test_max_server_per_host(self):
        flt = affinity_filter.ServerGroupAntiAffinityFilter()
        rules = {'max_server_per_host': '2'}
        self.assertEqual(['h1', 'h2'], self._passing(
            flt, _group('anti-affinity', ['h1', 'h2'], rules)))
        self.assertEqual(['h2'], self._passing(
            flt, _group('anti-affinity', ['h1', 'h1', 'h2'], rules)))

    def test_affinity(self):
        flt = affinity_filter.ServerGroupAffinityFilter()
        self.assertEqual(['h1', 'h2'], self._passing(
            flt, _group('affinity', [])))
        self.assertEqual(['h2'], self._passing(
            flt, _group('affinity', ['h2', 'h2'])))
        self.assertEqual(['h1', 'h2'], self._passing(
            flt, _group('anti-affinity', ['h2'])))

    def test_not_run_on_rebuild(self):
        flt = affinity_filter.ServerGroupAntiAffinityFilter()
        spec = fakes.make_spec(
            instance_group=_group('anti-affinity', ['h1']),
            scheduler_hints={'_nova_check_type': ['rebuild']})
        self.assertFalse(flt.RUN_ON_REBUILD)
        self.assertEqual(2, len(flt.filter_all([self.h1, self.h2], spec)))


class SoftWeighersTestCase(testtools.TestCase):

    def _order(self, policy, hosts):
        states = [fakes.make_host_state(h) for h in ('h1', 'h2', 'h3')]
        spec = fakes.make_spec(instance_group=_group(policy, hosts))
        weighed = weights.get_weighed_hosts(
            [affinity_weights.ServerGroupSoftAffinityWeigher(),
             affinity_weights.ServerGroupSoftAntiAffinityWeigher()],
            states, spec)
        return [w.obj.host for w in weighed]

    def test_soft_affinity_prefers_member_hosts(self):
        self.assertEqual('h2', self._order('soft-affinity',
                                           ['h2', 'h2', 'h3'])[0])

    def test_soft_anti_affinity_prefers_empty_hosts(self):
        order = self._order('soft-anti-affinity', ['h1', 'h1', 'h2'])
        self.assertEqual('h3', order[0])
        self.assertEqual('h1', order[-1])


class SetupInstanceGroupTestCase(base.SchedulerDBTestCase):
    """The group of a request, read from the API and cell databases."""

    def _group(self, policy, members=()):
        group = objects.InstanceGroup(
            self.ctxt, uuid=uuidutils.generate_uuid(), name='g',
            project_id='p1', user_id='u1', policy=policy, rules={},
            members=list(members))
        group.create()
        return group

    def _instance_on(self, host):
        inst = objects.Instance(self.ctxt, uuid=uuidutils.generate_uuid(),
                                project_id='p1', user_id='u1', host=host,
                                node=host, vm_state='active')
        inst.create()
        objects.InstanceMapping(self.ctxt, instance_uuid=inst.uuid,
                                cell_mapping=self.cell,
                                project_id='p1').create()
        return inst

    def test_hosts_of_members(self):
        on_a = self._instance_on('a')
        on_a2 = self._instance_on('a')
        on_b = self._instance_on('b')
        new = uuidutils.generate_uuid()
        group = self._group('anti-affinity',
                            [on_a.uuid, on_a2.uuid, on_b.uuid, new])
        spec = fakes.make_spec(scheduler_hints={'group': [group.uuid]})
        plugins = [affinity_filter.ServerGroupAntiAffinityFilter()]
        found = group_policy.setup_instance_group(self.ctxt, spec, [new],
                                                  plugins)
        self.assertEqual(['a', 'a', 'b'], sorted(found.hosts))
        self.assertIs(found, spec.instance_group)
        group_policy.record_choice(spec, 'c')
        self.assertEqual(['a', 'a', 'b', 'c'], sorted(found.hosts))

    def test_policy_without_its_filter_fails(self):
        group = self._group('affinity')
        spec = fakes.make_spec(scheduler_hints={'group': [group.uuid]})
        self.assertRaises(
            exception.NoValidHost, group_policy.setup_instance_group,
            self.ctxt, spec, None,
            [affinity_filter.ServerGroupAntiAffinityFilter()])

    def test_no_hint_or_deleted_group(self):
        spec = fakes.make_spec()
        self.assertIsNone(group_policy.setup_instance_group(
            self.ctxt, spec, None, []))
        spec = fakes.make_spec(
            scheduler_hints={'group': [uuidutils.generate_uuid()]})
        self.assertIsNone(group_policy.setup_instance_group(
            self.ctxt, spec, None, []))
        self.assertIsNone(spec.instance_group)

    def test_anti_affinity_end_to_end(self):
        nodes = self.add_hosts(3)
        placed = self._instance_on(nodes[0].host)
        group = self._group('anti-affinity', [placed.uuid])
        from nova_rocky.scheduler import filter_scheduler
        self.cfg.config(group='filter_scheduler', enabled_filters=[
            'ComputeFilter', 'ServerGroupAntiAffinityFilter'])
        scheduler = filter_scheduler.FilterScheduler()
        uuids = [uuidutils.generate_uuid() for _ in range(2)]
        spec = fakes.make_spec(num_instances=2,
                               scheduler_hints={'group': [group.uuid]})
        chosen = scheduler.select_destinations(self.ctxt, spec, uuids)
        hosts = sorted(s[0].service_host for s in chosen)
        self.assertEqual([nodes[1].host, nodes[2].host], hosts)
        spec = fakes.make_spec(scheduler_hints={'group': [group.uuid]})
        group.members = group.members + uuids
        objects.InstanceGroup.add_members(self.ctxt, group.uuid, uuids)
        for uuid, host in zip(uuids, hosts):
            inst = objects.Instance(self.ctxt, uuid=uuid, project_id='p1',
                                    user_id='u1', host=host, node=host)
            inst.create()
            objects.InstanceMapping(self.ctxt, instance_uuid=uuid,
                                    cell_mapping=self.cell,
                                    project_id='p1').create()
        self.assertRaises(exception.NoValidHost,
                          scheduler.select_destinations, self.ctxt, spec,
                          [uuidutils.generate_uuid()])
