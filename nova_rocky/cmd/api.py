"""nova-api: the compute API on eventlet's WSGI server. DEPRECATED.

Run the API under a WSGI server instead: ``nova-api-wsgi`` (uwsgi,
mod_wsgi) or ``gunicorn nova_rocky.api.wsgi_app:application``. This host
stays one release for existing deployments and will then be removed.

It is the only program that imports eventlet, and only inside ``main()``
(``nova_rocky.allow_eventlet()`` first lifts the package's import block).
Nothing is monkey-patched: the database and RPC code use native threads,
so a blocking call holds up the other requests of this process -- one
more reason to move to a real WSGI server.
"""

import signal
import sys

from oslo_config import cfg
from oslo_log import log as logging

import nova_rocky
from nova_rocky.cmd import common
from nova_rocky import conf

CONF = conf.CONF
LOG = logging.getLogger(__name__)
BINARY = 'nova-api'


class _Stop(SystemExit):
    """Raised in the main thread by SIGTERM to leave the server loop.

    A SystemExit: eventlet's hub, which is usually the code running when
    the signal arrives, passes only SystemExit and KeyboardInterrupt on
    and swallows anything else (the server then kept running).
    """


def _on_sigterm(signum, frame):
    raise _Stop()


def load_app():
    """The API pipeline from api-paste.ini, as nova-api-wsgi loads it."""
    from paste import deploy

    from nova_rocky.api import wsgi_app
    paste_file = wsgi_app.find_paste_file(CONF, CONF.config_file or [])
    return deploy.loadapp('config:%s' % paste_file,
                          name=wsgi_app.PASTE_APP_NAME)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        common.parse_args(argv, prog=BINARY)
    except cfg.Error as exc:
        sys.stderr.write('%s: %s\n' % (BINARY, exc))
        return 1
    LOG.warning('%s (the eventlet API host) is deprecated and will be '
                'removed in the next release. Serve the API with a WSGI '
                'server: nova-api-wsgi under uwsgi or mod_wsgi, or gunicorn '
                'nova_rocky.api.wsgi_app:application.', BINARY)
    common.check_reachable(BINARY)
    try:
        common.setup(database=True)
        app = load_app()
    except Exception as exc:
        LOG.error('%s cannot start: %s', BINARY, exc)
        LOG.debug('%s set-up failure', BINARY, exc_info=True)
        return 1
    nova_rocky.allow_eventlet()
    import eventlet
    import eventlet.wsgi
    host, port = CONF.wsgi.listen_host, CONF.wsgi.listen_port
    sock = eventlet.listen((host, port))
    LOG.info('%s listening on %s:%s', BINARY, host, port)
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        eventlet.wsgi.server(sock, app, max_size=CONF.wsgi.server_threads)
    except (KeyboardInterrupt, _Stop):
        pass
    LOG.info('%s stopped', BINARY)
    return 0


if __name__ == '__main__':
    sys.exit(main())
