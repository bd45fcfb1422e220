"""The <domain> document: what a guest is made of."""

from nova_rocky.virt.libvirt.config import base
from nova_rocky.virt.libvirt.config import boot
from nova_rocky.virt.libvirt.config import devices

_DEVICE_CLASSES = {
    'disk': devices.LibvirtConfigGuestDisk,
    'interface': devices.LibvirtConfigGuestInterface,
}


class LibvirtConfigGuestPerf(base.LibvirtConfigObject):
    """<perf>: the perf events libvirt records for the guest."""

    root_name = 'perf'

    def __init__(self, events=()):
        self.events = list(events)

    def format_dom(self):
        node = self._new_node()
        for name in self.events:
            node.append(self._new_node('event', name=name, enabled='yes'))
        return node


class LibvirtConfigGuest(base.LibvirtConfigObject):
    """<domain>: name, UUID, memory, CPUs, boot, features and devices.

    ``virt_type`` is the domain type ('kvm', 'qemu', 'lxc', or 'test' on
    libvirt's test hypervisor); ``memory_kib`` is in KiB as libvirt wants
    it; ``devices`` holds LibvirtConfigGuestDevice objects in order.
    """

    root_name = 'domain'

    def __init__(self):
        self.virt_type = None
        self.name = None
        self.uuid = None
        self.memory_kib = None
        self.vcpus = 1
        self.os = boot.LibvirtConfigGuestOS()
        self.features = boot.LibvirtConfigGuestFeatures()
        self.clock_offset = 'utc'
        self.perf_events = []
        self.devices = []
        self.on_poweroff = 'destroy'
        self.on_reboot = 'restart'
        self.on_crash = 'destroy'

    def format_dom(self):
        root = self._new_node(type=self.virt_type)
        root.append(self._text_node('name', self.name))
        root.append(self._text_node('uuid', self.uuid))
        root.append(self._text_node('memory', self.memory_kib, unit='KiB'))
        root.append(self._text_node('vcpu', self.vcpus))
        root.append(self.os.format_dom())
        root.append(self.features.format_dom())
        root.append(self._new_node('clock', offset=self.clock_offset))
        for event in ('on_poweroff', 'on_reboot', 'on_crash'):
            root.append(self._text_node(event, getattr(self, event)))
        if self.perf_events:
            root.append(LibvirtConfigGuestPerf(self.perf_events).format_dom())
        devs = self._new_node('devices')
        for device in self.devices:
            devs.append(device.format_dom())
        root.append(devs)
        return root

    def parse_dom(self, node):
        self.virt_type = node.get('type')
        self.name = node.findtext('name')
        self.uuid = node.findtext('uuid')
        memory = node.find('memory')
        if memory is not None:
            self.memory_kib = _to_kib(int(memory.text),
                                      memory.get('unit', 'KiB'))
        self.vcpus = int(node.findtext('vcpu') or 1)
        os_node = node.find('os')
        if os_node is not None:
            self.os.parse_dom(os_node)
        features = node.find('features')
        if features is not None:
            self.features.parse_dom(features)
        perf = node.find('perf')
        self.perf_events = [e.get('name') for e in perf.findall('event')
                            if e.get('enabled') == 'yes'] \
            if perf is not None else []
        self.devices = []
        for child in node.find('devices') or []:
            cls = _DEVICE_CLASSES.get(child.tag)
            if cls is not None:
                device = cls()
                device.parse_dom(child)
                self.devices.append(device)

    def interfaces(self):
        """The guest's LibvirtConfigGuestInterface devices."""
        return [d for d in self.devices
                if isinstance(d, devices.LibvirtConfigGuestInterface)]


_UNIT_KIB = {'b': 1.0 / 1024, 'bytes': 1.0 / 1024, 'k': 1, 'kib': 1,
             'kb': 1000.0 / 1024, 'm': 1024, 'mib': 1024, 'g': 1024 ** 2,
             'gib': 1024 ** 2}


def _to_kib(value, unit):
    return int(value * _UNIT_KIB.get(unit.lower(), 1))
