"""The Keystone child process of nova-all.

``python -m nova_rocky.allinone.identity.child --state-dir DIR --base-url
URL`` prepares Keystone in ``DIR/keystone`` and serves keystone's own WSGI
application (the one ``keystone-wsgi-public`` serves) with cheroot on a
free local port, which it reports as one ``LISTENING <port>`` line on
stdout once it can answer. Everything else goes to ``keystone.log``.

Each start does what an operator runs by hand once, in one process so the
imports are paid once: ``keystone-manage db_sync``, ``fernet_setup``,
``credential_setup`` and ``bootstrap`` (all safe to repeat), then the
catalog and the service user (:mod:`.catalog`). The child exits when
nova-all (its parent) goes away or sends SIGTERM.
"""

import argparse
import os
import signal
import sys
import threading

from nova_rocky.allinone.identity import layout as identity_layout

SERVER_THREADS = 8


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='nova-all-keystone')
    parser.add_argument('--state-dir', required=True)
    parser.add_argument('--base-url', required=True,
                        help='nova-all\'s public base URL')
    parser.add_argument('--host', default='127.0.0.1')
    return parser.parse_args(argv)


def configure(layout):
    import keystone.server
    # keystone parses sys.argv; it must see none of ours.
    sys.argv = sys.argv[:1]
    keystone.server.configure(config_files=[layout.config_file])


def sync_schema_and_keys():
    """db_sync, fernet_setup and credential_setup."""
    from keystone.common import fernet_utils
    from keystone.common.sql import upgrades
    import keystone.conf
    from keystone.credential.providers.fernet.core import MAX_ACTIVE_KEYS

    conf = keystone.conf.CONF
    upgrades.offline_sync_database_to_version()
    repositories = (
        (conf.fernet_tokens.key_repository,
         conf.fernet_tokens.max_active_keys, 'fernet_tokens'),
        (conf.credential.key_repository, MAX_ACTIVE_KEYS,
         'credential'),
    )
    for path, max_keys, group in repositories:
        keys = fernet_utils.FernetUtils(path, max_keys, group)
        keys.create_key_directory()
        if keys.validate_key_repository(requires_write=True):
            keys.initialize_key_repository()


def bootstrap(layout, base_url):
    """keystone-manage bootstrap, then the rest of the catalog."""
    from keystone.cmd import bootstrap as keystone_bootstrap

    from nova_rocky.allinone.identity import catalog

    identity_url = base_url + '/identity'
    boot = keystone_bootstrap.Bootstrapper()  # loads keystone's backends
    boot.admin_username = identity_layout.ADMIN_USER
    boot.admin_password = layout.admin_password
    boot.project_name = identity_layout.ADMIN_PROJECT
    boot.admin_role_name = 'admin'
    boot.service_name = 'keystone'
    boot.region_id = identity_layout.REGION
    boot.public_url = boot.internal_url = boot.admin_url = identity_url
    boot.immutable_roles = True
    boot.bootstrap()
    catalog.register_catalog(base_url)
    catalog.ensure_service_user(boot.default_domain_id,
                                layout.service_password)


def build_application():
    from keystone.server.flask import application
    from keystone.server.flask import core
    return core.setup_app_middleware(application.application_factory(
        'public'))


def _exit_with_parent(stop):
    parent = os.getppid()
    while not stop.wait(1):
        if os.getppid() != parent:
            stop.set()


def serve(app, host):
    from cheroot import wsgi as cheroot_wsgi

    server = cheroot_wsgi.Server((host, 0), app, numthreads=SERVER_THREADS,
                                 server_name='nova-all-keystone')
    server.prepare()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    threading.Thread(target=server.serve, daemon=True).start()
    threading.Thread(target=_exit_with_parent, args=(stop,),
                     daemon=True).start()
    sys.stdout.write('LISTENING %d\n' % server.bind_addr[1])
    sys.stdout.flush()
    while not stop.wait(1):
        pass
    server.stop()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    layout = identity_layout.KeystoneLayout(args.state_dir)
    base_url = args.base_url.rstrip('/')
    layout.write_config(base_url + '/identity')
    configure(layout)
    sync_schema_and_keys()
    bootstrap(layout, base_url)
    serve(build_application(), args.host)
    return 0


if __name__ == '__main__':
    sys.exit(main())
