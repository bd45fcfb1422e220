"""Policy defaults in code, one module per API resource.

Each module has ``list_rules()`` returning its ``DocumentedRuleDefault``
objects; names follow ``os_compute_api:<resource>:<action>``. Adding a
module is one line in ``_MODULES`` below. ``list_rules()`` here is the
``oslo.policy.policies`` entry point (oslopolicy-sample-generator).
"""

import itertools

from nova_rocky.policies import base

_MODULES = (
    base,
)


def list_rules():
    """Every rule default of nova_rocky."""
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
