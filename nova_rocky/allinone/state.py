"""The all-in-one state directory and the configuration defaults it implies.

Defaults are set with ``set_default`` before the command line is parsed,
so a ``--config-file`` can still override any of them (for example a
MariaDB ``[database]connection``).
"""

import os

from nova_rocky import conf
from nova_rocky import rpc

CONF = conf.CONF

# kombu's in-memory queues answer an RPC call in ~2 ms; oslo.messaging's
# fake:// driver polls and needs ~50 ms (architecture.md, measured here).
# The inproc flavour of them sleeps instead of spinning when idle.
IN_PROCESS_TRANSPORT = rpc.IN_PROCESS_TRANSPORT_URL


class StateDir(object):
    """Paths of everything nova-all keeps between runs."""

    def __init__(self, path):
        self.path = os.path.abspath(os.path.expanduser(path))

    def file(self, name):
        return os.path.join(self.path, name)

    def sqlite_url(self, name):
        return 'sqlite:///%s' % self.file(name)

    @property
    def api_db(self):
        return self.sqlite_url('nova_api.sqlite')

    @property
    def cell0_db(self):
        return self.sqlite_url('nova_cell0.sqlite')

    @property
    def cell1_db(self):
        return self.sqlite_url('nova_cell1.sqlite')

    @property
    def placement_db(self):
        return self.sqlite_url('placement.sqlite')

    @property
    def image_dir(self):
        return self.file('images')

    def create(self):
        os.makedirs(self.image_dir, mode=0o700, exist_ok=True)


def set_defaults(state):
    """Point every option the all-in-one mode needs at ``state``."""
    CONF.set_default('state_path', state.path)
    CONF.set_default('connection', state.cell1_db, group='database')
    CONF.set_default('connection', state.api_db, group='api_database')
    CONF.set_default('direct_connection', state.placement_db,
                     group='placement')
    CONF.set_default('backend', 'local', group='glance')
    CONF.set_default('image_dir', state.image_dir, group='glance')
    CONF.set_default('auth_strategy', 'noauth2', group='api')
    CONF.set_default('transport_url', IN_PROCESS_TRANSPORT)
    # The in-memory broker has no AMQP heartbeats to run.
    CONF.set_default('heartbeat_timeout_threshold', 0,
                     group='oslo_messaging_rabbit')
