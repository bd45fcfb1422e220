"""InstanceAction and InstanceActionEvent: the user-visible history of
what was done to an instance (``GET /servers/{id}/os-instance-actions``).

An action is keyed by the request id of the context that started it;
events are steps of the action, found through ``context.request_id``.
"""

import traceback

from oslo_utils import timeutils

from nova_rocky import conf
from nova_rocky.db import api as db_api
from nova_rocky.db.models import main as models
from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

CONF = conf.CONF
_A = models.InstanceAction
_E = models.InstanceActionEvent
RESULT_SUCCESS = 'Success'
RESULT_ERROR = 'Error'


def _now(context=None):
    stamp = getattr(context, 'timestamp', None) or timeutils.utcnow()
    return timeutils.normalize_time(stamp)


def _find_action(session, instance_uuid, request_id):
    action = session.query(_A).filter_by(
        instance_uuid=instance_uuid, request_id=request_id,
        deleted=0).order_by(_A.id.desc()).first()
    if action is None:
        raise exception.InstanceActionNotFound(
            request_id=request_id, instance_uuid=instance_uuid)
    return action


@db_api.cell_writer
def _action_start(context, values):
    row = _A(**values)
    context.session.add(row)
    context.session.flush()
    return row


@db_api.cell_writer
def _action_finish(context, instance_uuid):
    action = _find_action(context.session, instance_uuid, context.request_id)
    action.finish_time = action.updated_at = timeutils.utcnow()
    context.session.flush()
    return action


@db_api.cell_reader
def _action_by_request_id(context, instance_uuid, request_id):
    return context.session.query(_A).filter_by(
        instance_uuid=instance_uuid, request_id=request_id,
        deleted=0).order_by(_A.id.desc()).first()


@db_api.cell_reader
def _actions_of(context, instance_uuid, limit, marker, changes_since):
    query = context.session.query(_A).filter_by(
        instance_uuid=instance_uuid, deleted=0)
    if changes_since is not None:
        query = query.filter(_A.updated_at >= changes_since)
    query = query.order_by(_A.created_at.desc(), _A.id.desc())
    if marker is not None:
        marker_row = _action_by_request_id(context, instance_uuid, marker)
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
        query = query.filter(_A.id < marker_row.id)
    return query.limit(limit).all() if limit is not None else query.all()


@db_api.cell_writer
def _event_start(context, instance_uuid, values):
    action = _find_action(context.session, instance_uuid, context.request_id)
    row = _E(action_id=action.id, **values)
    context.session.add(row)
    action.updated_at = values['start_time']
    context.session.flush()
    return row


@db_api.cell_writer
def _event_finish(context, instance_uuid, event_name, values):
    session = context.session
    action = _find_action(session, instance_uuid, context.request_id)
    event = session.query(_E).filter_by(
        action_id=action.id, event=event_name, deleted=0).order_by(
            _E.id.desc()).first()
    if event is None:
        raise exception.InstanceActionEventNotFound(action_id=action.id,
                                                    event=event_name)
    event.update(values)
    if values['result'] == RESULT_ERROR:
        action.message = RESULT_ERROR
    action.updated_at = values['finish_time']
    session.flush()
    return event


@db_api.cell_reader
def _events_of(context, action_id):
    return context.session.query(_E).filter_by(
        action_id=action_id, deleted=0).order_by(
            _E.created_at.desc(), _E.id.desc()).all()


@base.NovaObjectRegistry.register
class InstanceAction(base.NovaPersistentObject, base.NovaObject):
    """An action (create, reboot, resize...) requested on an instance.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def action_start(cls, context, instance_uuid, action_name,
                     want_result=True):
        """Record the start of ``action_name`` for context.request_id."""
        start = _now(context)
        row = _action_start(context, {
            'action': action_name, 'instance_uuid': instance_uuid,
            'request_id': context.request_id, 'user_id': context.user_id,
            'project_id': context.project_id, 'start_time': start,
            'updated_at': start})
        return cls._from_db(context, row) if want_result else None

    @base.remotable_classmethod
    def action_finish(cls, context, instance_uuid, want_result=True):
        """Mark the action of context.request_id finished."""
        row = _action_finish(context, instance_uuid)
        return cls._from_db(context, row) if want_result else None

    @base.remotable
    def finish(self):
        """Mark this action finished."""
        row = _action_finish(self._context, self.instance_uuid)
        base._from_db(self, row)

    @base.remotable_classmethod
    def get_by_request_id(cls, context, instance_uuid, request_id):
        """The action of ``request_id`` on the instance, or None."""
        row = _action_by_request_id(context, instance_uuid, request_id)
        return cls._from_db(context, row) if row is not None else None


@base.NovaObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @base.remotable_classmethod
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, filters=None):
        """Actions of the instance, newest first.

        ``marker`` is a request id; ``filters`` may hold
        ``changes-since`` (a datetime).
        """
        since = (filters or {}).get('changes-since')
        if since is not None:
            since = timeutils.normalize_time(since)
        rows = _actions_of(context, instance_uuid, limit, marker, since)
        return base.obj_list_from_db(context, cls, InstanceAction, rows)


def _traceback_text(exc_val, exc_tb):
    """The traceback followed by the exception line (what went wrong).

    A failure handled without raising (NoValidHost in the conductor) has
    no traceback; its exception line alone still says why.
    """
    if isinstance(exc_tb, str):
        return exc_tb
    if exc_val is not None and not isinstance(exc_val, str):
        return ''.join(traceback.format_exception(
            type(exc_val), exc_val, exc_tb or exc_val.__traceback__))
    if exc_tb is None:
        return exc_val
    return ''.join(traceback.format_tb(exc_tb))


@base.NovaObjectRegistry.register
class InstanceActionEvent(base.NovaPersistentObject, base.NovaObject):
    """A step of an instance action, on one host, with its result.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'event': fields.StringField(nullable=True),
        'action_id': fields.IntegerField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.obj_from_db(context, cls, row)

    @base.remotable_classmethod
    def event_start(cls, context, instance_uuid, event_name,
                    want_result=True, host=None):
        """Start ``event_name`` in the action of context.request_id.

        InstanceActionNotFound when that action does not exist.
        """
        row = _event_start(context, instance_uuid, {
            'event': event_name, 'start_time': timeutils.utcnow(),
            'host': host or CONF.host})
        return cls._from_db(context, row) if want_result else None

    @base.remotable_classmethod
    def event_finish_with_failure(cls, context, instance_uuid, event_name,
                                  exc_val=None, exc_tb=None,
                                  want_result=True):
        """Finish the event: 'Error' (with traceback) when an exception
        value or traceback is given, 'Success' otherwise."""
        failed = exc_val is not None or exc_tb is not None
        values = {'finish_time': timeutils.utcnow(),
                  'result': RESULT_ERROR if failed else RESULT_SUCCESS}
        if failed:
            values['traceback'] = _traceback_text(exc_val, exc_tb)
            values['details'] = (str(exc_val)[:255]
                                 if exc_val is not None else None)
        row = _event_finish(context, instance_uuid, event_name, values)
        return cls._from_db(context, row) if want_result else None

    @base.remotable_classmethod
    def event_finish(cls, context, instance_uuid, event_name,
                     want_result=True):
        """Finish the event successfully."""
        return cls.event_finish_with_failure(
            context, instance_uuid, event_name, want_result=want_result)


@base.NovaObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaObject):
    """Version 1.0: Initial version"""
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @base.remotable_classmethod
    def get_by_action(cls, context, action_id):
        """Events of the action, newest first."""
        return base.obj_list_from_db(context, cls, InstanceActionEvent,
                                     _events_of(context, action_id))
