"""The children of <devices>: disks, network interfaces, consoles and
the memory balloon."""

from nova_rocky.virt.libvirt.config import base


class LibvirtConfigGuestDevice(base.LibvirtConfigObject):
    """Base class of the elements under <devices>."""


class LibvirtConfigGuestDisk(LibvirtConfigGuestDevice):
    """<disk>: a file-backed disk (or CD-ROM) of the guest."""

    root_name = 'disk'

    def __init__(self):
        self.source_type = 'file'
        self.device = 'disk'
        self.driver_name = 'qemu'
        self.driver_format = 'qcow2'
        self.driver_cache = None
        self.source_path = None
        self.target_dev = None
        self.target_bus = 'virtio'
        self.readonly = False
        self.serial = None

    def format_dom(self):
        node = self._new_node(type=self.source_type, device=self.device)
        node.append(self._new_node('driver', name=self.driver_name,
                                   type=self.driver_format,
                                   cache=self.driver_cache))
        if self.source_path:
            node.append(self._new_node('source', file=self.source_path))
        node.append(self._new_node('target', dev=self.target_dev,
                                   bus=self.target_bus))
        if self.readonly:
            node.append(self._new_node('readonly'))
        if self.serial:
            node.append(self._text_node('serial', self.serial))
        return node

    def parse_dom(self, node):
        self.source_type = node.get('type')
        self.device = node.get('device', 'disk')
        driver = node.find('driver')
        if driver is not None:
            self.driver_name = driver.get('name')
            self.driver_format = driver.get('type')
            self.driver_cache = driver.get('cache')
        source = node.find('source')
        if source is not None:
            self.source_path = source.get('file')
        target = node.find('target')
        if target is not None:
            self.target_dev = target.get('dev')
            self.target_bus = target.get('bus')
        self.readonly = node.find('readonly') is not None


class LibvirtConfigGuestInterface(LibvirtConfigGuestDevice):
    """<interface>: a guest NIC and how it reaches the host's network.

    ``net_type`` is libvirt's interface type: 'bridge' (source_dev is the
    bridge), 'ethernet' (a tap device named target_dev), 'vhostuser'
    (source_path is the socket, vhostuser_mode client or server) or
    'network' (source_dev names a libvirt network). ``driver_name``
    'vhost' selects the in-kernel virtio-net backend; the ring sizes
    (rx_queue_size, tx_queue_size) go on the same <driver> element.
    """

    root_name = 'interface'

    def __init__(self):
        self.net_type = 'bridge'
        self.mac_addr = None
        self.model = 'virtio'
        self.source_dev = None
        self.source_path = None
        self.vhostuser_mode = 'server'
        self.target_dev = None
        self.driver_name = None
        self.vhost_queues = None
        self.rx_queue_size = None
        self.tx_queue_size = None
        self.mtu = None

    def _source(self):
        if self.net_type == 'vhostuser':
            return self._new_node('source', type='unix',
                                  path=self.source_path,
                                  mode=self.vhostuser_mode)
        if self.net_type == 'bridge' and self.source_dev:
            return self._new_node('source', bridge=self.source_dev)
        if self.net_type == 'network' and self.source_dev:
            return self._new_node('source', network=self.source_dev)
        return None

    def _driver(self):
        attrs = {'name': self.driver_name, 'queues': self.vhost_queues,
                 'rx_queue_size': self.rx_queue_size,
                 'tx_queue_size': self.tx_queue_size}
        if all(value is None for value in attrs.values()):
            return None
        return self._new_node('driver', **attrs)

    def format_dom(self):
        # The schema fixes the order: source, target, model, driver, mtu.
        node = self._new_node(type=self.net_type)
        if self.mac_addr:
            node.append(self._new_node('mac', address=self.mac_addr))
        for child in (self._source(),
                      self._new_node('target', dev=self.target_dev)
                      if self.target_dev and self.net_type != 'vhostuser'
                      else None,
                      self._new_node('model', type=self.model)
                      if self.model else None,
                      self._driver(),
                      self._new_node('mtu', size=self.mtu)
                      if self.mtu else None):
            if child is not None:
                node.append(child)
        return node

    def parse_dom(self, node):
        self.net_type = node.get('type')
        mac = node.find('mac')
        self.mac_addr = mac.get('address') if mac is not None else None
        source = node.find('source')
        if source is not None:
            self.source_dev = source.get('bridge') or source.get('network')
            self.source_path = source.get('path')
        target = node.find('target')
        self.target_dev = target.get('dev') if target is not None else None
        model = node.find('model')
        self.model = model.get('type') if model is not None else None
        driver = node.find('driver')
        if driver is not None:
            self.driver_name = driver.get('name')
            for attr in ('rx_queue_size', 'tx_queue_size'):
                value = driver.get(attr)
                setattr(self, attr, int(value) if value else None)


class LibvirtConfigGuestSerialConsole(LibvirtConfigGuestDevice):
    """<serial type='pty'> plus the <console> bound to it."""

    root_name = 'serial'

    def format_dom(self):
        node = self._new_node(type='pty')
        node.append(self._new_node('target', port=0))
        return node


class LibvirtConfigGuestMemoryBalloon(LibvirtConfigGuestDevice):
    """<memballoon>: virtio balloon, with statistics every ``period`` s."""

    root_name = 'memballoon'

    def __init__(self, model='virtio', period=None):
        self.model = model
        self.period = period

    def format_dom(self):
        node = self._new_node(model=self.model)
        if self.period:
            node.append(self._new_node('stats', period=self.period))
        return node
