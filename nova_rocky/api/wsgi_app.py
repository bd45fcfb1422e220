"""WSGI entry point of the compute API (``nova-api-wsgi``).

Any WSGI server can host it without command line arguments:

* ``init_application()`` - the pbr ``wsgi_scripts`` entry point (uwsgi,
  mod_wsgi): parses the config, sets up logging, loads api-paste.ini.
* ``application`` - the same, created on the first request, for
  ``gunicorn nova_rocky.api.wsgi_app:application``.
* ``build_app(conf)`` - for a process that has already parsed its config
  (nova-all, tests): no paste file, no config parsing.

Config files come from ``OS_NOVA_CONFIG_FILES`` (paths separated by ``:``
or ``,``), else ``nova.conf`` in ``OS_NOVA_CONFIG_DIR`` (default
``/etc/nova``) when it exists. ``sys.argv`` is never read: it belongs to
the WSGI server (upstream's module parsed it and broke under gunicorn).
"""

import os
import re
import sys
import threading

from oslo_config import cfg
from oslo_log import log as logging
from paste import deploy

from nova_rocky.api import wsgi
import nova_rocky.conf

LOG = logging.getLogger(__name__)
CONF = nova_rocky.conf.CONF

CONFIG_FILES_ENV = 'OS_NOVA_CONFIG_FILES'
CONFIG_DIR_ENV = 'OS_NOVA_CONFIG_DIR'
DEFAULT_CONFIG_DIR = '/etc/nova'
PASTE_APP_NAME = 'osapi_compute'
# The copy of api-paste.ini shipped in the source tree (and installed by
# pbr as a data file under <prefix>/etc/nova).
_PACKAGED_PASTE = [
    os.path.join(os.path.dirname(__file__), '..', '..', 'etc', 'nova',
                 'api-paste.ini'),
    os.path.join(sys.prefix, 'etc', 'nova', 'api-paste.ini'),
]

build_app = wsgi.build_app


def config_files(environ=None):
    """The config files named by the environment (may be empty)."""
    environ = os.environ if environ is None else environ
    listed = environ.get(CONFIG_FILES_ENV, '')
    if listed.strip():
        return [path for path in re.split('[:,]', listed) if path.strip()]
    nova_conf = os.path.join(
        environ.get(CONFIG_DIR_ENV, DEFAULT_CONFIG_DIR), 'nova.conf')
    return [nova_conf] if os.path.exists(nova_conf) else []


def find_paste_file(conf, files, environ=None):
    """Where api-paste.ini is: ``[api]api_paste_config`` or packaged."""
    environ = os.environ if environ is None else environ
    name = conf.api.api_paste_config
    if os.path.isabs(name):
        return name
    dirs = [os.path.dirname(os.path.abspath(f)) for f in files]
    dirs.append(environ.get(CONFIG_DIR_ENV, DEFAULT_CONFIG_DIR))
    for directory in dirs:
        candidate = os.path.join(directory, name)
        if os.path.exists(candidate):
            return candidate
    for candidate in _PACKAGED_PASTE:
        if os.path.exists(candidate):
            return os.path.abspath(candidate)
    raise RuntimeError('Cannot find %s next to %s nor a packaged copy'
                       % (name, dirs))


def parse_config(conf=CONF, environ=None):
    """Parse the environment's config files into ``conf``, set up logs."""
    files = config_files(environ)
    try:
        logging.register_options(conf)
    except cfg.ArgsAlreadyParsedError:
        pass  # a second call: the options are already there
    conf([], project='nova', default_config_files=files)
    logging.setup(conf, 'nova')
    return files


def init_services(conf=CONF):
    """What every API process needs besides its config: the object
    registry, the databases and the message transport."""
    from nova_rocky.db import api as db_api
    from nova_rocky import objects
    from nova_rocky import rpc
    objects.register_all()
    db_api.configure()
    db_api.install_default_sqlite_hooks()
    rpc.init(conf)


def init_application(name=PASTE_APP_NAME):
    """Parse config from the environment, set up the databases and RPC,
    and load the paste pipeline."""
    files = parse_config(CONF)
    init_services(CONF)
    paste_file = find_paste_file(CONF, files)
    LOG.info('Loading compute API %s from %s (config: %s)',
             name, paste_file, files or 'defaults')
    return deploy.loadapp('config:%s' % paste_file, name=name)


class _LazyApplication(object):
    """A WSGI app that runs :func:`init_application` on first use.

    Importing this module stays free of side effects.
    """

    def __init__(self):
        self._app = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = init_application()
        return self._app(environ, start_response)


application = _LazyApplication()


def main():
    """``nova-api-wsgi``: serve the API with a development server.

    Production hosting uses a real WSGI server on this module's
    ``application`` (``gunicorn nova_rocky.api.wsgi_app:application`` or
    ``uwsgi --module nova_rocky.api.wsgi_app:application``); this entry
    point exists so the same command as upstream's starts something for a
    quick check. It reads the same environment variables.
    """
    import argparse
    from wsgiref import simple_server

    parser = argparse.ArgumentParser(
        description='Development server for the compute API (use a WSGI '
                    'server such as uwsgi or gunicorn in production).')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8774)
    args = parser.parse_args()
    app = init_application()
    server = simple_server.make_server(args.host, args.port, app)
    LOG.warning('nova-api-wsgi is serving on http://%s:%d with a '
                'single-threaded development server; use uwsgi or '
                'gunicorn in production.', args.host, args.port)
    server.serve_forever()
