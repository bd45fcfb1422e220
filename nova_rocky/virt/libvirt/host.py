"""The libvirt connection of one compute host.

``Host`` opens one connection (retrying per [libvirt]connection_retries),
keeps it for every driver call, checks the version floor, caches the
host's capabilities and turns libvirt domain events into virt lifecycle
events. All driver threads share the connection (libvirt connections are
thread-safe); this matters for test:///default, where every separately
opened connection is a new, empty hypervisor.

Domain events need libvirt's default event loop: it is registered once
per process, before the first connection, and run by one daemon thread.
"""

import threading
import time

import libvirt
from oslo_log import log as logging

from nova_rocky import exception
from nova_rocky.virt import event as virtevent
from nova_rocky.virt.libvirt.config import capabilities as caps_config
from nova_rocky.virt.libvirt import guest as libvirt_guest

LOG = logging.getLogger(__name__)

_EVENT_LOOP_LOCK = threading.Lock()
_EVENT_LOOP_THREAD = None

# libvirt domain event (and, for STOPPED, detail) -> virt lifecycle event.
# DEFINED, UNDEFINED and SHUTDOWN (the guest began shutting down) say
# nothing about the power state the manager tracks.
_LIFECYCLE_EVENTS = {
    libvirt.VIR_DOMAIN_EVENT_STARTED: virtevent.EVENT_LIFECYCLE_STARTED,
    libvirt.VIR_DOMAIN_EVENT_STOPPED: virtevent.EVENT_LIFECYCLE_STOPPED,
    libvirt.VIR_DOMAIN_EVENT_CRASHED: virtevent.EVENT_LIFECYCLE_STOPPED,
    libvirt.VIR_DOMAIN_EVENT_SUSPENDED: virtevent.EVENT_LIFECYCLE_PAUSED,
    libvirt.VIR_DOMAIN_EVENT_RESUMED: virtevent.EVENT_LIFECYCLE_RESUMED,
    libvirt.VIR_DOMAIN_EVENT_PMSUSPENDED:
        virtevent.EVENT_LIFECYCLE_SUSPENDED,
}


def _ignore_libvirt_errors(_ctx, _err):
    # libvirt prints every error to stderr unless a handler is set; the
    # driver turns the ones it cares about into exceptions and log lines.
    pass


def start_event_loop():
    """Register libvirt's default event loop and run it (once a process).

    Must run before a connection is opened, or that connection never
    delivers events.
    """
    global _EVENT_LOOP_THREAD
    with _EVENT_LOOP_LOCK:
        if _EVENT_LOOP_THREAD is not None:
            return
        libvirt.registerErrorHandler(_ignore_libvirt_errors, None)
        libvirt.virEventRegisterDefaultImpl()
        thread = threading.Thread(target=_run_event_loop,
                                  name='libvirt-event-loop', daemon=True)
        thread.start()
        _EVENT_LOOP_THREAD = thread


def _run_event_loop():
    while True:
        try:
            libvirt.virEventRunDefaultImpl()
        except Exception:
            LOG.exception('libvirt event loop iteration failed')
            time.sleep(1)


def version_tuple(encoded):
    """libvirt's major * 1000000 + minor * 1000 + micro, as a tuple."""
    return (encoded // 1000000, (encoded // 1000) % 1000, encoded % 1000)


def version_str(version):
    return '.'.join(str(part) for part in version)


class Host(object):
    """One libvirt connection and what it tells about the host."""

    def __init__(self, uri, retries=0, retry_interval=0.0,
                 lifecycle_event_handler=None):
        self.uri = uri
        self._retries = retries
        self._retry_interval = retry_interval
        self._lifecycle_event_handler = lifecycle_event_handler
        self._conn = None
        self._conn_lock = threading.Lock()
        self._caps = None
        self._callback_ids = []

    # -- connection -------------------------------------------------------

    def initialize(self):
        """Start the event loop and open the connection (retrying)."""
        start_event_loop()
        self.get_connection()

    def _open(self):
        attempts = self._retries + 1
        for attempt in range(1, attempts + 1):
            try:
                conn = libvirt.open(self.uri)
            except libvirt.libvirtError as exc:
                reason = exc.get_error_message() or str(exc)
                if attempt == attempts:
                    raise exception.LibvirtConnectionFailed(
                        uri=self.uri, attempts=attempts, reason=reason)
                LOG.warning('Connecting to libvirt at %s failed (attempt '
                            '%d of %d): %s; retrying in %ss', self.uri,
                            attempt, attempts, reason, self._retry_interval)
                time.sleep(self._retry_interval)
            else:
                LOG.info('Connected to libvirt at %s', self.uri)
                return conn

    def get_connection(self):
        """The shared connection, opened (again) when needed."""
        with self._conn_lock:
            conn = self._conn
            if conn is not None and conn.isAlive():
                return conn
            conn = self._open()
            self._register_callbacks(conn)
            # A new connection may be to an upgraded or changed host.
            self._caps = None
            self._conn = conn
            return conn

    def _register_callbacks(self, conn):
        self._callback_ids = []
        if self._lifecycle_event_handler is None:
            return
        try:
            self._callback_ids.append(conn.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                self._on_domain_event, None))
        except libvirt.libvirtError as exc:
            LOG.warning('libvirt at %s sends no domain events (%s); power '
                        'changes are only seen by the periodic sync',
                        self.uri, exc)
        try:
            conn.registerCloseCallback(self._on_close, None)
        except libvirt.libvirtError:
            pass

    def _on_close(self, conn, reason, opaque):
        LOG.warning('Connection to libvirt at %s closed (reason %s); it is '
                    'reopened on next use', self.uri, reason)

    def _on_domain_event(self, conn, dom, event, detail, opaque):
        if (event == libvirt.VIR_DOMAIN_EVENT_STOPPED and
                detail == libvirt.VIR_DOMAIN_EVENT_STOPPED_SAVED):
            transition = virtevent.EVENT_LIFECYCLE_SUSPENDED
        else:
            transition = _LIFECYCLE_EVENTS.get(event)
        if transition is None:
            return
        try:
            uuid = dom.UUIDString()
        except libvirt.libvirtError:
            return
        self._lifecycle_event_handler(
            virtevent.LifecycleEvent(uuid, transition))

    def close(self):
        """Deregister the callbacks and close the connection."""
        with self._conn_lock:
            conn, self._conn = self._conn, None
        if conn is None:
            return
        for callback_id in self._callback_ids:
            try:
                conn.domainEventDeregisterAny(callback_id)
            except libvirt.libvirtError:
                pass
        try:
            conn.unregisterCloseCallback()
        except libvirt.libvirtError:
            pass
        conn.close()

    # -- what the host is -------------------------------------------------

    def hypervisor_type(self):
        """libvirt's hypervisor name: 'QEMU', 'LXC', 'TEST', ..."""
        return self.get_connection().getType()

    def libvirt_version(self):
        return version_tuple(self.get_connection().getLibVersion())

    def hypervisor_version(self):
        """The hypervisor's version tuple (QEMU's for qemu:// URIs)."""
        return version_tuple(self.get_connection().getVersion())

    def has_min_version(self, lv_ver=None, hv_ver=None, hv_type=None):
        """True if libvirt (and, for ``hv_type``, the hypervisor) are at
        least the given versions; a different hypervisor type is False."""
        if lv_ver is not None and self.libvirt_version() < tuple(lv_ver):
            return False
        if hv_type is not None and self.hypervisor_type() != hv_type:
            return False
        if hv_ver is not None and self.hypervisor_version() < tuple(hv_ver):
            return False
        return True

    def get_capabilities(self):
        """The host capabilities, parsed once per connection's life."""
        if self._caps is None:
            xml = self.get_connection().getCapabilities()
            self._caps = caps_config.LibvirtConfigCaps().parse_str(xml)
        return self._caps

    def get_hostname(self):
        return self.get_connection().getHostname()

    def get_node_info(self):
        """(arch, memory MiB, CPUs, MHz, NUMA nodes, sockets, cores,
        threads) as virNodeGetInfo reports them."""
        return self.get_connection().getInfo()

    # -- guests -----------------------------------------------------------

    def get_guest(self, instance):
        """The Guest of ``instance``; InstanceNotFound when there is none."""
        try:
            dom = self.get_connection().lookupByUUIDString(instance.uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            raise
        return libvirt_guest.Guest(dom)

    def list_guests(self):
        """Every domain the connection knows, running or not."""
        return [libvirt_guest.Guest(dom)
                for dom in self.get_connection().listAllDomains(0)]

    def write_instance_config(self, xml):
        """Define (or redefine) a domain from ``xml``; returns its Guest."""
        return libvirt_guest.Guest(self.get_connection().defineXML(xml))
