"""The host capabilities document (virConnectGetCapabilities).

Read-only: libvirt writes it, the driver parses it for the host CPU (arch,
model, vendor, topology, features) and for the guests the host can run
(per architecture: OS type, domain types, machine types).
"""

from nova_rocky.virt.libvirt.config import base


class LibvirtConfigCPU(base.LibvirtConfigObject):
    """<host><cpu>: the host CPU as libvirt describes it."""

    root_name = 'cpu'

    def __init__(self):
        self.arch = None
        self.model = None
        self.vendor = None
        self.sockets = None
        self.cores = None
        self.threads = None
        self.features = set()

    def parse_dom(self, node):
        self.arch = node.findtext('arch')
        self.model = node.findtext('model')
        self.vendor = node.findtext('vendor')
        topology = node.find('topology')
        if topology is not None:
            self.sockets = int(topology.get('sockets'))
            self.cores = int(topology.get('cores'))
            self.threads = int(topology.get('threads'))
        # Host CPU features are <feature name='x'/>; the test hypervisor
        # lists bare elements (<pae/>) under <features> instead.
        self.features = {f.get('name') for f in node.findall('feature')}
        for features in node.findall('features'):
            self.features.update(child.tag for child in features)


class LibvirtConfigCapsGuest(base.LibvirtConfigObject):
    """<guest>: one (OS type, architecture) the host runs guests of."""

    root_name = 'guest'

    def __init__(self):
        self.os_type = None
        self.arch = None
        self.domain_types = []
        self.machines = []

    def parse_dom(self, node):
        self.os_type = node.findtext('os_type')
        arch = node.find('arch')
        if arch is None:
            return
        self.arch = arch.get('name')
        names = [d.get('type') for d in arch.findall('domain')]
        self.domain_types = [n for n in names if n]
        machines = []
        for machine in arch.findall('machine'):
            machines.append(machine.text)
            if machine.get('canonical'):
                machines.append(machine.get('canonical'))
        self.machines = machines


class LibvirtConfigCaps(base.LibvirtConfigObject):
    """<capabilities>: the host CPU and the guests it can run."""

    root_name = 'capabilities'

    def __init__(self):
        self.host_cpu = LibvirtConfigCPU()
        self.host_uuid = None
        self.numa_cells = 0
        self.guests = []

    def parse_dom(self, node):
        host = node.find('host')
        if host is not None:
            self.host_uuid = host.findtext('uuid')
            cpu = host.find('cpu')
            if cpu is not None:
                self.host_cpu.parse_dom(cpu)
            cells = host.find('topology/cells')
            if cells is not None:
                self.numa_cells = int(cells.get('num', 0))
        self.guests = []
        for node_guest in node.findall('guest'):
            guest = LibvirtConfigCapsGuest()
            guest.parse_dom(node_guest)
            self.guests.append(guest)

    def domain_types_for(self, arch, os_type='hvm'):
        """Domain types the host offers for ``arch`` guests of ``os_type``."""
        types = []
        for guest in self.guests:
            if guest.arch == arch and guest.os_type == os_type:
                types.extend(t for t in guest.domain_types if t not in types)
        return types

    def supported_instances(self):
        """[arch, hypervisor type, vm mode] triples, as upstream reports."""
        result = []
        for guest in self.guests:
            for domain_type in guest.domain_types:
                row = [guest.arch, domain_type, guest.os_type]
                if row not in result:
                    result.append(row)
        return result
