"""The interface between the compute manager and a hypervisor.

``ComputeDriver`` is what ``nova_rocky.compute`` calls; each hypervisor
(``fake``, later ``libvirt``) subclasses it. A driver never touches the
database or RPC: it gets instances, flavors and network info handed in,
reports resources and traits back, and tells the manager about guest power
changes through lifecycle events (``nova_rocky.virt.event``).
"""

import abc
import importlib
import inspect
import logging
import math

import os_traits

from nova_rocky import conf
from nova_rocky import exception

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Trait a driver publishes when it can change a running guest's flavor
# without a reboot. os-traits has no standard name for this project-only
# feature, so it is a custom trait; the report client must create it in
# placement (PUT /traits/{name}) before setting it on a provider.
COMPUTE_LIVE_RESIZE = 'CUSTOM_COMPUTE_LIVE_RESIZE'

# Capability -> trait published on the compute node provider. Upstream
# Rocky kept capabilities internal; Stein started publishing them, which is
# what lets the scheduler skip hosts that cannot serve a request (tagged
# devices, multiattach volumes, ...). Capabilities not listed here
# (has_imagecache, supports_evacuate, ...) stay internal to the compute.
CAPABILITY_TRAITS_MAP = {
    'supports_attach_interface': os_traits.COMPUTE_NET_ATTACH_INTERFACE,
    'supports_device_tagging': os_traits.COMPUTE_DEVICE_TAGGING,
    'supports_tagged_attach_interface':
        os_traits.COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG,
    'supports_tagged_attach_volume': os_traits.COMPUTE_VOLUME_ATTACH_WITH_TAG,
    'supports_extend_volume': os_traits.COMPUTE_VOLUME_EXTEND,
    'supports_multiattach': os_traits.COMPUTE_VOLUME_MULTI_ATTACH,
    'supports_trusted_certs': os_traits.COMPUTE_TRUSTED_CERTS,
    'supports_secure_boot': os_traits.COMPUTE_SECURITY_UEFI_SECURE_BOOT,
    'supports_live_resize': COMPUTE_LIVE_RESIZE,
}

# Allocation ratios used when an option is 0.0: upstream Rocky read 0.0 as
# "use the scheduler's default", and operators carry such files forward.
_DEFAULT_RATIOS = {'VCPU': 16.0, 'MEMORY_MB': 1.5, 'DISK_GB': 1.0}


def capability_traits(driver):
    """Return {trait name: bool} for every capability that maps to a trait.

    True means the driver supports it and the trait belongs on the node's
    resource provider; False means it must be absent.
    """
    caps = driver.capabilities
    return {trait: bool(caps.get(cap, False))
            for cap, trait in CAPABILITY_TRAITS_MAP.items()}


def set_capability_traits(provider_tree, nodename, driver):
    """Add the driver's supported capability traits to ``nodename``.

    Unsupported ones are removed; every other trait on the provider (set by
    an operator or by the compute manager) is left alone.
    """
    wanted = capability_traits(driver)
    provider_tree.add_traits(nodename, *[t for t, on in wanted.items() if on])
    provider_tree.remove_traits(
        nodename, *[t for t, on in wanted.items() if not on])


def is_standard_trait(name):
    """Return True if the installed os-traits defines trait ``name``."""
    # os-traits exposes each trait as a module attribute of the same name.
    return getattr(os_traits, name, None) == name


def arch_traits(arch):
    """Return the os-traits HW_ARCH_* trait for a CPU architecture."""
    name = 'HW_ARCH_%s' % arch.upper()
    return {name} if is_standard_trait(name) else set()


def standard_inventory(vcpus, memory_mb, local_gb):
    """Build VCPU / MEMORY_MB / DISK_GB inventory from host totals.

    Reserved amounts and allocation ratios come from the [DEFAULT] options.
    Reserved is capped at the total because placement rejects inventory
    whose reserved exceeds it, which would leave the node unschedulable
    without saying why.
    """
    reserved_disk_gb = int(math.ceil(CONF.reserved_host_disk_mb / 1024.0))
    rows = (('VCPU', vcpus, CONF.reserved_host_cpus,
             CONF.cpu_allocation_ratio),
            ('MEMORY_MB', memory_mb, CONF.reserved_host_memory_mb,
             CONF.ram_allocation_ratio),
            ('DISK_GB', local_gb, reserved_disk_gb,
             CONF.disk_allocation_ratio))
    inventory = {}
    for rc, total, reserved, ratio in rows:
        if total <= 0:
            continue
        inventory[rc] = {
            'total': total,
            'reserved': min(reserved, total),
            'min_unit': 1,
            'max_unit': total,
            'step_size': 1,
            'allocation_ratio': ratio or _DEFAULT_RATIOS[rc],
        }
    return inventory


class InstanceInfo(object):
    """What a driver knows about one guest: its power state (and id)."""

    def __init__(self, state, internal_id=None):
        self.state = state
        self.internal_id = internal_id

    def __eq__(self, other):
        return (type(self) is type(other) and
                self.__dict__ == other.__dict__)

    def __repr__(self):
        return 'InstanceInfo(state=%r, internal_id=%r)' % (
            self.state, self.internal_id)


class VirtAPI(object):
    """What a driver may call back into the compute manager for."""

    def wait_for_instance_event(self, instance, event_names, deadline=300,
                                error_callback=None):
        """Return a context manager that waits for external events.

        The driver starts an operation inside the ``with`` block (plugging a
        VIF, say) and the block's exit waits until every name in
        ``event_names`` (e.g. 'network-vif-plugged-<port>') arrived from the
        API's os-server-external-events, or ``deadline`` seconds passed, in
        which case ``error_callback(event_name, instance)`` decides.
        """
        raise NotImplementedError()


class ComputeDriver(abc.ABC):
    """Base class of virt drivers.

    Methods marked abstract are needed to run servers at all; the others
    raise NotImplementedError, which the compute manager turns into a
    "not supported by this driver" error or, for ``rebuild``, into its own
    destroy-and-spawn fallback. ``capabilities`` says up front what a driver
    can do; subclasses override the class dict, and each driver object
    keeps its own copy so one compute's driver can differ from another's.
    """

    capabilities = {
        'has_imagecache': False,
        'supports_evacuate': False,
        'supports_migrate_to_same_host': False,
        'supports_attach_interface': False,
        'supports_device_tagging': False,
        'supports_tagged_attach_interface': False,
        'supports_tagged_attach_volume': False,
        'supports_extend_volume': False,
        'supports_multiattach': False,
        'supports_trusted_certs': False,
        # Project-only capabilities (no upstream equivalent in Rocky).
        'supports_live_resize': False,
        'supports_secure_boot': False,
    }

    def __init__(self, virtapi):
        self.virtapi = virtapi
        self.capabilities = dict(type(self).capabilities)
        self._compute_event_callback = None

    # -- host -------------------------------------------------------------

    @abc.abstractmethod
    def init_host(self, host):
        """Prepare the hypervisor for compute service ``host`` at start."""

    def cleanup_host(self, host):
        """Release hypervisor connections when the service stops."""

    @abc.abstractmethod
    def get_available_nodes(self, refresh=False):
        """Return the names of the nodes (hypervisors) this host manages.

        Most drivers have one node named after the host; each node gets a
        compute node record and a root resource provider.
        """

    def node_is_available(self, nodename):
        """Return True if ``nodename`` is one of this driver's nodes."""
        return nodename in self.get_available_nodes()

    @abc.abstractmethod
    def get_available_resource(self, nodename):
        """Return the resources of ``nodename`` for its compute node record.

        Keys: vcpus, memory_mb, local_gb, vcpus_used, memory_mb_used,
        local_gb_used, hypervisor_type, hypervisor_version,
        hypervisor_hostname, cpu_info (JSON string), supported_instances
        (list of [arch, hv_type, vm_mode]), numa_topology (None or JSON),
        disk_available_least.
        """

    @abc.abstractmethod
    def update_provider_tree(self, provider_tree, nodename,
                             allocations=None):
        """Set inventory and traits of ``nodename`` in ``provider_tree``.

        The provider already exists (the report client creates it); the
        caller compares the tree with placement afterwards and sends only
        what changed. ``allocations`` ({consumer uuid: allocations}) is
        passed only by drivers that move allocations when reshaping.
        """

    def get_host_ip_addr(self):
        """Return the IP address guests' consoles and migrations reach."""
        raise NotImplementedError()

    # -- guests -----------------------------------------------------------

    @abc.abstractmethod
    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        """Create and start a guest for ``instance``.

        Returns once the guest runs. Raises InstanceExists for a guest that
        is already there and InstanceDeployFailure (or another
        NovaException) when the hypervisor fails; the manager reschedules.
        """

    @abc.abstractmethod
    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        """Stop and remove the guest; a missing guest is not an error."""

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        """Reboot the guest; ``reboot_type`` is 'SOFT' or 'HARD'.

        A hard reboot also starts a guest that is off.
        """
        raise NotImplementedError()

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Power the guest off; with ``timeout`` > 0 ask it to shut down
        cleanly first, retrying every ``retry_interval`` seconds.
        """
        raise NotImplementedError()

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        """Power on a guest that is off."""
        raise NotImplementedError()

    def pause(self, instance):
        """Freeze a running guest in memory."""
        raise NotImplementedError()

    def unpause(self, instance):
        """Let a paused guest run again."""
        raise NotImplementedError()

    def suspend(self, context, instance):
        """Save a running guest's memory to disk and stop it."""
        raise NotImplementedError()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        """Restore a suspended guest."""
        raise NotImplementedError()

    def rebuild(self, context, instance, image_meta, injected_files,
                admin_password, allocations, bdms, detach_block_devices,
                attach_block_devices, network_info=None, evacuate=False,
                block_device_info=None, preserve_ephemeral=False):
        """Rebuild the guest from ``image_meta`` in place.

        Optional: the default raises NotImplementedError and the compute
        manager then destroys the guest and spawns it again itself.
        """
        raise NotImplementedError()

    @abc.abstractmethod
    def get_info(self, instance):
        """Return an InstanceInfo; raise InstanceNotFound if no guest."""

    def list_instances(self):
        """Return the names of the guests on this host."""
        raise NotImplementedError()

    @abc.abstractmethod
    def list_instance_uuids(self):
        """Return the instance UUIDs of the guests on this host."""

    def instance_exists(self, instance):
        """Return True if the hypervisor has a guest for ``instance``."""
        return instance.uuid in self.list_instance_uuids()

    def get_num_instances(self):
        """Return how many guests this host runs."""
        return len(self.list_instance_uuids())

    # -- events -----------------------------------------------------------

    def register_event_listener(self, callback):
        """Send future events to ``callback(event)``; None stops them.

        The compute manager registers once at start. Events are delivered
        in the thread that caused them (fake driver) or in the driver's
        event thread (real hypervisors), so the callback must not block for
        long or take locks the caller of a driver method may hold.
        """
        self._compute_event_callback = callback

    def emit_event(self, event):
        """Deliver ``event`` to the registered listener, if any.

        A failing listener is logged and does not fail the driver call that
        produced the event: the guest did change state either way.
        """
        callback = self._compute_event_callback
        if callback is None:
            LOG.debug('Dropping %r: no listener registered', event)
            return
        try:
            callback(event)
        except Exception:
            LOG.exception('Lifecycle event listener failed on %r', event)


def load_compute_driver(virtapi, compute_driver=None):
    """Load and return the virt driver named by ``compute_driver``.

    The name is '<module>.<Class>' under ``nova_rocky.virt`` (for example
    'fake.FakeDriver'); it defaults to ``[DEFAULT]compute_driver``. Raises
    VirtDriverNotFound with one message saying what was wrong.
    """
    name = compute_driver or CONF.compute_driver

    def fail(reason):
        msg = 'Could not load the virt driver %r: %s' % (name, reason)
        LOG.error(msg)
        raise exception.VirtDriverNotFound(message=msg, name=name)

    parts = (name or '').split('.')
    if len(parts) < 2 or not all(part.isidentifier() for part in parts):
        fail('compute_driver must be "<module>.<Class>" under '
             'nova_rocky.virt, e.g. "fake.FakeDriver"')
    module_name, _, class_name = ('nova_rocky.virt.' + name).rpartition('.')
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        # Tell a typo in the option apart from a driver whose own
        # dependencies are missing (libvirt-python not installed, say).
        missing = exc.name or ''
        if module_name == missing or module_name.startswith(missing + '.'):
            fail('there is no module %s' % module_name)
        fail('importing %s failed: %s' % (module_name, exc))
    cls = getattr(module, class_name, None)
    if cls is None:
        fail('module %s has no class %s' % (module_name, class_name))
    if not (isinstance(cls, type) and issubclass(cls, ComputeDriver)):
        fail('%s is not a ComputeDriver' % name)
    if inspect.isabstract(cls):
        fail('%s is abstract' % name)
    LOG.info('Loading compute driver %r', name)
    return cls(virtapi)
