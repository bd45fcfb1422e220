"""Stable states of an instance (``instances.vm_state``).

A vm_state says what the instance *is*; the transient ``task_state``
(``task_states``) says what is being done to it. The strings are stored in
the database and shown by the API (``OS-EXT-STS:vm_state``), so they are
the upstream ones and must never change.
"""

ACTIVE = 'active'
BUILDING = 'building'
PAUSED = 'paused'
SUSPENDED = 'suspended'
STOPPED = 'stopped'
RESCUED = 'rescued'
RESIZED = 'resized'
SOFT_DELETED = 'soft-delete'
DELETED = 'deleted'
ERROR = 'error'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

# States from which a hard reboot may be attempted.
ALLOW_HARD_REBOOT = [ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR]
# States in which a user may trigger a crash dump.
ALLOW_TRIGGER_CRASH_DUMP = [ACTIVE, PAUSED, RESCUED, RESIZED, ERROR]
# States in which the resource tracker counts an instance on its host.
ALLOW_RESOURCE_REMOVAL = [DELETED, SHELVED_OFFLOADED]
