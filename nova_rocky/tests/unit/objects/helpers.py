"""Shared base of the object tests: migrated SQLite databases, contexts."""

import warnings

from oslo_serialization import jsonutils
from oslo_utils import uuidutils
import testtools

from nova_rocky import context
from nova_rocky import objects
from nova_rocky.objects import base
from nova_rocky.tests.fixtures import db as db_fixture

objects.register_all()


class ObjectsTestCase(testtools.TestCase):
    """A test with empty API and cell databases and three contexts.

    ``self.ctxt`` is an admin of project ``p1``; ``self.user_ctxt`` a
    non-admin of ``p1``; ``self.other_ctxt`` a non-admin of ``p2``.
    """

    def setUp(self):
        super().setUp()
        warnings.simplefilter('ignore', DeprecationWarning)
        self.db = self.useFixture(db_fixture.Database())
        self.ctxt = context.RequestContext('u1', 'p1', is_admin=True)
        self.user_ctxt = context.RequestContext('u1', 'p1')
        self.other_ctxt = context.RequestContext('u2', 'p2')

    def rpc_round_trip(self, obj):
        """``obj`` serialized, sent as JSON and deserialized as over RPC."""
        serializer = base.NovaObjectSerializer()
        wire = jsonutils.loads(jsonutils.dumps(
            serializer.serialize_entity(self.ctxt, obj)))
        return serializer.deserialize_entity(self.ctxt, wire)

    def make_flavor(self, name='m1.small', flavorid=None, **kwargs):
        values = dict(name=name, flavorid=flavorid or name, memory_mb=512,
                      vcpus=1, root_gb=1, ephemeral_gb=0, swap=0)
        values.update(kwargs)
        flavor = objects.Flavor(self.ctxt, **values)
        flavor.create()
        return flavor

    def make_instance(self, flavor=None, **kwargs):
        values = dict(project_id='p1', user_id='u1', vm_state='active',
                      display_name='server', host='host1', node='node1',
                      image_ref=uuidutils.generate_uuid())
        values.update(kwargs)
        inst = objects.Instance(self.ctxt, **values)
        inst.flavor = flavor or self.make_flavor(
            name='f-%s' % uuidutils.generate_uuid())
        inst.create()
        return inst
