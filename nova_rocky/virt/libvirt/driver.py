"""The libvirt virt driver (compute_driver = libvirt.LibvirtDriver).

Guests are libvirt domains defined from XML that the config classes
build (``designer``), on the connection ``host.Host`` keeps. At start the
driver checks its options and the version floor, opens the connection
(retrying), and from then on forwards libvirt's domain events to the
compute manager as lifecycle events.

The root disk is the image copied from a per-host cache
(``imagebackend``). What is not here yet: volumes, ephemeral and swap
disks, network plugging (interfaces are written from network_info as
given), migrations and consoles.
"""

import json
import os
import time

import libvirt
from oslo_config import cfg
from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.image import api as image_api
from nova_rocky.virt import driver
from nova_rocky.virt.libvirt import designer
from nova_rocky.virt.libvirt import firmware
from nova_rocky.virt.libvirt import host as libvirt_host
from nova_rocky.virt.libvirt import imagebackend
from nova_rocky.virt.libvirt import perf
from nova_rocky.virt import power_state

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# The floor the Rocky PTG agreed on (upstream made it the minimum in
# Stein); a host below it cannot run nova-compute.
MIN_LIBVIRT_VERSION = (3, 0, 0)
MIN_QEMU_VERSION = (2, 8, 0)
# The floor planned next: hosts below it get a deprecation warning.
NEXT_MIN_LIBVIRT_VERSION = (4, 0, 0)
NEXT_MIN_QEMU_VERSION = (2, 11, 0)

_DEFAULT_URIS = {'kvm': 'qemu:///system', 'qemu': 'qemu:///system',
                 'lxc': 'lxc:///'}


def connection_uri():
    """[libvirt]connection_uri, or the default of virt_type."""
    return CONF.libvirt.connection_uri or _DEFAULT_URIS[
        CONF.libvirt.virt_type]


def check_queue_size_options():
    """Read the queue size options so a bad value stops the start.

    oslo.config checks the choices only when an option is read; reading
    them here turns a bad value into one error naming the option.
    """
    for name in ('rx_queue_size', 'tx_queue_size'):
        try:
            CONF.libvirt[name]
        except (cfg.ConfigFileValueError, ValueError) as exc:
            raise exception.InvalidDriverConfiguration(
                driver='libvirt',
                reason='[libvirt]%s must be 256, 512 or 1024 (%s)'
                       % (name, exc))


class LibvirtDriver(driver.ComputeDriver):
    """Runs guests as libvirt domains on one hypervisor connection."""

    # Only what this driver does today is claimed: every True here becomes
    # a COMPUTE_* trait the scheduler trusts. Interface and volume attach,
    # device tagging, multiattach, volume extend and trusted certificates
    # stay False until the driver implements them (volumes and network
    # plugging are not here yet).
    capabilities = dict(
        driver.ComputeDriver.capabilities,
        # Decided at init_host from the host's firmware descriptors.
        supports_secure_boot=False,
    )

    def __init__(self, virtapi):
        super().__init__(virtapi)
        self._compute_host = None
        self._host = libvirt_host.Host(
            connection_uri(), retries=CONF.libvirt.connection_retries,
            retry_interval=CONF.libvirt.connection_retry_interval,
            lifecycle_event_handler=self.emit_event)
        self._descriptors = []
        self._perf_events = []
        # Where root disk images come from ([glance]backend).
        self.image_api = image_api.API()

    @property
    def host(self):
        """The libvirt ``Host`` (connection) this driver uses."""
        return self._host

    # -- start and stop ---------------------------------------------------

    def init_host(self, host):
        """Check options and versions, connect, read the firmware.

        Raises InvalidDriverConfiguration, LibvirtConnectionFailed or
        HypervisorVersionTooOld; nova-compute then refuses to start with
        that one message.
        """
        self._compute_host = host
        check_queue_size_options()
        self._host.initialize()
        self._check_versions()
        self._perf_events = perf.enabled_perf_events(self._host)
        self._descriptors = firmware.load_descriptors(
            CONF.libvirt.firmware_descriptor_paths)
        self.capabilities['supports_secure_boot'] = \
            self._host_supports_secure_boot()
        LOG.info('libvirt driver ready on %s (%s, libvirt %s, hypervisor '
                 '%s); secure boot %s', connection_uri(),
                 self._host.hypervisor_type(),
                 libvirt_host.version_str(self._host.libvirt_version()),
                 libvirt_host.version_str(self._host.hypervisor_version()),
                 'available' if self.capabilities['supports_secure_boot']
                 else 'unavailable')

    def _check_versions(self):
        lv = self._host.libvirt_version()
        is_qemu = self._host.hypervisor_type() == 'QEMU'
        hv = self._host.hypervisor_version() if is_qemu else None
        versions = dict(min_libvirt=libvirt_host.version_str(
                            MIN_LIBVIRT_VERSION),
                        min_qemu=libvirt_host.version_str(MIN_QEMU_VERSION),
                        libvirt=libvirt_host.version_str(lv),
                        qemu=libvirt_host.version_str(hv) if hv else 'n/a')
        if lv < MIN_LIBVIRT_VERSION or (is_qemu and hv < MIN_QEMU_VERSION):
            raise exception.HypervisorVersionTooOld(
                reason='libvirt or QEMU is too old', **versions)
        if lv < NEXT_MIN_LIBVIRT_VERSION or (
                is_qemu and hv < NEXT_MIN_QEMU_VERSION):
            LOG.warning(
                'Running on libvirt %s / QEMU %s is deprecated: the next '
                'release needs libvirt >= %s and QEMU >= %s',
                versions['libvirt'], versions['qemu'],
                libvirt_host.version_str(NEXT_MIN_LIBVIRT_VERSION),
                libvirt_host.version_str(NEXT_MIN_QEMU_VERSION))

    def _host_supports_secure_boot(self):
        caps = self._host.get_capabilities()
        arch = caps.host_cpu.arch
        if not firmware.supports_secure_boot(self._descriptors, arch):
            return False
        machines = [m for g in caps.guests if g.arch == arch
                    for m in g.machines]
        # Hypervisors that list machine types must offer q35 (SMM).
        return not machines or any('q35' in m for m in machines)

    def cleanup_host(self, host):
        """Close the libvirt connection."""
        self._host.close()

    # -- the node ---------------------------------------------------------

    def get_available_nodes(self, refresh=False):
        """One node: libvirt's host name.

        The test hypervisor reports the machine's name on every
        connection, each of which is a separate hypervisor; its node is
        named after the compute host instead, so that several of them
        can run side by side.
        """
        if self._host.hypervisor_type() == 'TEST':
            return [self._compute_host or CONF.host]
        return [self._host.get_hostname()]

    def _disk_totals_gb(self):
        path = CONF.libvirt.instances_path
        while not os.path.exists(path):
            path = os.path.dirname(path) or '/'
        stat = os.statvfs(path)
        total = stat.f_frsize * stat.f_blocks // (1024 ** 3)
        free = stat.f_frsize * stat.f_bavail // (1024 ** 3)
        return total, free

    def _active_usage(self):
        vcpus = memory_kib = 0
        for guest in self._host.list_guests():
            if guest.is_active():
                guest_vcpus, mem = guest.get_usage()
                vcpus += guest_vcpus
                memory_kib += mem
        return vcpus, memory_kib // 1024

    def _cpu_info(self):
        caps = self._host.get_capabilities()
        cpu = caps.host_cpu
        info = self._host.get_node_info()
        return {'arch': cpu.arch, 'vendor': cpu.vendor, 'model': cpu.model,
                'topology': {'cells': info[4], 'sockets': info[5],
                             'cores': info[6], 'threads': info[7]},
                'features': sorted(cpu.features)}

    def get_available_resource(self, nodename):
        """What libvirt reports of the host, for its compute node."""
        if nodename not in self.get_available_nodes():
            raise exception.ComputeNodeNotFound(node=nodename)
        info = self._host.get_node_info()
        disk_total, disk_free = self._disk_totals_gb()
        vcpus_used, memory_used = self._active_usage()
        return {
            'vcpus': info[2],
            'memory_mb': info[1],
            'local_gb': disk_total,
            'vcpus_used': vcpus_used,
            'memory_mb_used': memory_used,
            'local_gb_used': disk_total - disk_free,
            'hypervisor_type': self._host.hypervisor_type(),
            'hypervisor_version': self._host.get_connection().getVersion(),
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps(self._cpu_info()),
            'supported_instances':
                self._host.get_capabilities().supported_instances(),
            'numa_topology': None,
            'disk_available_least': disk_free,
        }

    def update_provider_tree(self, provider_tree, nodename,
                             allocations=None):
        """Inventory from the host's CPUs, memory and disk; traits from
        its architecture and the driver's capabilities."""
        info = self._host.get_node_info()
        disk_total, _free = self._disk_totals_gb()
        provider_tree.update_inventory(
            nodename, driver.standard_inventory(info[2], info[1],
                                                disk_total))
        arch = self._host.get_capabilities().host_cpu.arch
        provider_tree.add_traits(nodename, *driver.arch_traits(arch))
        driver.set_capability_traits(provider_tree, nodename, self)

    # -- guests -----------------------------------------------------------

    def guest_config(self, instance, image_meta, network_info=None,
                     disks=()):
        """The LibvirtConfigGuest ``instance`` would run as here."""
        return designer.build_guest_config(
            instance, image_meta, self._host, self._descriptors,
            perf_events=self._perf_events, network_info=network_info,
            disks=disks)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        """Create the root disk, define the domain from its XML, start it.

        A failure removes what was made and raises (InstanceDeployFailure
        for libvirt's refusals, the firmware errors of designer as they
        are), so the build's fault says why.
        """
        if self.instance_exists(instance):
            raise exception.InstanceExists(
                name=designer.instance_domain_name(instance))
        guest = None
        try:
            # The config first: a firmware request this host cannot serve
            # fails before anything is downloaded.
            config = self.guest_config(instance, image_meta, network_info)
            disk = imagebackend.create_root_disk(context, instance,
                                                 image_meta, self.image_api)
            if disk is not None:
                config.devices.insert(0, disk)
            xml = config.to_xml()
            LOG.debug('Domain XML of %s:\n%s', instance.uuid, xml)
            guest = self._host.write_instance_config(xml)
            guest.launch()
        except Exception as exc:
            if guest is not None:
                self._remove_guest(guest)
            imagebackend.remove_instance_files(instance)
            if isinstance(exc, libvirt.libvirtError):
                raise exception.InstanceDeployFailure(
                    reason='libvirt refused the guest: %s'
                           % (exc.get_error_message() or exc))
            raise
        LOG.info('Started domain %s for %s', guest.name, instance.uuid)

    def _remove_guest(self, guest):
        try:
            guest.poweroff()
            guest.delete_configuration()
        except libvirt.libvirtError as exc:
            LOG.warning('Removing domain %s failed: %s', guest.uuid, exc)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        """Power off and undefine the domain (with its NVRAM); remove the
        guest's disks when ``destroy_disks``."""
        try:
            guest = self._host.get_guest(instance)
        except exception.InstanceNotFound:
            guest = None
        if guest is not None:
            guest.poweroff()
            guest.delete_configuration()
        if destroy_disks:
            imagebackend.remove_instance_files(instance)

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        """SOFT asks the guest OS, falling back to HARD if it will not;
        HARD restarts the domain (and starts one that is off)."""
        guest = self._host.get_guest(instance)
        if reboot_type == 'SOFT' and guest.is_active():
            try:
                guest.reboot()
                return
            except libvirt.libvirtError as exc:
                LOG.info('Soft reboot of %s failed (%s); rebooting hard',
                         instance.uuid, exc.get_error_message())
        guest.poweroff()
        guest.launch()

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Power off; with ``timeout`` ask the guest OS first."""
        guest = self._host.get_guest(instance)
        if timeout and guest.is_active():
            if self._clean_shutdown(guest, timeout, retry_interval or 1):
                return
        guest.poweroff()

    def _clean_shutdown(self, guest, timeout, retry_interval):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                guest.shutdown()
            except libvirt.libvirtError:
                return False
            time.sleep(min(retry_interval, max(deadline -
                                               time.monotonic(), 0)))
            if not guest.is_active():
                return True
        return False

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        """Start a domain that is off; a running one is left alone."""
        guest = self._host.get_guest(instance)
        if not guest.is_active():
            guest.launch()

    def _guest_in(self, instance, action, states):
        guest = self._host.get_guest(instance)
        state = guest.get_power_state()
        if state not in states:
            raise exception.InstancePowerStateConflict(
                instance_uuid=instance.uuid, action=action,
                state=power_state.STATE_MAP.get(state, state))
        return guest

    def pause(self, instance):
        """Freeze a running guest."""
        self._guest_in(instance, 'pause', (power_state.RUNNING,)).pause()

    def unpause(self, instance):
        """Let a paused guest run."""
        self._guest_in(instance, 'unpause', (power_state.PAUSED,)).resume()

    def suspend(self, context, instance):
        """Save the guest's memory (libvirt managed save) and stop it."""
        self._guest_in(instance, 'suspend', (
            power_state.RUNNING, power_state.PAUSED)).save_memory_state()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        """Start the guest again from its managed save."""
        self._guest_in(instance, 'resume',
                       (power_state.SUSPENDED,)).launch()

    def rebuild(self, context, instance, image_meta, injected_files,
                admin_password, allocations, bdms, detach_block_devices,
                attach_block_devices, network_info=None, evacuate=False,
                block_device_info=None, preserve_ephemeral=False):
        """Redefine the domain from the new image's properties in place."""
        self.destroy(context, instance, network_info, block_device_info)
        self.spawn(context, instance, image_meta, injected_files,
                   admin_password, allocations, network_info,
                   block_device_info)

    def get_info(self, instance):
        """The guest's power state and domain id."""
        guest = self._host.get_guest(instance)
        return driver.InstanceInfo(state=guest.get_power_state(),
                                   internal_id=guest.id)

    def list_instances(self):
        """Names of every domain on the connection."""
        return [guest.name for guest in self._host.list_guests()]

    def list_instance_uuids(self):
        """UUIDs of every domain on the connection."""
        return [guest.uuid for guest in self._host.list_guests()]

    def instance_exists(self, instance):
        try:
            self._host.get_guest(instance)
        except exception.InstanceNotFound:
            return False
        return True
