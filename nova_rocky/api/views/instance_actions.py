"""Response bodies of /servers/{server_id}/os-instance-actions.

Actions: action, instance_uuid, request_id, user_id, project_id,
start_time, message, and from 2.58 updated_at. Events: event,
start_time, finish_time, result, plus traceback when the events policy
allows; from 2.62 ``hostId`` (for everyone) and ``host`` (per policy).
"""

import hashlib

from nova_rocky.api import microversion

ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')
EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result')


def _time(value):
    # Upstream shows the database datetime as jsonutils renders it.
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def generate_host_id(project_id, host):
    """sha224 of the action's project id and the host ('' if no host)."""
    if not host:
        return ''
    return hashlib.sha224((str(project_id) + host).encode('utf-8')) \
        .hexdigest()


def action(req, action_obj):
    body = {}
    for key in ACTION_KEYS:
        value = getattr(action_obj, key)
        body[key] = _time(value) if key == 'start_time' else value
    if microversion.is_at_least(req, '2.58'):
        body['updated_at'] = _time(action_obj.updated_at)
    return body


def event(req, event_obj, project_id, show_details):
    body = {key: (_time(getattr(event_obj, key))
                  if key.endswith('_time') else getattr(event_obj, key))
            for key in EVENT_KEYS}
    if show_details:
        body['traceback'] = event_obj.traceback
    if microversion.is_at_least(req, '2.62'):
        body['hostId'] = generate_host_id(project_id, event_obj.host)
        if show_details:
            body['host'] = event_obj.host
    return body
