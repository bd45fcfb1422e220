"""Models of the API database."""

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint, orm)

from nova_rocky.db.models.base import MediumText, NovaBase

BASE = orm.declarative_base()


class CellMapping(BASE, NovaBase):
    """Where a cell's database and message queue are."""
    __tablename__ = 'cell_mappings'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_cell_mappings0uuid'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    transport_url = Column(Text)
    database_connection = Column(Text)
    disabled = Column(Boolean, default=False, nullable=False)


class HostMapping(BASE, NovaBase):
    """Which cell a compute host belongs to."""
    __tablename__ = 'host_mappings'
    __table_args__ = (
        UniqueConstraint('host', name='uniq_host_mappings0host'),)
    id = Column(Integer, primary_key=True)
    cell_id = Column(Integer, ForeignKey('cell_mappings.id'), nullable=False)
    host = Column(String(255), nullable=False)
    cell_mapping = orm.relationship(CellMapping, lazy='joined')


class InstanceMapping(BASE, NovaBase):
    """Which cell an instance lives in (none yet while it is scheduling)."""
    __tablename__ = 'instance_mappings'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_mappings0instance_uuid'),
        Index('instance_mappings_project_id_idx', 'project_id'),
    )
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    cell_id = Column(Integer, ForeignKey('cell_mappings.id'), nullable=True)
    project_id = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=True)
    queued_for_delete = Column(Boolean, default=False)
    cell_mapping = orm.relationship(CellMapping, lazy='joined')


class Flavor(BASE, NovaBase):
    """A flavor: the size of a server."""
    __tablename__ = 'flavors'
    __table_args__ = (
        UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        UniqueConstraint('name', name='uniq_flavors0name'),
    )
    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    memory_mb = Column(Integer, nullable=False)
    vcpus = Column(Integer, nullable=False)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    flavorid = Column(String(255), nullable=False)
    swap = Column(Integer, nullable=False, default=0)
    rxtx_factor = Column(Float, default=1)
    vcpu_weight = Column(Integer)
    disabled = Column(Boolean, default=False)
    is_public = Column(Boolean, default=True)
    description = Column(Text)
    extra_specs = orm.relationship('FlavorExtraSpec', lazy='selectin',
                                   cascade='all, delete-orphan')
    projects = orm.relationship('FlavorProject', lazy='selectin',
                                cascade='all, delete-orphan')


class FlavorExtraSpec(BASE, NovaBase):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (
        UniqueConstraint('flavor_id', 'key',
                         name='uniq_flavor_extra_specs0flavor_id0key'),
        Index('flavor_extra_specs_flavor_id_key_idx', 'flavor_id', 'key'),
    )
    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255))
    flavor_id = Column(Integer, ForeignKey('flavors.id'), nullable=False)


class FlavorProject(BASE, NovaBase):
    __tablename__ = 'flavor_projects'
    __table_args__ = (
        UniqueConstraint('flavor_id', 'project_id',
                         name='uniq_flavor_projects0flavor_id0project_id'),)
    id = Column(Integer, primary_key=True)
    flavor_id = Column(Integer, ForeignKey('flavors.id'), nullable=False)
    project_id = Column(String(255), nullable=False)


class RequestSpec(BASE, NovaBase):
    """The scheduling request of an instance, as a serialized object."""
    __tablename__ = 'request_specs'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_request_specs0instance_uuid'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    spec = Column(MediumText(), nullable=False)


class BuildRequest(BASE, NovaBase):
    """An instance that is accepted but not yet placed in a cell."""
    __tablename__ = 'build_requests'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_build_requests0instance_uuid'),
        Index('build_requests_project_id_idx', 'project_id'),
    )
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    project_id = Column(String(255), nullable=False)
    instance = Column(MediumText())
    block_device_mappings = Column(MediumText())
    tags = Column(Text)


class KeyPair(BASE, NovaBase):
    """An SSH or x509 public key of a user."""
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name',
                         name='uniq_key_pairs0user_id0name'),)
    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    fingerprint = Column(String(255))
    public_key = Column(Text)
    type = Column(String(10), nullable=False, default='ssh')


class InstanceGroup(BASE, NovaBase):
    """A server group."""
    __tablename__ = 'instance_groups'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    _policies = orm.relationship('InstanceGroupPolicy', lazy='selectin',
                                 cascade='all, delete-orphan')
    _members = orm.relationship('InstanceGroupMember', lazy='selectin',
                                cascade='all, delete-orphan')


class InstanceGroupPolicy(BASE, NovaBase):
    __tablename__ = 'instance_group_policy'
    __table_args__ = (Index('instance_group_policy_policy_idx', 'policy'),)
    id = Column(Integer, primary_key=True)
    policy = Column(String(255))
    rules = Column(Text)
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False)


class InstanceGroupMember(BASE, NovaBase):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        Index('instance_group_member_instance_idx', 'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(255))
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False)


class Aggregate(BASE, NovaBase):
    """A host aggregate (mirrored in placement under the same uuid)."""
    __tablename__ = 'aggregates'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_aggregates0uuid'),
        UniqueConstraint('name', name='uniq_aggregates0name'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255), nullable=False)
    _hosts = orm.relationship('AggregateHost', lazy='selectin',
                              cascade='all, delete-orphan')
    _metadata = orm.relationship('AggregateMetadata', lazy='selectin',
                                 cascade='all, delete-orphan')


class AggregateHost(BASE, NovaBase):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        UniqueConstraint('host', 'aggregate_id',
                         name='uniq_aggregate_hosts0host0aggregate_id'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    host = Column(String(255), nullable=False)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)


class AggregateMetadata(BASE, NovaBase):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        UniqueConstraint('aggregate_id', 'key',
                         name='uniq_aggregate_metadata0aggregate_id0key'),
        Index('aggregate_metadata_key_idx', 'key'),
    )
    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255), nullable=False)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)


from nova_rocky.db.models import images  # noqa: F401,E402
