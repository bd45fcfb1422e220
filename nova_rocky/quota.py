"""Project limits and usage for GET /limits, and the key pair quota.

Limits are the ``[quota]`` options (-1: unlimited); there are no
per-project overrides yet. Usage is counted when asked, never reserved:
servers, cores and RAM come from ``nova_rocky.compute.quotas.usage``
(every cell plus build requests, the same count the boot check uses);
server groups are counted in the API database. The boot-time checks of
servers and metadata live in ``nova_rocky.compute.quotas``.
"""

import sqlalchemy as sa

from nova_rocky.compute import quotas as compute_quotas
import nova_rocky.conf
from nova_rocky.db import api as db_api
from nova_rocky.db.models import api as api_models
from nova_rocky import exception
from nova_rocky.objects import keypair as keypair_obj

CONF = nova_rocky.conf.CONF

# Every [quota] option GET /limits reports, in upstream's names.
LIMITED_RESOURCES = (
    'instances', 'cores', 'ram', 'key_pairs', 'metadata_items',
    'injected_files', 'injected_file_content_bytes', 'server_groups',
    'server_group_members', 'floating_ips', 'security_groups',
    'security_group_rules')


def get_limits():
    """``{resource: limit}`` of every reported resource."""
    return {name: getattr(CONF.quota, name) for name in LIMITED_RESOURCES}


@db_api.api_reader
def _count_server_groups(context, project_id):
    return context.session.query(sa.func.count(
        api_models.InstanceGroup.id)).filter_by(
            project_id=project_id).scalar()


def count_usage(context, project_id):
    """``{resource: in_use}`` of the project.

    Floating IPs and security groups belonged to nova-network, which is
    gone: they are always 0, as upstream reports them with Neutron.
    """
    used = dict(compute_quotas.usage(context, project_id))
    used['server_groups'] = _count_server_groups(context, project_id)
    used['floating_ips'] = 0
    used['security_groups'] = 0
    return used


def check_key_pairs(context, user_id):
    """Refuse one more key pair for ``user_id`` over ``[quota]key_pairs``.

    :raises QuotaError: (403) the user already has the maximum.
    """
    allowed = CONF.quota.key_pairs
    if allowed < 0:
        return
    if keypair_obj.KeyPairList.get_count_by_user(context, user_id) + 1 > \
            allowed:
        raise exception.QuotaError(
            message='Quota exceeded, too many key pairs.')
