"""Options of the [notifications] group: what services announce."""

from oslo_config import cfg

notifications_group = cfg.OptGroup(
    'notifications', title='Notification options',
    help='Services announce what happens to servers as oslo.messaging '
         'notifications whose payloads are versioned objects.')

notification_opts = [
    cfg.StrOpt(
        'notification_format', default='versioned',
        choices=[('versioned', 'Send versioned notifications only.'),
                 ('unversioned', 'Send the legacy unversioned '
                                 'notifications only (nova_rocky has none, '
                                 'so nothing is sent).'),
                 ('both', 'Send both kinds.')],
        help='Which kind of notifications to send. Upstream Rocky '
             'defaults to "both"; nova_rocky has no legacy notifications, '
             'so it defaults to the versioned ones. Unlike upstream, '
             'versioned notifications are sent even when '
             '[oslo_messaging_notifications]driver is empty (the '
             'messagingv2 driver is used then); set that option to "noop" '
             'or this one to "unversioned" to send none.'),
    cfg.ListOpt(
        'versioned_notifications_topics',
        default=['versioned_notifications'],
        help='Topics the versioned notifications are sent to. Consumers '
             'listen on <topic>.info and <topic>.error.'),
    cfg.StrOpt(
        'default_level', default='INFO',
        choices=('DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'),
        help='Priority of notifications that have no phase of their own '
             '(the .error phase is always ERROR).'),
]


def register_opts(conf):
    conf.register_group(notifications_group)
    conf.register_opts(notification_opts, group=notifications_group)


def list_opts():
    return {notifications_group: notification_opts}
