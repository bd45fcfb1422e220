"""Aggregate membership and traits of providers, changed from outside.

The compute API mirrors host aggregates in placement: it adds and removes
aggregate uuids and aggregate-required traits on the providers of member
hosts. These writes are read-modify-write against placement itself, not
the report client's cache (which belongs to the computes): each reads the
provider part with its generation, changes only what it was asked to and
PUTs it back, retrying on a generation conflict. The cached view of the
provider (shared with computes in the all-in-one process) is dropped
afterwards so it is re-read.

A compute keeps what others set: its resource tracker starts each update
from the cached traits and aggregates of its provider, so it only adds or
removes its driver's own traits.
"""

from oslo_log import log as logging

from nova_rocky import exception
from nova_rocky.scheduler.client import common

LOG = logging.getLogger(__name__)
ATTEMPTS = 4


def _change(client, context, rp_uuid, part, version, key, add, remove):
    add, remove = set(add), set(remove)
    url = '/resource_providers/%s/%s' % (rp_uuid, part)
    for _attempt in range(ATTEMPTS):
        current = client.get_provider_part(context, rp_uuid, part, version)
        values = set(current[key])
        wanted = (values | add) - remove
        if wanted == values:
            return False
        body = {key: sorted(wanted), 'resource_provider_generation':
                current['resource_provider_generation']}
        resp = client.put(context, url, body, version)
        if resp.status_code == 200:
            client.invalidate_resource_provider(rp_uuid)
            return True
        if resp.status_code != 409 or common.error_code(resp) != \
                common.CONCURRENT_UPDATE:
            raise exception.ResourceProviderUpdateFailed(
                uuid=rp_uuid, url=url, error=common.error_text(resp))
        LOG.debug('Generation conflict on %s; reading it again', url)
    raise exception.ResourceProviderUpdateConflict(
        uuid=rp_uuid, url=url, error='too many concurrent updates')


def change_aggregates(client, context, rp_uuid, add=(), remove=()):
    """Add / remove aggregate uuids of a provider; True if it changed."""
    return _change(client, context, rp_uuid, 'aggregates',
                   common.AGGREGATE_VERSION, 'aggregates', add, remove)


def change_traits(client, context, rp_uuid, add=(), remove=()):
    """Add / remove traits of a provider (creating CUSTOM_ ones)."""
    for name in sorted(add):
        if name.startswith('CUSTOM_'):
            resp = client.put(context, '/traits/%s' % name, None,
                              common.TRAIT_VERSION)
            if resp.status_code not in (201, 204):
                raise exception.TraitCreationFailed(
                    name=name, error=common.error_text(resp))
    return _change(client, context, rp_uuid, 'traits', common.TRAIT_VERSION,
                   'traits', add, remove)
