"""nova-compute: runs servers through a virt driver.

A compute node holds no database credentials. Every object method it calls
is sent to nova-conductor (``NovaObject.indirection_api``), so only the
message broker has to be reachable at start. A database connection found
in its configuration is reported once and otherwise ignored: this process
never opens it.
"""

import sys

from oslo_log import log as logging

from nova_rocky.cmd import common
from nova_rocky import conf

CONF = conf.CONF
LOG = logging.getLogger(__name__)
BINARY = 'nova-compute'


def _warn_about_database_options():
    configured = ['[%s]connection' % group
                  for group in ('database', 'api_database')
                  if CONF[group].connection]
    if configured:
        LOG.warning('%s ignores %s: compute nodes reach the databases only '
                    'through nova-conductor; remove the option from this '
                    "host's configuration.", BINARY, ' and '.join(configured))


def _use_conductor():
    """Route remotable object methods to nova-conductor over RPC."""
    from nova_rocky.conductor import rpcapi as conductor_rpcapi
    from nova_rocky.objects import base as objects_base
    from nova_rocky import context as nova_context
    _warn_about_database_options()
    conductor = conductor_rpcapi.ConductorAPI()
    conductor.wait_until_ready(nova_context.get_admin_context())
    objects_base.NovaObject.indirection_api = conductor


def main(argv=None):
    return common.service_main(BINARY, argv, database=False,
                               before_start=_use_conductor)


if __name__ == '__main__':
    sys.exit(main())
