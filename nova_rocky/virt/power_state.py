"""Power states of a guest, as a hypervisor reports them.

The numbers are the ones upstream Nova stores in ``instances.power_state``
(they started as libvirt's domain states); they are persisted and sent
over RPC, so they must never change. Values 2 and 5 are retired.
"""

NOSTATE = 0x00
RUNNING = 0x01
PAUSED = 0x03
# The guest is powered off (clean shutdown or destroyed domain).
SHUTDOWN = 0x04
CRASHED = 0x06
SUSPENDED = 0x07

# Human-readable names, used by the API's OS-EXT-STS:power_state hints,
# notifications and log lines.
STATE_MAP = {
    NOSTATE: 'pending',
    RUNNING: 'running',
    PAUSED: 'paused',
    SHUTDOWN: 'shutdown',
    CRASHED: 'crashed',
    SUSPENDED: 'suspended',
}
