"""[database] (cell database) and [api_database] options.

[database] takes oslo.db's standard options. [api_database] carries the
same set for the API database.
"""

import copy

from oslo_config import cfg
from oslo_db import options as oslo_db_options

api_db_group = cfg.OptGroup(
    'api_database', title='API database options',
    help='The API database holds cell mappings, host and instance mappings, '
         'flavors, request specs, build requests, key pairs and server '
         'groups. Only nova-api, nova-conductor, nova-scheduler and the '
         'tools need it.')


def _api_db_opts():
    opts = []
    for opt in oslo_db_options.database_opts:
        new = copy.deepcopy(opt)
        # The API database is never configured through the legacy names.
        new.deprecated_opts = []
        opts.append(new)
    return opts


api_db_opts = _api_db_opts()


def register_opts(conf):
    oslo_db_options.set_defaults(conf)
    conf.register_group(api_db_group)
    conf.register_opts(api_db_opts, group=api_db_group)


def list_opts():
    return {'database': oslo_db_options.database_opts,
            api_db_group: api_db_opts}
