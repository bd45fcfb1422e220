"""The public ``status`` of a server, from its vm_state and task_state.

The API never shows the two internal states alone as a server's status:
it shows one upper-case word (BUILD, ACTIVE, SHUTOFF, REBOOT, ERROR...).
``STATUS_MAP`` is that mapping, as upstream Nova publishes it: for each
vm_state, the status of each task_state that changes it, and the
``'default'`` for every other task_state. The list filter ``status=``
goes the other way (:func:`states_for_statuses`).
"""

from oslo_log import log as logging

from nova_rocky.compute import task_states as ts
from nova_rocky.compute import vm_states as vs

LOG = logging.getLogger(__name__)

DEFAULT = 'default'
UNKNOWN = 'UNKNOWN'

_RESIZING = {ts.RESIZE_PREP: 'RESIZE', ts.RESIZE_MIGRATING: 'RESIZE',
             ts.RESIZE_MIGRATED: 'RESIZE', ts.RESIZE_FINISH: 'RESIZE'}
_REBUILDING = {ts.REBUILDING: 'REBUILD',
               ts.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
               ts.REBUILD_SPAWNING: 'REBUILD'}

STATUS_MAP = {
    vs.ACTIVE: dict({
        DEFAULT: 'ACTIVE',
        ts.REBOOTING: 'REBOOT',
        ts.REBOOT_PENDING: 'REBOOT',
        ts.REBOOT_STARTED: 'REBOOT',
        ts.REBOOTING_HARD: 'HARD_REBOOT',
        ts.REBOOT_PENDING_HARD: 'HARD_REBOOT',
        ts.REBOOT_STARTED_HARD: 'HARD_REBOOT',
        ts.UPDATING_PASSWORD: 'PASSWORD',
        ts.MIGRATING: 'MIGRATING',
    }, **_REBUILDING, **_RESIZING),
    vs.BUILDING: {DEFAULT: 'BUILD'},
    vs.STOPPED: dict({DEFAULT: 'SHUTOFF'}, **_RESIZING, **_REBUILDING),
    # The resize_confirming task keeps VERIFY_RESIZE: the published API
    # has no CONFIRMING_RESIZE status.
    vs.RESIZED: {DEFAULT: 'VERIFY_RESIZE',
                 ts.RESIZE_REVERTING: 'REVERT_RESIZE'},
    vs.PAUSED: {DEFAULT: 'PAUSED', ts.MIGRATING: 'MIGRATING'},
    vs.SUSPENDED: {DEFAULT: 'SUSPENDED'},
    vs.RESCUED: {DEFAULT: 'RESCUE'},
    vs.ERROR: dict({DEFAULT: 'ERROR'}, **_REBUILDING),
    vs.DELETED: {DEFAULT: 'DELETED'},
    vs.SOFT_DELETED: {DEFAULT: 'SOFT_DELETED'},
    vs.SHELVED: {DEFAULT: 'SHELVED'},
    vs.SHELVED_OFFLOADED: {DEFAULT: 'SHELVED_OFFLOADED'},
}

# Statuses that come with a "progress" percentage / with a "fault".
PROGRESS_STATUSES = frozenset(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                               'VERIFY_RESIZE', 'MIGRATING'])
FAULT_STATUSES = frozenset(['ERROR', 'DELETED'])


def status_from_state(vm_state, task_state=None):
    """The API status of a server in ``vm_state`` doing ``task_state``."""
    task_map = STATUS_MAP.get(vm_state)
    if task_map is None:
        LOG.error('Server status is UNKNOWN for vm_state=%s task_state=%s',
                  vm_state, task_state)
        return UNKNOWN
    return task_map.get(task_state, task_map[DEFAULT])


def server_status(instance):
    """The status of an Instance; a deleted one is DELETED whatever else."""
    if instance.obj_attr_is_set('deleted') and instance.deleted:
        return 'DELETED'
    return status_from_state(instance.vm_state, instance.task_state)


def states_for_statuses(statuses):
    """``(vm_states, task_states)`` matching any of ``statuses``.

    Comparison ignores case. ``task_states`` contains ``'default'`` when
    a matching status is the default of its vm_state, meaning "whatever
    the task state". Both lists are sorted; both are empty when no
    status is known.
    """
    wanted = {status.strip().lower() for status in statuses}
    vm_matches, task_matches = set(), set()
    for vm_state, task_map in STATUS_MAP.items():
        for task_state, status in task_map.items():
            if status.lower() in wanted:
                vm_matches.add(vm_state)
                task_matches.add(task_state)
    return sorted(vm_matches), sorted(task_matches)
