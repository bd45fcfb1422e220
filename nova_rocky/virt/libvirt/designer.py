"""Build the LibvirtConfigGuest of an instance: CPUs, memory, machine
type, firmware (BIOS, UEFI, secure boot), perf events and devices."""

import os

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.objects import image_meta as image_meta_obj
from nova_rocky.virt.libvirt.config import devices
from nova_rocky.virt.libvirt.config import guest as guest_config
from nova_rocky.virt.libvirt import firmware
from nova_rocky.virt.libvirt import vif as libvirt_vif

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Machine types per guest architecture when neither the image nor
# [libvirt]hw_machine_type says; others are left to libvirt.
DEFAULT_MACHINE_TYPES = {'armv7l': 'vexpress-a15', 'aarch64': 'virt',
                         's390x': 's390-ccw-virtio'}
# Architectures whose guests boot UEFI unless the image says otherwise.
UEFI_BY_DEFAULT = ('aarch64',)
Q35 = 'q35'


def domain_type(host):
    """The <domain type>: 'test' on libvirt's test hypervisor (the only
    type it accepts), else [libvirt]virt_type."""
    if host.hypervisor_type() == 'TEST':
        return 'test'
    return CONF.libvirt.virt_type


def guest_arch(image_meta, host):
    return (image_meta.properties.get('hw_architecture') or
            host.get_capabilities().host_cpu.arch)


def machine_type(image_meta, arch):
    """Image hw_machine_type, else the option's (or built-in) default."""
    wanted = image_meta.properties.get('hw_machine_type')
    if wanted:
        return wanted
    if CONF.libvirt.hw_machine_type:
        for pair in CONF.libvirt.hw_machine_type:
            key, sep, value = pair.partition('=')
            if not sep:
                LOG.warning('[libvirt]hw_machine_type entry %r is not '
                            '"arch=machine"; ignored', pair)
            elif key.strip() == arch:
                return value.strip()
        return None
    return DEFAULT_MACHINE_TYPES.get(arch)


def instance_domain_name(instance):
    """The domain name: the instance's name template, else its UUID."""
    try:
        name = getattr(instance, 'name', None)
    except Exception:
        name = None
    return name or 'instance-%s' % instance.uuid


def nvram_path(instance):
    return os.path.join(CONF.libvirt.nvram_dir,
                        '%s_VARS.fd' % instance.uuid)


class FirmwarePlan(object):
    """What firmware a guest boots: loader descriptor and secure boot."""

    def __init__(self, descriptor=None, secure_boot=False, machine=None):
        self.descriptor = descriptor
        self.secure_boot = secure_boot
        self.machine = machine


def plan_firmware(image_meta, arch, descriptors):
    """Decide BIOS or UEFI (and secure boot) for the guest.

    Raises ImageFirmwareRequestInvalid for combinations no host boots,
    SecureBootNotSupported when secure boot is required and this host has
    no secure-boot firmware, and UEFINotSupported when UEFI is wanted and
    the host has no UEFI firmware for ``arch``; the build then fails with
    that message as its fault.
    """
    props = image_meta.properties
    image_meta_obj.check_firmware_request(props)
    secure = props.get('os_secure_boot')
    fw_type = props.get('hw_firmware_type')
    machine = machine_type(image_meta, arch)
    uefi = fw_type == 'uefi' or (fw_type is None and (
        secure in ('required', 'optional') or arch in UEFI_BY_DEFAULT))
    if not uefi:
        return FirmwarePlan(machine=machine)
    if secure in ('required', 'optional') and machine is None and \
            arch in ('x86_64', 'i686'):
        # SMM, which secure boot relies on, exists only on q35.
        machine = Q35
    q35 = machine is not None and image_meta_obj.is_q35_machine(machine)
    if secure == 'required':
        if not q35:
            raise exception.ImageFirmwareRequestInvalid(
                reason='os_secure_boot=required needs the q35 machine '
                       'type; [libvirt]hw_machine_type gives %s for %s'
                       % (machine, arch))
        found = firmware.find_loader(descriptors, arch, machine, True)
        if found is None:
            raise exception.SecureBootNotSupported(
                reason='no secure-boot firmware for %s %s guests in %s'
                       % (arch, machine,
                          ', '.join(CONF.libvirt.firmware_descriptor_paths)))
        return FirmwarePlan(found, True, machine)
    if secure == 'optional' and q35:
        found = firmware.find_loader(descriptors, arch, machine, True)
        if found is not None:
            return FirmwarePlan(found, True, machine)
    found = firmware.find_loader(descriptors, arch, machine, False)
    if found is None:
        raise exception.UEFINotSupported(
            reason='no UEFI firmware for %s guests (machine type %s) in %s'
                   % (arch, machine or 'default',
                      ', '.join(CONF.libvirt.firmware_descriptor_paths)))
    return FirmwarePlan(found, False, machine)


def _apply_firmware(guest, plan, instance):
    guest.os.machine = plan.machine
    if plan.descriptor is None:
        return
    guest.os.loader_path = plan.descriptor.executable
    guest.os.loader_type = 'pflash'
    guest.os.loader_secure = plan.secure_boot
    if plan.descriptor.nvram_template:
        guest.os.nvram_path = nvram_path(instance)
        guest.os.nvram_template = plan.descriptor.nvram_template
    guest.features.smm = plan.secure_boot


def build_guest_config(instance, image_meta, host, descriptors,
                       perf_events=(), network_info=None, disks=()):
    """Return the LibvirtConfigGuest that ``instance`` runs as.

    ``disks`` are LibvirtConfigGuestDisk objects, boot disk first.
    """
    flavor = instance.flavor
    arch = guest_arch(image_meta, host)
    guest = guest_config.LibvirtConfigGuest()
    guest.virt_type = domain_type(host)
    guest.name = instance_domain_name(instance)
    guest.uuid = instance.uuid
    guest.memory_kib = flavor.memory_mb * 1024
    guest.vcpus = flavor.vcpus
    guest.os.arch = arch
    _apply_firmware(guest, plan_firmware(image_meta, arch, descriptors),
                    instance)
    if image_meta.properties.get('os_command_line'):
        guest.os.kernel_cmdline = image_meta.properties.os_command_line
    guest.perf_events = list(perf_events)
    guest.devices.extend(disks)
    if network_info:
        sizes = libvirt_vif.virtio_queue_sizes(host)
        for vif in network_info:
            guest.devices.append(libvirt_vif.get_config(
                vif, image_meta, host, queue_sizes=sizes))
    guest.devices.append(devices.LibvirtConfigGuestSerialConsole())
    guest.devices.append(devices.LibvirtConfigGuestMemoryBalloon(
        period=10))
    return guest
