"""[conductor] options."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor options')

conductor_opts = [
    cfg.IntOpt(
        'workers', default=1, min=1,
        help='Conductor worker processes (the all-in-one mode always runs '
             'one in-process).'),
    cfg.IntOpt(
        'executor_threads', default=32, min=1,
        help='Threads of the conductor\'s RPC server; object indirection '
             'calls from computes are served by these.'),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group: conductor_opts}
