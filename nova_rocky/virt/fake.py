"""A virt driver whose guests live in memory.

Functional tests, benchmarks and the all-in-one demo run real compute
services on it. Each ``FakeDriver`` object is one hypervisor: several may
live in one process (one per compute service thread), each with its own
host, nodes and guests. Resources come from the [fake] options; usage is
the sum of the spawned guests' flavors.

Tests make spawns fail without mocks through [fake] fail_spawn_for_names
(server name or UUID) and fail_spawn_on_hosts, switch capabilities off with
[fake] disabled_capabilities (or per driver object through its
``capabilities`` dict), and imitate a guest changing state on its own with
``FakeDriver.simulate_power_change``.
"""

import itertools
import json
import logging
import math
import threading
import time

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.virt import driver
from nova_rocky.virt import event as virtevent
from nova_rocky.virt import power_state

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Host CPUs the fake reports per architecture: (vendor, model, features).
# The features are named as libvirt names them, so that the CPU traits
# derived from them (HW_CPU_X86_*) look like a real host's.
_CPU_MODELS = {
    'x86_64': ('Intel', 'Skylake-Server-IBRS',
               ['sse', 'sse2', 'ssse3', 'sse4.1', 'sse4.2', 'avx', 'avx2',
                'aes', 'fma', 'f16c', 'mmx', 'bmi1', 'bmi2', 'vmx',
                'pdpe1gb', 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq',
                'avx512vl']),
    'aarch64': ('ARM', 'cortex-a72', ['fp', 'asimd', 'aes', 'sha1', 'sha2',
                                      'crc32']),
}
_GENERIC_CPU = ('Unknown', 'host-model', [])

# libvirt feature name -> os-traits suffix, where they differ.
_FEATURE_TRAIT_NAMES = {'sse4.1': 'SSE41', 'sse4.2': 'SSE42', 'aes': 'AESNI',
                        'fma': 'FMA3', 'bmi1': 'BMI', 'vmx': 'VMX'}

# Architectures a host of one architecture also runs guests of, as QEMU
# does (an x86_64 host runs i686 guests).
_COMPAT_ARCHES = {'x86_64': ['x86_64', 'i686']}


class _Guest(object):
    """One fake guest: its power state and the resources it takes."""

    def __init__(self, instance, name, node, internal_id):
        flavor = instance.flavor
        self.uuid = instance.uuid
        self.name = name
        self.node = node
        self.internal_id = internal_id
        self.state = power_state.NOSTATE
        self.vcpus = flavor.vcpus
        self.memory_mb = flavor.memory_mb
        # Counted as placement counts DISK_GB for a flavor: swap (MiB) is
        # rounded up to whole GiB.
        self.disk_gb = (flavor.root_gb + flavor.ephemeral_gb +
                        int(math.ceil((flavor.swap or 0) / 1024.0)))


class FakeVirtAPI(driver.VirtAPI):
    """A VirtAPI for drivers run without a compute manager (unit tests)."""

    def wait_for_instance_event(self, instance, event_names, deadline=300,
                                error_callback=None):
        """Return a context manager that does not wait at all."""
        return _NoWait()


class _NoWait(object):
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


class FakeDriver(driver.ComputeDriver):
    """An in-memory hypervisor with realistic resources and power states."""

    capabilities = dict(
        driver.ComputeDriver.capabilities,
        # There are no images on a fake host, so nothing to cache.
        has_imagecache=False,
        supports_evacuate=True,
        supports_migrate_to_same_host=True,
        supports_attach_interface=True,
        supports_device_tagging=True,
        supports_tagged_attach_interface=True,
        supports_tagged_attach_volume=True,
        supports_extend_volume=True,
        supports_multiattach=True,
        supports_trusted_certs=True,
        supports_live_resize=True,
        supports_secure_boot=True,
    )

    def __init__(self, virtapi):
        super().__init__(virtapi)
        self._lock = threading.Lock()
        self._guests = {}
        self._ids = itertools.count(1)
        self._host = None
        self._nodes = None
        for name in CONF.fake.disabled_capabilities:
            if name in self.capabilities:
                self.capabilities[name] = False
            else:
                LOG.warning('[fake] disabled_capabilities: unknown '
                            'capability %s ignored', name)

    # -- host -------------------------------------------------------------

    @property
    def host(self):
        """The compute host this driver serves (CONF.host until init)."""
        return self._host or CONF.host

    def init_host(self, host):
        """Remember the compute host; it names the default node."""
        self._host = host

    def set_nodes(self, nodes):
        """Serve several nodes (like an ironic compute) instead of one."""
        self._nodes = list(nodes)

    def get_available_nodes(self, refresh=False):
        """Return the node names: the host name unless set_nodes was used."""
        return list(self._nodes or [self.host])

    def get_host_ip_addr(self):
        """Return an address from the documentation range (RFC 5737)."""
        return '192.0.2.1'

    def get_available_resource(self, nodename):
        """Return the [fake] resources of ``nodename`` and guests' usage."""
        if nodename not in self.get_available_nodes():
            raise exception.ComputeNodeNotFound(node=nodename)
        with self._lock:
            guests = [g for g in self._guests.values() if g.node == nodename]
        fake = CONF.fake
        local_gb_used = sum(g.disk_gb for g in guests)
        return {
            'vcpus': fake.vcpus,
            'memory_mb': fake.memory_mb,
            'local_gb': fake.local_gb,
            'vcpus_used': sum(g.vcpus for g in guests),
            'memory_mb_used': sum(g.memory_mb for g in guests),
            'local_gb_used': local_gb_used,
            'hypervisor_type': fake.hypervisor_type,
            'hypervisor_version': fake.hypervisor_version,
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps(self._cpu_info()),
            'supported_instances': [
                [arch, fake.hypervisor_type, 'hvm']
                for arch in _COMPAT_ARCHES.get(fake.cpu_arch,
                                               [fake.cpu_arch])],
            'numa_topology': None,
            'disk_available_least': fake.local_gb - local_gb_used,
        }

    def _cpu_info(self):
        arch = CONF.fake.cpu_arch
        vendor, model, features = _CPU_MODELS.get(arch, _GENERIC_CPU)
        vcpus = CONF.fake.vcpus
        # Split the CPUs the way a two-socket, hyper-threaded server would,
        # falling back to flat topologies when the count does not divide.
        threads = 2 if vcpus % 2 == 0 else 1
        sockets = 2 if (vcpus // threads) % 2 == 0 else 1
        return {
            'arch': arch,
            'vendor': vendor,
            'model': model,
            'topology': {'cells': sockets, 'sockets': sockets,
                         'cores': vcpus // (threads * sockets),
                         'threads': threads},
            'features': sorted(features),
        }

    def _host_traits(self):
        arch = CONF.fake.cpu_arch
        traits = driver.arch_traits(arch)
        if arch in ('x86_64', 'i686'):
            for feature in _CPU_MODELS.get(arch, _GENERIC_CPU)[2]:
                suffix = _FEATURE_TRAIT_NAMES.get(feature, feature.upper())
                name = 'HW_CPU_X86_' + suffix
                if driver.is_standard_trait(name):
                    traits.add(name)
        return traits

    def update_provider_tree(self, provider_tree, nodename,
                             allocations=None):
        """Report [fake] inventory, CPU traits and capability traits."""
        fake = CONF.fake
        provider_tree.update_inventory(
            nodename, driver.standard_inventory(fake.vcpus, fake.memory_mb,
                                                fake.local_gb))
        provider_tree.add_traits(nodename, *self._host_traits())
        driver.set_capability_traits(provider_tree, nodename, self)

    # -- guests -----------------------------------------------------------

    def _spawn_failure(self, instance):
        names = CONF.fake.fail_spawn_for_names
        display_name = getattr(instance, 'display_name', None)
        if display_name in names or instance.uuid in names:
            return ('[fake] fail_spawn_for_names lists %s' %
                    (display_name if display_name in names else instance.uuid))
        if self.host in CONF.fake.fail_spawn_on_hosts:
            return '[fake] fail_spawn_on_hosts lists %s' % self.host
        return None

    @staticmethod
    def _guest_name(instance):
        # Instance.name is a template over the database id and may not be
        # set on every object handed in; the UUID always is.
        try:
            return getattr(instance, 'name', None) or instance.uuid
        except Exception:
            return instance.uuid

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        """Create a running guest after [fake] spawn_delay seconds.

        The guest takes its resources from the start, as a real one would
        while it is being built. Raises InstanceExists for a second spawn
        of the same instance and InstanceDeployFailure when the [fake]
        fail_spawn_* options say so.
        """
        node = (getattr(instance, 'node', None) or
                self.get_available_nodes()[0])
        guest = _Guest(instance, self._guest_name(instance), node,
                       next(self._ids))
        with self._lock:
            if instance.uuid in self._guests:
                raise exception.InstanceExists(name=guest.name)
            self._guests[instance.uuid] = guest
        try:
            if CONF.fake.spawn_delay:
                time.sleep(CONF.fake.spawn_delay)
            reason = self._spawn_failure(instance)
            if reason:
                raise exception.InstanceDeployFailure(reason=reason)
        except Exception:
            with self._lock:
                if self._guests.get(instance.uuid) is guest:
                    del self._guests[instance.uuid]
            raise
        with self._lock:
            # A delete that raced with the build removed the guest.
            if self._guests.get(instance.uuid) is not guest:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            guest.state = power_state.RUNNING
        LOG.debug('Spawned fake guest %s on %s', instance.uuid, node)
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STARTED)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        """Remove the guest; an unknown one is ignored."""
        with self._lock:
            guest = self._guests.pop(instance.uuid, None)
        # A guest still being built or already off sends no STOPPED event.
        if guest is not None and guest.state not in (power_state.NOSTATE,
                                                     power_state.SHUTDOWN):
            self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STOPPED)

    def _change_state(self, instance, action, new_state, allowed=None):
        """Move the guest to ``new_state``; return its previous state.

        Emitting is left to the caller, outside the lock, so a listener
        calling back into the driver cannot deadlock.
        """
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            old = guest.state
            if allowed is not None and old not in allowed:
                raise exception.InstancePowerStateConflict(
                    instance_uuid=instance.uuid, action=action,
                    state=power_state.STATE_MAP[old])
            guest.state = new_state
        return old

    def _emit(self, uuid, *transitions):
        for transition in transitions:
            self.emit_event(virtevent.LifecycleEvent(uuid, transition))

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        """Reboot to RUNNING; both kinds start a guest that was off.

        Emits STOPPED (unless it was already off) then STARTED, as a
        hypervisor that restarts the domain does.
        """
        if reboot_type not in ('SOFT', 'HARD'):
            raise ValueError('reboot_type must be SOFT or HARD, not %r'
                             % reboot_type)
        old = self._change_state(instance, 'reboot', power_state.RUNNING)
        if old != power_state.SHUTDOWN:
            self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STOPPED)
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STARTED)

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Power off; a guest already off stays off without an event."""
        old = self._change_state(instance, 'power off', power_state.SHUTDOWN)
        if old != power_state.SHUTDOWN:
            self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STOPPED)

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        """Power on; a running guest stays as it is without an event."""
        old = self._change_state(instance, 'power on', power_state.RUNNING)
        if old != power_state.RUNNING:
            self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_STARTED)

    def pause(self, instance):
        """Pause a running guest."""
        self._change_state(instance, 'pause', power_state.PAUSED,
                           allowed=(power_state.RUNNING,))
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_PAUSED)

    def unpause(self, instance):
        """Unpause a paused guest."""
        self._change_state(instance, 'unpause', power_state.RUNNING,
                           allowed=(power_state.PAUSED,))
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_RESUMED)

    def suspend(self, context, instance):
        """Suspend a running or paused guest."""
        self._change_state(instance, 'suspend', power_state.SUSPENDED,
                           allowed=(power_state.RUNNING, power_state.PAUSED))
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_SUSPENDED)

    def resume(self, context, instance, network_info,
               block_device_info=None):
        """Resume a suspended guest."""
        self._change_state(instance, 'resume', power_state.RUNNING,
                           allowed=(power_state.SUSPENDED,))
        self._emit(instance.uuid, virtevent.EVENT_LIFECYCLE_RESUMED)

    def simulate_power_change(self, instance_uuid, state):
        """Change a guest's state as if it did so by itself (test hook).

        For example SHUTDOWN imitates a guest OS powering itself off: the
        listener gets the STOPPED event the compute manager must act on.
        """
        if state not in power_state.STATE_MAP:
            raise ValueError('Unknown power state %r' % state)
        old = self._change_state(_ByUuid(instance_uuid), 'change', state)
        if state == old:
            return
        if state in (power_state.SHUTDOWN, power_state.CRASHED):
            transition = virtevent.EVENT_LIFECYCLE_STOPPED
        elif state == power_state.PAUSED:
            transition = virtevent.EVENT_LIFECYCLE_PAUSED
        elif state == power_state.SUSPENDED:
            transition = virtevent.EVENT_LIFECYCLE_SUSPENDED
        elif old in (power_state.PAUSED, power_state.SUSPENDED):
            transition = virtevent.EVENT_LIFECYCLE_RESUMED
        else:
            transition = virtevent.EVENT_LIFECYCLE_STARTED
        self._emit(instance_uuid, transition)

    def get_info(self, instance):
        """Return the guest's power state; InstanceNotFound if none."""
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            return driver.InstanceInfo(state=guest.state,
                                       internal_id=guest.internal_id)

    def list_instances(self):
        """Return the guests' names."""
        with self._lock:
            return [g.name for g in self._guests.values()]

    def list_instance_uuids(self):
        """Return the guests' instance UUIDs."""
        with self._lock:
            return list(self._guests)


class _ByUuid(object):
    """Stands in for an instance where only the UUID is known."""

    def __init__(self, uuid):
        self.uuid = uuid
