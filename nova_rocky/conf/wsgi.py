"""[wsgi] options of the API's HTTP hosting."""

from oslo_config import cfg

wsgi_group = cfg.OptGroup('wsgi', title='API hosting options')

wsgi_opts = [
    cfg.HostAddressOpt('listen_host', default='127.0.0.1',
                       help='Address the built-in HTTP server binds to '
                            '(nova-all and the deprecated nova-api).'),
    cfg.PortOpt('listen_port', default=8774,
                help='Port of the built-in HTTP server.'),
    cfg.IntOpt('server_threads', default=32, min=1,
               help='Request threads of the built-in HTTP server.'),
]


def register_opts(conf):
    conf.register_group(wsgi_group)
    conf.register_opts(wsgi_opts, group=wsgi_group)


def list_opts():
    return {wsgi_group: wsgi_opts}
