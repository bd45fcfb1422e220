"""InstanceGroup: a server group and its members (API database).

A group has ONE policy (``affinity``, ``anti-affinity``,
``soft-affinity``, ``soft-anti-affinity``); the API before 2.64 shows it
as the one-item ``policies`` list. ``rules`` holds the 2.64 rules; the
only one is ``max_server_per_host`` (anti-affinity only), stored as a
string like every rule value and read back through
:attr:`InstanceGroup.max_server_per_host`.

``hosts`` is not stored: the scheduler fills it (:meth:`get_hosts`) with
one item per member that has a host, so ``hosts.count(h)`` is the number
of members already on ``h``, which the anti-affinity rule needs.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils
import sqlalchemy as sa

from nova_rocky import context as nova_context
from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

LOG = logging.getLogger(__name__)

_IG = api_models.InstanceGroup
_IGP = api_models.InstanceGroupPolicy
_IGM = api_models.InstanceGroupMember

AFFINITY = 'affinity'
ANTI_AFFINITY = 'anti-affinity'
SOFT_AFFINITY = 'soft-affinity'
SOFT_ANTI_AFFINITY = 'soft-anti-affinity'
POLICIES = (AFFINITY, ANTI_AFFINITY, SOFT_AFFINITY, SOFT_ANTI_AFFINITY)
MAX_SERVER_PER_HOST = 'max_server_per_host'


def _rules_to_db(rules):
    return jsonutils.dumps(rules) if rules else None


def _rules_from_db(text):
    return {k: str(v) for k, v in jsonutils.loads(text).items()} \
        if text else {}


@db_api.api_reader
def _get_by_uuid(context, uuid):
    row = context.session.query(_IG).filter_by(uuid=uuid).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=uuid)
    return row


@db_api.api_reader
def _get_by_instance(context, instance_uuid):
    row = context.session.query(_IG).join(_IGM).filter(
        _IGM.instance_uuid == instance_uuid).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
    return row


@db_api.api_reader
def _get_all(context, project_id, limit, offset):
    query = context.session.query(_IG).order_by(_IG.id)
    if project_id is not None:
        query = query.filter_by(project_id=project_id)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query.all()


@db_api.api_reader
def _count_by_project(context, project_id):
    return context.session.query(sa.func.count(_IG.id)).filter_by(
        project_id=project_id).scalar()


@db_api.api_writer
def _create(context, values, policy, rules, members):
    row = _IG(**values)
    row._policies = [_IGP(policy=policy, rules=_rules_to_db(rules))]
    row._members = [_IGM(instance_uuid=uuid) for uuid in members]
    context.session.add(row)
    context.session.flush()
    return row


@db_api.api_writer
def _destroy(context, uuid):
    row = context.session.query(_IG).filter_by(uuid=uuid).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=uuid)
    context.session.delete(row)


@db_api.api_writer
def _add_members(context, group_uuid, instance_uuids, limit):
    """Add members unless that makes more than ``limit`` (-1: no limit).

    Counted and added in one transaction, so two boots racing for the
    last member slot cannot both win on a database that locks the group
    row (MariaDB, PostgreSQL); SQLite serialises writers anyway.
    """
    query = context.session.query(_IG).filter_by(uuid=group_uuid)
    if context.session.bind.dialect.name != 'sqlite':
        query = query.with_for_update()
    row = query.first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    known = {m.instance_uuid for m in row._members}
    new = [u for u in instance_uuids if u not in known]
    if limit >= 0 and len(known) + len(new) > limit:
        raise exception.GroupMemberQuotaExceeded(
            group_uuid=group_uuid, limit=limit)
    for uuid in new:
        row._members.append(_IGM(instance_uuid=uuid))
    context.session.flush()
    return [m.instance_uuid for m in row._members]


@db_api.api_writer
def _remove_instance(context, instance_uuid):
    return context.session.query(_IGM).filter_by(
        instance_uuid=instance_uuid).delete(synchronize_session=False)


@base.NovaObjectRegistry.register
class InstanceGroup(base.NovaObject):
    """A server group: a placement policy shared by its members.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(nullable=True),
        'rules': fields.DictOfStringsField(default={}),
        'members': fields.ListOfStringsField(default=[]),
        'hosts': fields.ListOfStringsField(nullable=True, default=None),
    }

    @classmethod
    def _from_db(cls, context, row):
        group = cls(context)
        for name in ('id', 'uuid', 'name', 'user_id', 'project_id'):
            setattr(group, name, getattr(row, name))
        policy = row._policies[0] if row._policies else None
        group.policy = policy.policy if policy is not None else None
        group.rules = _rules_from_db(policy.rules if policy else None)
        group.members = [m.instance_uuid for m in row._members]
        group.hosts = None
        group.obj_reset_changes()
        return group

    @property
    def max_server_per_host(self):
        """Members allowed on one host by anti-affinity (default 1)."""
        value = (self.rules or {}).get(MAX_SERVER_PER_HOST)
        return int(value) if value else 1

    @base.remotable_classmethod
    def get_by_uuid(cls, context, uuid):
        """The group ``uuid``; InstanceGroupNotFound if unknown."""
        return cls._from_db(context, _get_by_uuid(context, uuid))

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The group ``instance_uuid`` is a member of (or NotFound)."""
        return cls._from_db(context, _get_by_instance(context,
                                                      instance_uuid))

    @base.remotable_classmethod
    def add_members(cls, context, group_uuid, instance_uuids):
        """Make the instances members, within ``[quota]
        server_group_members``; returns every member uuid.

        :raises GroupMemberQuotaExceeded: (403) the group would be too big
        """
        from nova_rocky import conf
        return _add_members(context, group_uuid, list(instance_uuids),
                            conf.CONF.quota.server_group_members)

    @base.remotable_classmethod
    def remove_instance(cls, context, instance_uuid):
        """Take a deleted instance out of whatever group it was in."""
        _remove_instance(context, instance_uuid)

    @base.remotable
    def create(self):
        """Store the group with its policy, rules and initial members."""
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        values = {name: getattr(self, name) for name in
                  ('uuid', 'name', 'user_id', 'project_id')
                  if self.obj_attr_is_set(name)}
        rules = self.rules if self.obj_attr_is_set('rules') else {}
        members = self.members if self.obj_attr_is_set('members') else []
        row = _create(self._context, values, self.policy, rules or {},
                      members or [])
        self.id = row.id
        self.rules = dict(rules or {})
        self.members = list(members or [])
        self.obj_reset_changes()

    @base.remotable
    def destroy(self):
        """Delete the group (its members' servers are left alone)."""
        _destroy(self._context, self.uuid)

    def get_hosts(self, exclude=None):
        """Hosts of the members, one item per member with a host.

        Reads the members' instances in their cells (API and cell
        databases: call this where they are reachable, i.e. not through
        a compute's indirection). ``exclude``: instance uuids to leave out.
        """
        exclude = set(exclude or ())
        wanted = [u for u in self.members or [] if u not in exclude]
        if not wanted:
            return []
        ctxt = self._context.elevated() if self._context else \
            nova_context.get_admin_context()
        from nova_rocky import objects
        mappings = objects.InstanceMappingList.get_by_instance_uuids(
            ctxt, wanted)
        by_cell = {}
        for mapping in mappings:
            cell = mapping.cell_mapping
            if cell is None or cell.is_cell0():
                continue
            by_cell.setdefault(cell.uuid, (cell, []))[1].append(
                mapping.instance_uuid)
        hosts = []
        for cell, uuids in by_cell.values():
            with nova_context.target_cell(ctxt, cell) as cctxt:
                for inst in objects.InstanceList.get_by_filters(
                        cctxt, {'uuid': uuids, 'deleted': False}):
                    if inst.host:
                        hosts.append(inst.host)
        return hosts


@base.NovaObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @base.remotable_classmethod
    def get_all(cls, context, project_id=None, limit=None, offset=None):
        """Groups by creation order; every project's when
        ``project_id`` is None."""
        objs = [InstanceGroup._from_db(context, row)
                for row in _get_all(context, project_id, limit, offset)]
        return cls(context, objects=objs)

    @base.remotable_classmethod
    def get_count_by_project(cls, context, project_id):
        """How many groups ``project_id`` has."""
        return _count_by_project(context, project_id)
