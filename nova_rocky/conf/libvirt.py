"""[libvirt] options: the libvirt virt driver (compute_driver =
libvirt.LibvirtDriver)."""

from oslo_config import cfg
from oslo_config import types

libvirt_group = cfg.OptGroup(
    'libvirt', title='Libvirt driver options',
    help='The libvirt driver runs guests through libvirt-python on the '
         'hypervisor that [libvirt]connection_uri (or virt_type) names.')

# virtio-net ring sizes QEMU accepts: powers of two between 256 and 1024.
QueueSizeType = types.Integer(choices=(256, 512, 1024))

# Perf events whose kernel support (Intel CMT/MBM through perf) Linux 4.14
# removed; libvirt followed, so asking for them only produces errors.
REMOVED_PERF_EVENTS = ('cmt', 'mbml', 'mbmt')

libvirt_opts = [
    cfg.StrOpt(
        'virt_type', default='kvm', choices=('kvm', 'qemu', 'lxc'),
        help='Kind of guest libvirt runs. It picks the default connection '
             'URI (qemu:///system for kvm and qemu, lxc:/// for lxc) and '
             'the domain type written into the guest XML.'),
    cfg.StrOpt(
        'connection_uri', default='',
        help='Libvirt connection URI; empty means the default of '
             'virt_type. "test:///default" is libvirt\'s built-in test '
             'hypervisor: it needs no daemon and keeps its guests in '
             'memory for the life of the connection (guests are then of '
             'domain type "test").'),
    cfg.IntOpt(
        'connection_retries', default=3, min=0,
        help='How many more times nova-compute tries to open the libvirt '
             'connection at start when the daemon is unreachable, before '
             'it gives up with one error naming the URI.'),
    cfg.FloatOpt(
        'connection_retry_interval', default=5.0, min=0.0,
        help='Seconds between two attempts to open the libvirt connection.'),
    cfg.Opt(
        'rx_queue_size', type=QueueSizeType,
        help='Receive ring size of virtio-net interfaces (256, 512 or '
             '1024), written as the rx_queue_size attribute of the '
             'interface\'s <driver> element. Applies to vhost (kernel) '
             'and vhost-user interfaces; needs libvirt 2.3.0 and QEMU '
             '2.7.0. Unset leaves QEMU\'s default (256). Any other value '
             'stops nova-compute at start.'),
    cfg.Opt(
        'tx_queue_size', type=QueueSizeType,
        help='Transmit ring size of virtio-net interfaces (256, 512 or '
             '1024). QEMU honours it only for vhost-user interfaces, and '
             'it needs libvirt 3.7.0 and QEMU 2.10.0; other interfaces '
             'keep the default. Any other value stops nova-compute at '
             'start.'),
    cfg.ListOpt(
        'enabled_perf_events', default=[],
        deprecated_for_removal=True,
        deprecated_since='18.0.0',
        deprecated_reason='Linux 4.14 removed the Intel CMT perf events '
                          '(cmt, mbml, mbmt) this option was mostly used '
                          'for, and the remaining events are better '
                          'collected by host monitoring than per guest.',
        help='Libvirt perf events (for example cpu_cycles, instructions, '
             'cache_misses) to record for each guest. cmt, mbml and mbmt '
             'are refused with a warning: Linux 4.14 removed them. Events '
             'the host does not offer are skipped with a warning.'),
    cfg.ListOpt(
        'hw_machine_type', default=[],
        help='Default machine type per guest architecture as '
             '"arch=machine" pairs, for example "x86_64=q35". An image\'s '
             'hw_machine_type property wins. When set, the list replaces '
             'the built-in defaults; an architecture it omits gets '
             'libvirt\'s choice.'),
    cfg.ListOpt(
        'firmware_descriptor_paths',
        default=['/etc/qemu/firmware', '/usr/share/qemu/firmware'],
        help='Directories of QEMU firmware descriptor files (JSON, '
             'docs/interop/firmware.json in QEMU). UEFI guests take their '
             'loader and NVRAM template from them, and the host reports '
             'COMPUTE_SECURITY_UEFI_SECURE_BOOT only when one of them '
             'describes a secure-boot firmware for its architecture. A '
             'file in an earlier directory shadows one of the same name '
             'in a later one.'),
    cfg.StrOpt(
        'instances_path', default='/var/lib/nova/instances',
        help='Directory of the guests\' local files; the size of the '
             'filesystem holding it (or its nearest existing parent) is '
             'reported as the host\'s DISK_GB.'),
    cfg.StrOpt(
        'nvram_dir', default='/var/lib/libvirt/qemu/nvram',
        help='Directory where libvirt keeps each UEFI guest\'s own copy '
             'of the firmware variables (NVRAM); the copy is made from '
             'the firmware\'s template at first start and removed with '
             'the guest.'),
    cfg.IntOpt(
        'shutdown_timeout', default=60, min=0,
        help='Seconds a soft reboot waits for the guest to shut down '
             'before it falls back to a hard reboot.'),
]


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)


def list_opts():
    return {libvirt_group: libvirt_opts}
