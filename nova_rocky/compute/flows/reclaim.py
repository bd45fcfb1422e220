"""Reclaim soft-deleted instances whose grace period is over.

With ``[DEFAULT]reclaim_instance_interval`` > 0 a DELETE only
soft-deletes a server (``soft-delete`` vm_state, ``deleted_at`` set): the
owner may restore it until this periodic task, on the server's compute,
finds it older than the interval and deletes it for good, recording a
'delete' action of its own.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from nova_rocky.compute.flows import delete
from nova_rocky.compute import instance_actions
from nova_rocky.compute import vm_states
from nova_rocky import context as nova_context
from nova_rocky import objects

LOG = logging.getLogger(__name__)


def reclaim_queued_deletes(compute, context, interval):
    """Delete this host's soft-deleted instances older than ``interval``.

    Returns the uuids of the instances reclaimed.
    """
    filters = {'host': compute.host, 'vm_state': vm_states.SOFT_DELETED,
               'task_state': None, 'deleted': False, 'soft_deleted': True}
    candidates = objects.InstanceList.get_by_filters(context, filters)
    reclaimed = []
    for instance in candidates:
        deleted_at = instance.deleted_at
        if deleted_at is not None and not timeutils.is_older_than(
                deleted_at, interval):
            continue
        LOG.info('Reclaiming soft-deleted instance %s', instance.uuid)
        # Its own request id, so the history shows who deleted it: the
        # system, not the user's earlier DELETE.
        reclaim_ctxt = nova_context.RequestContext(
            user_id=instance.user_id, project_id=instance.project_id,
            is_admin=True, overwrite=False)
        for attr in ('db_connection', 'mq_connection', 'cell_uuid'):
            setattr(reclaim_ctxt, attr, getattr(context, attr, None))
        instance._context = reclaim_ctxt
        try:
            objects.InstanceAction.action_start(
                reclaim_ctxt, instance.uuid, instance_actions.DELETE,
                want_result=False)
        except Exception:
            LOG.exception('Could not record the reclaim of %s',
                          instance.uuid)
        delete.terminate_instance(compute, reclaim_ctxt, instance)
        reclaimed.append(instance.uuid)
    return reclaimed
