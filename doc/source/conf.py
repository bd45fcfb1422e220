"""Sphinx configuration of the nova_rocky documentation (tox -e docs)."""

import os
import sys

sys.path.insert(0, os.path.abspath('../..'))

project = 'nova_rocky'
copyright = 'nova_rocky developers'
extensions = [
    'oslo_config.sphinxext',
    'oslo_policy.sphinxext',
]
# The policy reference renders the rules through the generator's config.
policy_generator_config_file = [
    ('../../etc/nova/nova-policy-generator.conf', None),
]
master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
pygments_style = 'sphinx'
