"""The boot-time elements of a domain: <os> (firmware, loader, NVRAM,
machine type) and <features> (ACPI, APIC, SMM)."""

from nova_rocky.virt.libvirt.config import base


class LibvirtConfigGuestOS(base.LibvirtConfigObject):
    """<os>: guest type, architecture, machine type and firmware.

    For UEFI guests ``loader_path`` is the firmware code (read-only
    pflash), ``nvram_path`` the guest's own variable store and
    ``nvram_template`` the file libvirt copies it from at first start.
    ``loader_secure`` asks for a secure-boot capable firmware, which
    needs SMM (see LibvirtConfigGuestFeatures) and the q35 machine type.
    """

    root_name = 'os'

    def __init__(self):
        self.os_type = 'hvm'
        self.arch = None
        self.machine = None
        self.loader_path = None
        self.loader_type = 'pflash'
        self.loader_secure = False
        self.nvram_path = None
        self.nvram_template = None
        self.boot_devs = []
        self.kernel_cmdline = None

    def format_dom(self):
        node = self._new_node()
        node.append(self._text_node('type', self.os_type, arch=self.arch,
                                    machine=self.machine))
        if self.loader_path:
            loader = self._text_node('loader', self.loader_path,
                                     readonly='yes', type=self.loader_type)
            if self.loader_secure:
                loader.set('secure', 'yes')
            node.append(loader)
            if self.nvram_path:
                node.append(self._text_node('nvram', self.nvram_path,
                                            template=self.nvram_template))
        if self.kernel_cmdline:
            node.append(self._text_node('cmdline', self.kernel_cmdline))
        for dev in self.boot_devs:
            node.append(self._new_node('boot', dev=dev))
        return node

    def parse_dom(self, node):
        type_node = node.find('type')
        if type_node is not None:
            self.os_type = type_node.text
            self.arch = type_node.get('arch')
            self.machine = type_node.get('machine')
        loader = node.find('loader')
        if loader is not None:
            self.loader_path = loader.text
            self.loader_type = loader.get('type', 'pflash')
            self.loader_secure = loader.get('secure') == 'yes'
        nvram = node.find('nvram')
        if nvram is not None:
            self.nvram_path = nvram.text
            self.nvram_template = nvram.get('template')
        self.boot_devs = [b.get('dev') for b in node.findall('boot')]


class LibvirtConfigGuestFeatures(base.LibvirtConfigObject):
    """<features>: the platform features the guest sees."""

    root_name = 'features'

    def __init__(self):
        self.acpi = True
        self.apic = True
        # System Management Mode: secure boot firmware needs it to protect
        # its variable store from the guest OS.
        self.smm = False

    def format_dom(self):
        node = self._new_node()
        if self.acpi:
            node.append(self._new_node('acpi'))
        if self.apic:
            node.append(self._new_node('apic'))
        if self.smm:
            node.append(self._new_node('smm', state='on'))
        return node

    def parse_dom(self, node):
        self.acpi = node.find('acpi') is not None
        self.apic = node.find('apic') is not None
        smm = node.find('smm')
        self.smm = smm is not None and smm.get('state', 'on') == 'on'
