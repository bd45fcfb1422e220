"""One libvirt domain and the power operations the driver runs on it."""

import libvirt
from oslo_log import log as logging

from nova_rocky.virt.libvirt.config import guest as guest_config
from nova_rocky.virt import power_state

LOG = logging.getLogger(__name__)

# libvirt domain state -> power state stored on the instance. A domain
# that is shutting down is still running; blocked means waiting on I/O.
LIBVIRT_POWER_STATE = {
    libvirt.VIR_DOMAIN_NOSTATE: power_state.NOSTATE,
    libvirt.VIR_DOMAIN_RUNNING: power_state.RUNNING,
    libvirt.VIR_DOMAIN_BLOCKED: power_state.RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: power_state.PAUSED,
    libvirt.VIR_DOMAIN_SHUTDOWN: power_state.RUNNING,
    libvirt.VIR_DOMAIN_SHUTOFF: power_state.SHUTDOWN,
    libvirt.VIR_DOMAIN_CRASHED: power_state.CRASHED,
    libvirt.VIR_DOMAIN_PMSUSPENDED: power_state.SUSPENDED,
}


class Guest(object):
    """A thin, named wrapper of a virDomain."""

    def __init__(self, domain):
        self._domain = domain

    @property
    def uuid(self):
        return self._domain.UUIDString()

    @property
    def name(self):
        return self._domain.name()

    @property
    def id(self):
        """The running domain's id (-1 when it is off)."""
        return self._domain.ID()

    def is_active(self):
        return bool(self._domain.isActive())

    def has_managed_save(self):
        """True once suspend saved the guest's memory to disk."""
        return bool(self._domain.hasManagedSaveImage(0))

    def get_power_state(self):
        """The power state of the instance: a managed-saved guest, off as
        far as libvirt is concerned, counts as SUSPENDED."""
        state, _reason = self._domain.state()
        if state == libvirt.VIR_DOMAIN_SHUTOFF and self.has_managed_save():
            return power_state.SUSPENDED
        return LIBVIRT_POWER_STATE.get(state, power_state.NOSTATE)

    def get_usage(self):
        """(vCPUs, memory KiB) the domain has now."""
        _state, _max_mem, memory_kib, vcpus, _cpu_time = self._domain.info()
        return vcpus, memory_kib

    def get_config(self):
        """The domain's current XML as a LibvirtConfigGuest."""
        return guest_config.LibvirtConfigGuest().parse_str(
            self._domain.XMLDesc(0))

    def launch(self, pause=False):
        """Start the defined domain (paused if asked)."""
        flags = libvirt.VIR_DOMAIN_START_PAUSED if pause else 0
        self._domain.createWithFlags(flags)

    def poweroff(self):
        """Pull the plug; a domain already off is left alone."""
        if self.is_active():
            self._domain.destroy()

    def shutdown(self):
        """Ask the guest OS to shut down (ACPI power button)."""
        self._domain.shutdown()

    def reboot(self):
        """Ask the guest OS to reboot."""
        self._domain.reboot(0)

    def pause(self):
        self._domain.suspend()

    def resume(self):
        self._domain.resume()

    def save_memory_state(self):
        """Save memory to libvirt's managed save file and stop the domain;
        the next launch restores from it."""
        self._domain.managedSave(0)

    def delete_configuration(self):
        """Undefine the domain with its NVRAM and managed save image."""
        flags = (libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                 libvirt.VIR_DOMAIN_UNDEFINE_NVRAM)
        try:
            self._domain.undefineFlags(flags)
        except libvirt.libvirtError:
            # Drivers without NVRAM support reject that flag.
            LOG.debug('undefineFlags(%s) refused for %s; retrying without '
                      'NVRAM', flags, self.uuid)
            self._domain.undefineFlags(
                libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
