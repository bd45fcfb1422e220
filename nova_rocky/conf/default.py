"""[DEFAULT] options that belong to no service in particular."""

import os
import socket

from oslo_config import cfg

service_opts = [
    cfg.HostAddressOpt(
        'host', default=socket.gethostname(),
        sample_default='<current_hostname>',
        help='Name of this node. Compute services register under it; it must '
             'be unique per service binary and stable across restarts.'),
    cfg.StrOpt(
        'state_path',
        default=os.path.join(os.path.expanduser('~'), '.nova_rocky'),
        sample_default='$HOME/.nova_rocky',
        help='Directory where nova_rocky keeps local state (SQLite files of '
             'the all-in-one mode, lock files).'),
    cfg.IntOpt(
        'report_interval', default=10, min=1,
        help='Seconds between service heartbeats written to the services '
             'table. Must be well below service_down_time.'),
    cfg.IntOpt(
        'service_down_time', default=60, min=1,
        help='Seconds since the last heartbeat after which a service is '
             'reported as down by os-services and skipped by the scheduler.'),
    cfg.IntOpt(
        'periodic_interval', default=60, min=1,
        help='Seconds between runs of each service\'s periodic tasks.'),
    cfg.BoolOpt(
        'fail_fast_on_unreachable', default=True,
        help='When a database or message broker cannot be reached at start, '
             'log one line naming it and exit non-zero. When False the '
             'service keeps retrying.'),
    cfg.StrOpt(
        'default_availability_zone', default='nova',
        help='Availability zone of compute hosts that are in no aggregate '
             'with an availability_zone.'),
    cfg.StrOpt(
        'default_schedule_zone',
        help='Availability zone given to servers created without one. Unset '
             'means any zone.'),
    cfg.StrOpt(
        'internal_service_availability_zone', default='internal',
        help='Availability zone shown for non-compute services.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
