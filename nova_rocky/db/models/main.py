"""Models of a cell database (cell0 and cell1..N share this schema)."""

from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Enum, Float,
                        ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, orm)

from nova_rocky.db.models.base import MediumText, NovaBase, SoftDeleteMixin

BASE = orm.declarative_base()


class Service(BASE, NovaBase, SoftDeleteMixin):
    """A running nova service (binary on a host) and its heartbeat."""
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'binary', 'deleted',
                         name='uniq_services0host0binary0deleted'),
        UniqueConstraint('uuid', name='uniq_services0uuid'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=True)
    host = Column(String(255))
    binary = Column(String(255))
    topic = Column(String(255))
    report_count = Column(Integer, nullable=False, default=0)
    disabled = Column(Boolean, default=False)
    disabled_reason = Column(String(255))
    last_seen_up = Column(DateTime, nullable=True)
    forced_down = Column(Boolean, default=False)
    version = Column(Integer, default=0)


class ComputeNode(BASE, NovaBase, SoftDeleteMixin):
    """A hypervisor node's resources as its compute last reported them."""
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                         name='uniq_compute_nodes0host0hypervisor_hostname'
                              '0deleted'),
        UniqueConstraint('uuid', name='uniq_compute_nodes0uuid'),
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=True)
    service_id = Column(Integer, nullable=True)
    host = Column(String(255), nullable=True)
    hypervisor_hostname = Column(String(255))
    vcpus = Column(Integer, nullable=False)
    memory_mb = Column(Integer, nullable=False)
    local_gb = Column(Integer, nullable=False)
    vcpus_used = Column(Integer, nullable=False)
    memory_mb_used = Column(Integer, nullable=False)
    local_gb_used = Column(Integer, nullable=False)
    hypervisor_type = Column(MediumText(), nullable=False)
    hypervisor_version = Column(Integer, nullable=False)
    cpu_info = Column(MediumText(), nullable=False)
    disk_available_least = Column(Integer)
    free_ram_mb = Column(Integer)
    free_disk_gb = Column(Integer)
    current_workload = Column(Integer)
    running_vms = Column(Integer)
    host_ip = Column(String(39))
    supported_instances = Column(Text)
    stats = Column(Text, default='{}')
    cpu_allocation_ratio = Column(Float, nullable=True)
    ram_allocation_ratio = Column(Float, nullable=True)
    disk_allocation_ratio = Column(Float, nullable=True)
    mapped = Column(Integer, nullable=True, default=0)


class Instance(BASE, NovaBase, SoftDeleteMixin):
    """A server."""
    __tablename__ = 'instances'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_instances0uuid'),
        Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('instances_host_deleted_idx', 'host', 'deleted'),
        Index('instances_deleted_created_at_idx', 'deleted', 'created_at'),
        Index('instances_updated_at_project_id_idx', 'updated_at',
              'project_id'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    user_id = Column(String(255))
    project_id = Column(String(255))
    image_ref = Column(String(255))
    kernel_id = Column(String(255))
    ramdisk_id = Column(String(255))
    hostname = Column(String(255))
    launch_index = Column(Integer)
    key_name = Column(String(255))
    key_data = Column(MediumText())
    power_state = Column(Integer)
    vm_state = Column(String(255))
    task_state = Column(String(255))
    memory_mb = Column(Integer)
    vcpus = Column(Integer)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    instance_type_id = Column(Integer)
    host = Column(String(255))
    node = Column(String(255))
    launched_on = Column(MediumText())
    availability_zone = Column(String(255))
    display_name = Column(String(255))
    display_description = Column(Text)
    user_data = Column(MediumText())
    reservation_id = Column(String(255))
    launched_at = Column(DateTime)
    terminated_at = Column(DateTime)
    scheduled_at = Column(DateTime)
    locked = Column(Boolean)
    locked_by = Column(Enum('owner', 'admin',
                            name='instances0locked_by'))
    os_type = Column(String(255))
    architecture = Column(String(255))
    vm_mode = Column(String(255))
    root_device_name = Column(String(255))
    access_ip_v4 = Column(String(39))
    access_ip_v6 = Column(String(39))
    config_drive = Column(String(255))
    progress = Column(Integer)
    auto_disk_config = Column(Boolean)
    shutdown_terminate = Column(Boolean, default=False)
    disable_terminate = Column(Boolean, default=False)
    cleaned = Column(Integer, default=0)
    ephemeral_key_uuid = Column(String(36))


class InstanceExtra(BASE, NovaBase, SoftDeleteMixin):
    """Serialized parts of an instance read only when asked for."""
    __tablename__ = 'instance_extra'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_extra0instance_uuid'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)
    flavor = Column(Text)
    numa_topology = Column(Text)
    pci_requests = Column(Text)
    vcpu_model = Column(Text)
    migration_context = Column(Text)
    keypairs = Column(Text)
    device_metadata = Column(Text)
    trusted_certs = Column(Text)


class InstanceMetadata(BASE, NovaBase, SoftDeleteMixin):
    __tablename__ = 'instance_metadata'
    __table_args__ = (Index('instance_metadata_instance_uuid_idx',
                            'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    key = Column(String(255))
    value = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))


class InstanceSystemMetadata(BASE, NovaBase, SoftDeleteMixin):
    __tablename__ = 'instance_system_metadata'
    __table_args__ = (Index('instance_uuid', 'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    key = Column(String(255), nullable=False)
    value = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)


class InstanceInfoCache(BASE, NovaBase, SoftDeleteMixin):
    """The network info of an instance, as last seen."""
    __tablename__ = 'instance_info_caches'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_info_caches0instance_uuid'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    network_info = Column(MediumText())
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)


class InstanceFault(BASE, NovaBase, SoftDeleteMixin):
    """Why an instance went wrong (the newest one is shown as ``fault``)."""
    __tablename__ = 'instance_faults'
    __table_args__ = (
        Index('instance_faults_instance_uuid_deleted_created_at_idx',
              'instance_uuid', 'deleted', 'created_at'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    code = Column(Integer, nullable=False)
    message = Column(String(255))
    details = Column(MediumText())
    host = Column(String(255))


class InstanceAction(BASE, NovaBase, SoftDeleteMixin):
    """A user-visible action on an instance (create, reboot, ...)."""
    __tablename__ = 'instance_actions'
    __table_args__ = (
        Index('instance_uuid_idx', 'instance_uuid'),
        Index('request_id_idx', 'request_id'),
        Index('instance_actions_instance_uuid_updated_at_idx',
              'instance_uuid', 'updated_at'),
    )
    id = Column(Integer, primary_key=True, nullable=False, autoincrement=True)
    action = Column(String(255))
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    request_id = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    message = Column(String(255))


class InstanceActionEvent(BASE, NovaBase, SoftDeleteMixin):
    """A step of an instance action, with its host and result."""
    __tablename__ = 'instance_actions_events'
    id = Column(Integer, primary_key=True, nullable=False, autoincrement=True)
    event = Column(String(255))
    action_id = Column(Integer, ForeignKey('instance_actions.id'))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    result = Column(String(255))
    traceback = Column(Text)
    host = Column(String(255))
    details = Column(Text)


MIGRATION_HOST_INDEX_PREFIXES = {
    'source_compute': 100, 'dest_compute': 100, 'source_node': 100,
    'dest_node': 100, 'status': 100}


class Migration(BASE, NovaBase, SoftDeleteMixin):
    """A move of an instance between hosts (resize, migrate, evacuate)."""
    __tablename__ = 'migrations'
    __table_args__ = (
        Index('migrations_instance_uuid_and_status_idx', 'deleted',
              'instance_uuid', 'status'),
        # Key prefixes keep the index within InnoDB's 3072 bytes (utf8mb4).
        Index('migrations_by_host_nodes_and_status_idx', 'deleted',
              'source_compute', 'dest_compute', 'source_node', 'dest_node',
              'status', mysql_length=MIGRATION_HOST_INDEX_PREFIXES),
        Index('migrations_updated_at_idx', 'updated_at'),
        UniqueConstraint('uuid', name='uniq_migrations0uuid'),
    )
    id = Column(Integer, primary_key=True, nullable=False)
    uuid = Column(String(36), nullable=True)
    source_compute = Column(String(255))
    dest_compute = Column(String(255))
    source_node = Column(String(255))
    dest_node = Column(String(255))
    dest_host = Column(String(255))
    old_instance_type_id = Column(Integer())
    new_instance_type_id = Column(Integer())
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'))
    status = Column(String(255))
    migration_type = Column(Enum('migration', 'resize', 'live-migration',
                                 'evacuation', name='migration_type'),
                            nullable=True)
    hidden = Column(Boolean, default=False)
    memory_total = Column(BigInteger, nullable=True)
    memory_processed = Column(BigInteger, nullable=True)
    memory_remaining = Column(BigInteger, nullable=True)
    disk_total = Column(BigInteger, nullable=True)
    disk_processed = Column(BigInteger, nullable=True)
    disk_remaining = Column(BigInteger, nullable=True)
