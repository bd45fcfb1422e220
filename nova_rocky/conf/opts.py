"""Entry points for oslo-config-generator and default overrides."""

from oslo_log import log as logging

from nova_rocky import conf as nova_conf


def list_opts():
    """Return [(group, [opts])] for every group this project defines."""
    result = {}
    for module in nova_conf.ALL_GROUP_MODULES:
        for group, opts in module.list_opts().items():
            result.setdefault(group, []).extend(opts)
    return sorted(result.items(),
                  key=lambda item: (item[0] != 'DEFAULT', str(item[0])))


def set_defaults(conf=None):
    """Project defaults for library options (logging levels)."""
    levels = logging.get_default_log_levels()
    logging.set_defaults(default_log_levels=levels + [
        'keystonemiddleware=WARN', 'routes.middleware=WARN',
        'stevedore=WARN', 'amqp=WARN', 'kombu=WARN', 'alembic=WARN',
        'placement=WARN', 'oslo_policy=WARN'])
