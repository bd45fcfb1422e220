"""Configuration options, one module per option group.

Every option is registered here on the global ``CONF`` object and nowhere
else; ``nova_rocky.conf.opts.list_opts`` feeds oslo-config-generator.
"""

from oslo_config import cfg

from nova_rocky.conf import api
from nova_rocky.conf import compute
from nova_rocky.conf import conductor
from nova_rocky.conf import database
from nova_rocky.conf import default
from nova_rocky.conf import fake
from nova_rocky.conf import filter_scheduler
from nova_rocky.conf import glance
from nova_rocky.conf import libvirt
from nova_rocky.conf import notifications
from nova_rocky.conf import placement
from nova_rocky.conf import quota
from nova_rocky.conf import scheduler
from nova_rocky.conf import service_user
from nova_rocky.conf import upgrade_levels
from nova_rocky.conf import workarounds
from nova_rocky.conf import wsgi

CONF = cfg.CONF

# Order matters only for the generated sample: [DEFAULT] first.
ALL_GROUP_MODULES = (
    default,
    api,
    compute,
    conductor,
    database,
    fake,
    filter_scheduler,
    glance,
    libvirt,
    notifications,
    placement,
    quota,
    scheduler,
    service_user,
    upgrade_levels,
    workarounds,
    wsgi,
)

for _module in ALL_GROUP_MODULES:
    _module.register_opts(CONF)
