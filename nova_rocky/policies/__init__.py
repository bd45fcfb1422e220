"""Policy defaults in code, one module per API resource.

Each module has ``list_rules()`` returning its ``DocumentedRuleDefault``
objects; names follow ``os_compute_api:<resource>:<action>``. Adding a
module is one line in ``_MODULES`` below. ``list_rules()`` here is the
``oslo.policy.policies`` entry point (oslopolicy-sample-generator).
"""

import itertools

from nova_rocky.policies import aggregates
from nova_rocky.policies import availability_zone
from nova_rocky.policies import base
from nova_rocky.policies import flavor_access
from nova_rocky.policies import flavor_extra_specs
from nova_rocky.policies import flavors
from nova_rocky.policies import hypervisors
from nova_rocky.policies import instance_actions
from nova_rocky.policies import keypairs
from nova_rocky.policies import limits
from nova_rocky.policies import server_groups
from nova_rocky.policies import server_actions
from nova_rocky.policies import servers
from nova_rocky.policies import services

_MODULES = (
    base,
    aggregates,
    availability_zone,
    flavor_access,
    flavor_extra_specs,
    flavors,
    hypervisors,
    instance_actions,
    keypairs,
    limits,
    server_groups,
    server_actions,
    servers,
    services,
)


def list_rules():
    """Every rule default of nova_rocky."""
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
