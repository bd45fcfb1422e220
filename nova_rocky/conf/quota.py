"""[quota] options: per-project limits the compute API enforces.

A limit of -1 means unlimited. The API counts what a project already uses
(servers in every cell plus those still scheduling) and refuses a boot
that would go over a limit with a 403, as upstream does.
"""

from oslo_config import cfg

quota_group = cfg.OptGroup(
    'quota', title='Quota options',
    help='Default per-project limits on compute resources.')

quota_opts = [
    cfg.IntOpt(
        'instances', default=10, min=-1,
        help='Number of servers a project may have (-1: unlimited).'),
    cfg.IntOpt(
        'cores', default=20, min=-1,
        help='Number of vCPUs the servers of a project may use in total '
             '(-1: unlimited).'),
    cfg.IntOpt(
        'ram', default=50 * 1024, min=-1,
        help='Megabytes of RAM the servers of a project may use in total '
             '(-1: unlimited).'),
    cfg.IntOpt(
        'key_pairs', default=100, min=-1,
        help='Number of key pairs a user may have (-1: unlimited).'),
    cfg.IntOpt(
        'metadata_items', default=128, min=-1,
        help='Number of metadata items a server may carry (-1: unlimited).'),
    cfg.IntOpt(
        'injected_files', default=5, min=-1,
        help='Number of personality files a server may be given at boot '
             '(API before 2.57; -1: unlimited).'),
    cfg.IntOpt(
        'injected_file_content_bytes', default=10 * 1024, min=-1,
        help='Bytes of content of one personality file (-1: unlimited).'),
    cfg.IntOpt(
        'injected_file_path_length', default=255, min=-1,
        help='Characters of the path of one personality file.'),
    cfg.IntOpt(
        'server_groups', default=10, min=-1,
        help='Number of server groups a project may have (-1: unlimited).'),
    cfg.IntOpt(
        'server_group_members', default=10, min=-1,
        help='Number of servers one server group may hold (-1: '
             'unlimited).'),
    cfg.IntOpt(
        'floating_ips', default=10, min=-1, deprecated_for_removal=True,
        deprecated_reason='nova-network quotas; only shown by GET /limits '
                          'before microversion 2.36.',
        help='Floating IPs a project may allocate (shown only).'),
    cfg.IntOpt(
        'security_groups', default=10, min=-1, deprecated_for_removal=True,
        deprecated_reason='nova-network quotas; only shown by GET /limits '
                          'before microversion 2.36.',
        help='Security groups per project (shown only).'),
    cfg.IntOpt(
        'security_group_rules', default=20, min=-1,
        deprecated_for_removal=True,
        deprecated_reason='nova-network quotas; only shown by GET /limits '
                          'before microversion 2.36.',
        help='Rules per security group (shown only).'),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group: quota_opts}
