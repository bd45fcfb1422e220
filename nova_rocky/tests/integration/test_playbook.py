"""The ansible playbooks deploy a node on this machine, for real.

``playbooks/site.yml`` runs against localhost (``--connection=local``,
``nova_service_manager=background`` since systemd is not PID 1 here) with
uniquely named databases, database user, RabbitMQ user and vhost, free
ports and temporary directories; its smoke test boots and deletes a server
through the REST API. ``playbooks/teardown.yml`` then removes everything
the run created.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.parse
import uuid

import fixtures
import sqlalchemy as sa
import testtools

from nova_rocky.tests.fixtures import backends
from nova_rocky.tests.integration import harness

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..'))
PLAYBOOKS = os.path.join(REPO, 'playbooks')
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable),
                                'ansible-playbook')
# Installing, migrating four databases and starting five services on a
# loaded two-core machine.
RUN_TIMEOUT = 900


def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class PlaybookTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        if not os.path.exists(ANSIBLE_PLAYBOOK):
            backends.unavailable(self, 'ansible-playbook',
                                 'install ansible-core')
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.inventory = os.path.join(self.tmp, 'inventory.ini')
        with open(self.inventory, 'w') as handle:
            handle.write(
                '[controller]\nlocalhost\n[compute]\nlocalhost\n'
                '[all:vars]\nansible_connection=local\n'
                'ansible_python_interpreter=%s\n' % sys.executable)
        server = sa.engine.make_url(backends.mysql_server_url())
        rabbit = urllib.parse.urlsplit(backends.rabbit_url())
        name = 'nrpb_%s' % uuid.uuid4().hex[:8]
        self.name = name
        self.extra_vars = {
            'nova_source': REPO,
            'nova_source_editable': True,
            # The test's own virtualenv has every dependency: reinstall
            # only nova_rocky, without a build environment of its own.
            'nova_pip_extra_args': '--no-deps --no-build-isolation',
            'nova_venv': sys.prefix,
            'nova_service_manager': 'background',
            'nova_etc_dir': os.path.join(self.tmp, 'etc', 'nova'),
            'placement_etc_dir': os.path.join(self.tmp, 'etc', 'placement'),
            'nova_state_dir': os.path.join(self.tmp, 'state'),
            'nova_log_dir': os.path.join(self.tmp, 'log'),
            'db_host': server.host or '127.0.0.1',
            'db_port': server.port or 3306,
            'db_admin_user': server.username or 'root',
            'db_admin_password': server.password or '',
            'db_prefix': name,
            'nova_db_user': name,
            'rabbit_host': rabbit.hostname or '127.0.0.1',
            'rabbit_port': rabbit.port or 5672,
            'rabbit_user': name,
            'rabbit_vhost': name,
            'controller_address': '127.0.0.1',
            'nova_api_bind': '127.0.0.1',
            'nova_api_port': harness.free_port(),
            'placement_bind': '127.0.0.1',
            'placement_port': harness.free_port(),
            'service_start_timeout': 240,
            'smoke_timeout': 240,
        }

    def playbook(self, name, **overrides):
        extra = dict(self.extra_vars, **overrides)
        vars_file = os.path.join(self.tmp, 'vars-%s.json' % name)
        with open(vars_file, 'w') as handle:
            json.dump(extra, handle)
        env = dict(os.environ, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_PIPELINING='1',
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.tmp, 'ansible-local'),
                   ANSIBLE_REMOTE_TEMP=os.path.join(self.tmp, 'ansible-tmp'),
                   ANSIBLE_HOME=os.path.join(self.tmp, 'ansible-home'),
                   PATH=os.path.dirname(sys.executable) + os.pathsep +
                   os.environ.get('PATH', ''))
        return subprocess.run(
            [ANSIBLE_PLAYBOOK, '-i', self.inventory, '--connection=local',
             '-e', '@' + vars_file, os.path.join(PLAYBOOKS, name)],
            cwd=REPO, env=env, capture_output=True, text=True,
            timeout=RUN_TIMEOUT)

    def _logs(self):
        log_dir = self.extra_vars['nova_log_dir']
        if not os.path.isdir(log_dir):
            return ''
        tails = []
        for name in sorted(os.listdir(log_dir)):
            with open(os.path.join(log_dir, name)) as handle:
                tails.append('--- %s ---\n%s' % (
                    name, ''.join(handle.readlines()[-30:])))
        return '\n'.join(tails)

    def test_deploy_smoke_test_and_teardown(self):
        harness.require_services(self)
        if shutil.which('rabbitmqctl') is None:
            backends.unavailable(self, 'rabbitmqctl', 'not installed')
        torn_down = []
        self.addCleanup(lambda: torn_down or self.playbook('teardown.yml'))
        proc = self.playbook('site.yml')
        self.assertEqual(0, proc.returncode, proc.stdout[-6000:] +
                         proc.stderr[-2000:] + self._logs())
        self.assertIn('SMOKE TEST PASSED', proc.stdout)
        self.assertIn('Result: Success', proc.stdout)  # nova-status table
        state = self.extra_vars['nova_state_dir']
        pid_files = [name for name in os.listdir(state)
                     if name.endswith('.pid')]
        self.assertEqual(5, len(pid_files), pid_files)

        proc = self.playbook('teardown.yml')
        torn_down.append(True)
        self.assertEqual(0, proc.returncode, proc.stdout[-4000:])
        self.assertEqual([], [name for name in os.listdir(state)
                              if name.endswith('.pid')])
        with socket.socket() as sock:
            self.assertNotEqual(0, sock.connect_ex(
                ('127.0.0.1', self.extra_vars['nova_api_port'])))
        engine = sa.create_engine(backends.mysql_server_url())
        try:
            with engine.connect() as conn:
                left = conn.execute(sa.text(
                    "SHOW DATABASES LIKE '%s\\_%%'" % self.name)).all()
                users = conn.execute(sa.text(
                    'SELECT user FROM mysql.user WHERE user = :name'),
                    {'name': self.name}).all()
        finally:
            engine.dispose()
        self.assertEqual([], left)
        self.assertEqual([], users)

    def test_unreachable_database_fails_first(self):
        proc = self.playbook('site.yml', db_host='127.0.0.1',
                             db_port=_closed_port(), db_connect_timeout=2)
        self.assertNotEqual(0, proc.returncode)
        self.assertIn('Cannot reach the MariaDB server at 127.0.0.1:',
                      proc.stdout)
        # It stopped at the first task that needs the database.
        self.assertNotIn('Create the databases', proc.stdout)
        self.assertNotIn('Traceback', proc.stdout + proc.stderr)
