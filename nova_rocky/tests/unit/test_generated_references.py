"""The generated configuration and policy references are complete.

``tox -e genconfig`` and ``tox -e genpolicy`` run the two oslo generators
with the files under ``etc/nova/``; here the same commands run into a
temporary directory (through the installed entry points, as tox does), and
every option and rule of nova_rocky must come out with its help text.
"""

import os
import re
import subprocess
import sys

import fixtures
from oslo_config import cfg
from oslo_policy import policy as oslo_policy
import testtools

from nova_rocky.conf import opts as conf_opts
from nova_rocky.conf import service_user
from nova_rocky import policies

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..'))
BIN = os.path.dirname(sys.executable)


def _run_generator(program, generator_conf, output):
    command = [os.path.join(BIN, program), '--config-file',
               os.path.join(REPO, 'etc', 'nova', generator_conf),
               '--output-file', output]
    return subprocess.run(command, cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def _our_options():
    for group, options in conf_opts.list_opts():
        for option in options:
            yield str(group), option


class OptionHelpTest(testtools.TestCase):
    """Every option registered by nova_rocky documents itself."""

    def test_every_option_has_help(self):
        missing = ['[%s]%s' % (group, option.name)
                   for group, option in _our_options()
                   if not (option.help or '').strip()]
        self.assertEqual([], missing, 'options without help text')

    def test_help_is_a_sentence(self):
        # A generated sample is read by operators: a stub like "TODO" or
        # a one-word help is as good as none.
        # keystoneauth1's own options ("Auth URL", ...) are its to word.
        theirs = {opt.dest for opt in service_user.keystoneauth_opts()}
        short = ['[%s]%s' % (group, option.name)
                 for group, option in _our_options()
                 if len(option.help.split()) < 3 and
                 option.dest not in theirs]
        self.assertEqual([], short, 'options with a stub help text')

    def test_groups_are_unique_per_module(self):
        # conf/<group>.py owns its group: two modules adding the same
        # option name to one group would hide one of them.
        seen = {}
        duplicates = []
        for group, option in _our_options():
            key = (group, option.dest)
            if key in seen:
                duplicates.append('[%s]%s' % key)
            seen[key] = option
        self.assertEqual([], duplicates)


class PolicyDescriptionTest(testtools.TestCase):
    """Every rule default is documented, as the sample shows it."""

    def test_every_rule_is_documented(self):
        undocumented = [rule.name for rule in policies.list_rules()
                        if not (rule.description or '').strip()]
        self.assertEqual([], undocumented, 'rules without a description')

    def test_api_rules_name_their_operations(self):
        # Rules named after an API resource guard requests: the sample
        # lists the method and path of each. A base rule that only others
        # point at (upstream's os_compute_api:os-server-groups) guards
        # none itself.
        rules = policies.list_rules()
        referenced = {name for rule in rules
                      for name in re.findall(r'rule:([\w:.\-]+)',
                                             rule.check_str)}
        bare = [rule.name for rule in rules
                if rule.name.startswith('os_compute_api:') and
                rule.name not in referenced and not (
                    isinstance(rule, oslo_policy.DocumentedRuleDefault) and
                    rule.operations)]
        self.assertEqual([], bare, 'API rules without operations')

    def test_rule_names_are_unique(self):
        names = [rule.name for rule in policies.list_rules()]
        self.assertEqual(sorted(set(names)), sorted(names))


class GeneratorsTest(testtools.TestCase):
    """The tox genconfig / genpolicy commands produce the references."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def test_config_sample(self):
        output = os.path.join(self.tmp, 'nova.conf.sample')
        proc = _run_generator('oslo-config-generator',
                              'nova-config-generator.conf', output)
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertNotIn('Could not load', proc.stderr)
        with open(output) as handle:
            sample = handle.read()
        sections = set(re.findall(r'^\[(\S+)\]$', sample, re.M))
        rendered = set(re.findall(r'^#(\w+) =', sample, re.M))
        absent = ['[%s]%s' % (group, option.dest)
                  for group, option in _our_options()
                  if group not in sections or option.dest not in rendered]
        self.assertEqual([], absent, 'options missing from the sample')
        # Library options come along: oslo.db, oslo.messaging, auth_token.
        self.assertTrue({'database', 'oslo_messaging_rabbit',
                         'keystone_authtoken'} <= sections)

    def test_policy_sample(self):
        output = os.path.join(self.tmp, 'policy.yaml.sample')
        proc = _run_generator('oslopolicy-sample-generator',
                              'nova-policy-generator.conf', output)
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertNotIn('Could not load', proc.stderr)
        with open(output) as handle:
            sample = handle.read()
        for rule in policies.list_rules():
            self.assertIn('#"%s": "%s"' % (rule.name, rule.check_str),
                          sample)

    def test_sample_config_parses(self):
        # The rendered sample (everything commented out) is a valid
        # configuration file: an operator may start from it.
        output = os.path.join(self.tmp, 'nova.conf')
        proc = _run_generator('oslo-config-generator',
                              'nova-config-generator.conf', output)
        self.assertEqual(0, proc.returncode, proc.stderr)
        sections = {}
        cfg.ConfigParser(output, sections).parse()
        self.assertIn('DEFAULT', sections)
