"""Guest network interfaces from the network model's VIFs.

A VIF here is the network model dict of one port: ``id``, ``address``
(MAC), ``type`` ('bridge', 'ovs', 'tap', 'vhostuser'), ``devname`` (the
tap name), ``network`` {'bridge': ...} and ``details`` (for vhost-user
``vhostuser_socket`` and ``vhostuser_mode``).

virtio-net ring sizes follow upstream's rules: the receive size needs
libvirt 2.3.0 and QEMU 2.7.0 and applies to the kernel vhost backend
(which it then selects explicitly) and to vhost-user; the transmit size
needs libvirt 3.7.0 and QEMU 2.10.0 and QEMU honours it only for
vhost-user, so it is written only there. A host below the versions gets a
warning and the default rings.
"""

from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky.virt.libvirt.config import devices

CONF = conf.CONF
LOG = logging.getLogger(__name__)

MIN_LIBVIRT_RX_QUEUE_SIZE = (2, 3, 0)
MIN_QEMU_RX_QUEUE_SIZE = (2, 7, 0)
MIN_LIBVIRT_TX_QUEUE_SIZE = (3, 7, 0)
MIN_QEMU_TX_QUEUE_SIZE = (2, 10, 0)

VIF_MODEL_VIRTIO = 'virtio'
# Interface models the image's hw_vif_model may choose.
VIF_MODELS = ('virtio', 'e1000', 'e1000e', 'rtl8139', 'ne2k_pci', 'pcnet')


def _version_str(version):
    return '.'.join(str(part) for part in version)


def virtio_queue_sizes(host):
    """(rx, tx) ring sizes this host can apply; None where it cannot."""
    rx, tx = CONF.libvirt.rx_queue_size, CONF.libvirt.tx_queue_size
    if rx and not host.has_min_version(MIN_LIBVIRT_RX_QUEUE_SIZE,
                                       MIN_QEMU_RX_QUEUE_SIZE, 'QEMU'):
        LOG.warning('[libvirt]rx_queue_size needs libvirt %s and QEMU %s '
                    'or newer; guests keep the default receive ring',
                    _version_str(MIN_LIBVIRT_RX_QUEUE_SIZE),
                    _version_str(MIN_QEMU_RX_QUEUE_SIZE))
        rx = None
    if tx and not host.has_min_version(MIN_LIBVIRT_TX_QUEUE_SIZE,
                                       MIN_QEMU_TX_QUEUE_SIZE, 'QEMU'):
        LOG.warning('[libvirt]tx_queue_size needs libvirt %s and QEMU %s '
                    'or newer; guests keep the default transmit ring',
                    _version_str(MIN_LIBVIRT_TX_QUEUE_SIZE),
                    _version_str(MIN_QEMU_TX_QUEUE_SIZE))
        tx = None
    return rx, tx


def _model(image_meta):
    model = image_meta.properties.get('hw_vif_model') or VIF_MODEL_VIRTIO
    if model not in VIF_MODELS:
        LOG.warning('Unknown hw_vif_model %s; using virtio', model)
        model = VIF_MODEL_VIRTIO
    return model


def get_config(vif, image_meta, host, queue_sizes=None):
    """Return the LibvirtConfigGuestInterface of ``vif``.

    ``queue_sizes`` is virtio_queue_sizes(host), computed once per guest
    by the caller so its warnings are not repeated per interface.
    """
    iface = devices.LibvirtConfigGuestInterface()
    iface.mac_addr = vif.get('address')
    iface.model = _model(image_meta)
    vif_type = vif.get('type', 'bridge')
    details = vif.get('details') or {}
    if vif_type == 'vhostuser':
        iface.net_type = 'vhostuser'
        iface.source_path = details.get('vhostuser_socket') or (
            '/var/run/openvswitch/vhu%s' % (vif.get('id') or '')[:11])
        iface.vhostuser_mode = details.get('vhostuser_mode', 'server')
    elif vif_type in ('tap', 'ethernet'):
        iface.net_type = 'ethernet'
        iface.target_dev = vif.get('devname')
    else:
        iface.net_type = 'bridge'
        iface.source_dev = (vif.get('network') or {}).get('bridge')
        iface.target_dev = vif.get('devname')
    mtu = (vif.get('network') or {}).get('mtu')
    if mtu:
        iface.mtu = mtu
    if iface.model != VIF_MODEL_VIRTIO:
        return iface
    rx, tx = queue_sizes if queue_sizes is not None else \
        virtio_queue_sizes(host)
    if iface.net_type == 'vhostuser':
        iface.rx_queue_size, iface.tx_queue_size = rx, tx
    elif rx:
        # The ring size lives on <driver>; naming the kernel backend
        # makes libvirt emit that element (as upstream forces it too).
        iface.driver_name = 'vhost'
        iface.rx_queue_size = rx
    return iface
