"""The unit files of etc/systemd/ are valid and shaped like devstack's.

``systemd-analyze verify`` checks each unit (with the virtualenv prefix
pointed at this test run's interpreter, so that every ExecStart program
exists); the shape checks are what an operator relies on.
"""

import configparser
import glob
import os
import shutil
import subprocess
import sys

import fixtures
import testtools

from nova_rocky.tests.fixtures import backends

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..'))
UNIT_DIR = os.path.join(REPO, 'etc', 'systemd')
#: The prefix the unit files name; the playbooks replace it.
VENV_PLACEHOLDER = '/opt/nova_rocky'
EXPECTED = {'n-api', 'n-cond', 'n-sch', 'n-cpu', 'placement-api'}


def _units():
    return sorted(glob.glob(os.path.join(UNIT_DIR, '*.service')))


def _parse(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


class SystemdUnitsTest(testtools.TestCase):

    def test_devstack_names(self):
        names = {os.path.basename(path)[len('devstack@'):-len('.service')]
                 for path in _units()}
        self.assertEqual(EXPECTED, names)

    def test_shape(self):
        for path in _units():
            unit = _parse(path)['Service']
            name = os.path.basename(path)
            self.assertEqual('on-failure', unit['Restart'], name)
            self.assertIn(unit['User'], ('nova', 'placement'), name)
            self.assertNotEqual('root', unit['User'], name)
            start = unit['ExecStart']
            self.assertTrue(start.startswith(VENV_PLACEHOLDER + '/bin/'),
                            name)
            # Configuration comes from /etc/nova (or /etc/placement),
            # through --config-file or the WSGI module's environment.
            config = start + ' ' + unit.get('Environment', '')
            self.assertRegex(config, r'/etc/(nova|placement)(/|\b)', name)
            if 'gunicorn' in start:
                self.assertIn('_CONFIG_DIR=/etc/', unit['Environment'])

    def test_systemd_analyze_verify(self):
        analyze = shutil.which('systemd-analyze')
        if analyze is None:
            backends.unavailable(self, 'systemd-analyze',
                                 'install the systemd package')
        tmp = self.useFixture(fixtures.TempDir()).path
        for path in _units():
            with open(path) as handle:
                text = handle.read()
            target = os.path.join(tmp, os.path.basename(path))
            with open(target, 'w') as handle:
                handle.write(text.replace(VENV_PLACEHOLDER, sys.prefix))
            proc = subprocess.run([analyze, 'verify', target],
                                  capture_output=True, text=True,
                                  timeout=120)
            # Warnings about other units of this (container) system are
            # not ours; anything naming the unit is.
            ours = [line for line in proc.stderr.splitlines()
                    if os.path.basename(path) in line]
            self.assertEqual(0, proc.returncode, proc.stderr)
            self.assertEqual([], ours)
