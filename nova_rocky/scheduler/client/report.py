"""SchedulerReportClient: the one placement client of every service.

Computes report their resource providers (inventory, traits, aggregates)
through ``update_from_provider_tree``; the scheduler asks for allocation
candidates and claims; the conductor and API delete allocations.

Transport: with ``[placement]direct_connection`` set, requests go to the
placement code loaded in this process (``direct.py``); otherwise to a
placement-api service through a keystoneauth1 Adapter built from the
``[placement]`` session, auth and adapter options. Either way the client
sees a keystoneauth Adapter, so the code below is the same.

Writes cost (~30 ms per provider write on SQLite), so the client caches
what it last read from or wrote to placement for each provider it manages
(generation, inventory, traits, aggregates) in a ``ProviderTree``
(``provider_sync.py``): a periodic update that changes nothing sends no
request at all. A write that meets a provider generation conflict (HTTP
409 ``placement.concurrent_update``) re-reads the provider and retries
once.

Every request carries an explicit microversion; ``get_client()`` returns
the process-wide, thread-safe instance.
"""

import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_log import log as logging

from nova_rocky import conf
from nova_rocky import exception
from nova_rocky.scheduler.client import common
from nova_rocky.scheduler.client import direct
from nova_rocky.scheduler.client import provider_sync

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Re-exported: callers pick the version of what they send.
CANDIDATES_VERSION = common.CANDIDATES_VERSION
CLAIM_VERSION = common.CLAIM_VERSION
DEFAULT_REFRESH_INTERVAL = provider_sync.DEFAULT_REFRESH_INTERVAL

_CLIENT = None
_CLIENT_LOCK = threading.Lock()


def get_client():
    """The process-wide SchedulerReportClient (created on first use)."""
    global _CLIENT
    if _CLIENT is None:
        with _CLIENT_LOCK:
            if _CLIENT is None:
                _CLIENT = SchedulerReportClient()
    return _CLIENT


def reset_client():
    """Forget the process-wide client (tests; after config changes)."""
    global _CLIENT
    with _CLIENT_LOCK:
        _CLIENT = None


def _build_adapter():
    if CONF.placement.direct_connection:
        return direct.get_adapter(CONF.placement.direct_connection)
    auth = ks_loading.load_auth_from_conf_options(CONF, 'placement')
    session = ks_loading.load_session_from_conf_options(
        CONF, 'placement', auth=auth)
    kwargs = {'raise_exc': False}
    if not CONF.placement.service_type:
        kwargs['service_type'] = 'placement'
    if not CONF.placement.valid_interfaces:
        kwargs['interface'] = ['internal', 'public']
    return ks_loading.load_adapter_from_conf_options(
        CONF, 'placement', session=session, auth=auth, **kwargs)


class SchedulerReportClient(object):
    """Client of the placement API for computes, scheduler and conductor.

    ``adapter`` (a keystoneauth1 Adapter) is built from configuration on
    first use when not given. Provider-changing methods hold one lock: the
    cache and placement must change together, and SQLite serialises the
    writes anyway.
    """

    def __init__(self, adapter=None,
                 refresh_interval=DEFAULT_REFRESH_INTERVAL):
        self._adapter = adapter
        self._adapter_lock = threading.Lock()
        self._providers = provider_sync.ProviderSync(self, refresh_interval)

    # -- plumbing ---------------------------------------------------------

    @property
    def adapter(self):
        if self._adapter is None:
            with self._adapter_lock:
                if self._adapter is None:
                    self._adapter = _build_adapter()
        return self._adapter

    def _request(self, context, method, url, version, body=None):
        kwargs = {'microversion': version}
        if body is not None:
            kwargs['json'] = body
        if context is not None and getattr(context, 'global_id', None):
            kwargs['global_request_id'] = context.global_id
        try:
            return self.adapter.request(url, method, **kwargs)
        except direct.PlacementDirectError as exc:
            raise exception.PlacementAPIConnectFailure(
                reason='in-process placement: %s' % exc)
        except ks_exc.EndpointNotFound as exc:
            raise exception.PlacementAPIConnectFailure(
                reason='no placement endpoint in the service catalog (%s); '
                       'check the [placement] options' % exc)
        except ks_exc.ClientException as exc:
            # Connection refused, timeout, SSL, auth or discovery failure:
            # callers see one nova_rocky exception, never keystoneauth's.
            raise exception.PlacementAPIConnectFailure(
                reason='%s %s failed: %s (%s)' % (
                    method, url, exc, type(exc).__name__))

    def get(self, context, url, version):
        return self._request(context, 'GET', url, version)

    def put(self, context, url, body, version):
        return self._request(context, 'PUT', url, version, body)

    def post(self, context, url, body, version):
        return self._request(context, 'POST', url, version, body)

    def delete(self, context, url, version):
        return self._request(context, 'DELETE', url, version)

    def _fail(self, resp, method, url):
        raise exception.PlacementAPIError(
            status=resp.status_code, method=method, url=url,
            error=common.error_text(resp))

    # -- provider reads (not cached) --------------------------------------

    def _get_provider(self, context, uuid):
        resp = self.get(context, '/resource_providers/%s' % uuid,
                        common.PROVIDER_VERSION)
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            self._fail(resp, 'GET', '/resource_providers/%s' % uuid)
        return resp.json()

    def get_provider_part(self, context, uuid, part, version):
        url = '/resource_providers/%s/%s' % (uuid, part)
        resp = self.get(context, url, version)
        if resp.status_code != 200:
            self._fail(resp, 'GET', url)
        return resp.json()

    def get_provider_inventory(self, context, rp_uuid):
        """The provider's inventory as placement holds it: {rc: record}."""
        return self.get_provider_part(context, rp_uuid, 'inventories',
                                      common.INVENTORY_VERSION)['inventories']

    def get_provider_traits(self, context, rp_uuid):
        """The provider's traits as placement holds them (a set)."""
        return set(self.get_provider_part(context, rp_uuid, 'traits',
                                          common.TRAIT_VERSION)['traits'])

    def get_provider_aggregates(self, context, rp_uuid):
        """The provider's aggregate uuids as placement holds them (a set)."""
        data = self.get_provider_part(context, rp_uuid, 'aggregates',
                                      common.AGGREGATE_VERSION)
        return set(data['aggregates'])

    def get_providers_in_tree(self, context, rp_uuid):
        """Every provider of the tree ``rp_uuid`` belongs to (dicts)."""
        resp = self.get(context, '/resource_providers?in_tree=%s' % rp_uuid,
                        common.TREE_VERSION)
        if resp.status_code != 200:
            self._fail(resp, 'GET', '/resource_providers?in_tree')
        return resp.json()['resource_providers']

    # -- providers (compute side, cached: see provider_sync) --------------

    def ensure_resource_provider(self, context, uuid, name,
                                 parent_provider_uuid=None):
        """Make sure placement has the provider; return its uuid.

        A provider already cached (and fresh) costs no request; one
        placement has is read into the cache (4 GETs); a new one is created
        (1 POST) with empty inventory, traits and aggregates.
        """
        return self._providers.ensure_resource_provider(
            context, uuid, name, parent_provider_uuid)

    def set_inventory_and_traits(self, context, rp_uuid, name, inventory,
                                 traits, aggregates=None):
        """Make one root provider hold exactly ``inventory`` and ``traits``
        (and ``aggregates`` unless None); unchanged values cost nothing."""
        self._providers.set_inventory_and_traits(
            context, rp_uuid, name, inventory, traits, aggregates)

    def update_from_provider_tree(self, context, new_tree):
        """Make placement match a compute's ProviderTree (the compute's
        entry point): see ProviderSync.update_from_provider_tree."""
        self._providers.update_from_provider_tree(context, new_tree)

    def delete_resource_provider(self, context, rp_uuid, cascade=True):
        """Delete a provider and its descendants; with ``cascade`` their
        allocations first (only their share of each consumer's)."""
        self._providers.delete_resource_provider(context, rp_uuid, cascade)

    def cached_traits_and_aggregates(self, uuid):
        """(traits, aggregates) of the cached provider, (None, None) if
        it is not cached."""
        return self._providers.cached_traits_and_aggregates(uuid)

    def invalidate_resource_provider(self, uuid):
        """Forget what the cache knows of a provider and its children."""
        self._providers.invalidate_resource_provider(uuid)

    def clear_provider_cache(self):
        """Forget every cached provider (re-read on next use)."""
        self._providers.clear_provider_cache()

    # -- scheduling and allocations ----------------------------------------

    def get_allocation_candidates(self, context, resource_request):
        """GET /allocation_candidates for a scheduler ResourceRequest.

        Returns (allocation_requests, provider_summaries, version), or
        (None, None, None) when placement rejects the request (logged).
        """
        qs = resource_request.to_querystring()
        url = '/allocation_candidates?%s' % qs
        resp = self.get(context, url, common.CANDIDATES_VERSION)
        if resp.status_code == 200:
            data = resp.json()
            return (data['allocation_requests'], data['provider_summaries'],
                    common.CANDIDATES_VERSION)
        LOG.error('Placement refused allocation candidates %s: %s %s',
                  url, resp.status_code, common.error_text(resp))
        return None, None, None

    def _put_allocations(self, context, consumer_uuid, body, version):
        return self.put(context, '/allocations/%s' % consumer_uuid, body,
                        version)

    def claim_resources(self, context, consumer_uuid, alloc_request,
                        project_id, user_id, allocation_request_version=None,
                        consumer_generation=None):
        """Claim ``alloc_request`` (from allocation candidates) for a consumer.

        Returns True when placement took the allocations, False when it
        refused them (resources gone in a race: the caller tries another
        host). A consumer generation conflict raises AllocationUpdateFailed.
        """
        body = {'allocations': alloc_request['allocations'],
                'project_id': project_id, 'user_id': user_id,
                'consumer_generation': consumer_generation}
        if alloc_request.get('mappings'):
            body['mappings'] = alloc_request['mappings']
        resp = self._put_allocations(context, consumer_uuid, body,
                                     common.CLAIM_VERSION)
        if resp.status_code == 204:
            return True
        text = common.error_text(resp)
        if (resp.status_code == 409 and
                common.error_code(resp) == common.CONCURRENT_UPDATE and
                'consumer generation' in text.lower()):
            raise exception.AllocationUpdateFailed(
                consumer_uuid=consumer_uuid, error=text)
        LOG.warning('Unable to claim resources for consumer %s: %s %s',
                    consumer_uuid, resp.status_code, text)
        return False

    def delete_allocation_for_instance(self, context, uuid):
        """Delete every allocation of consumer ``uuid``.

        Returns True if some were deleted, False if there were none.
        """
        url = '/allocations/%s' % uuid
        resp = self.delete(context, url, common.CONSUMER_VERSION)
        if resp.status_code == 204:
            return True
        if resp.status_code == 404:
            LOG.debug('No allocations to delete for consumer %s', uuid)
            return False
        raise exception.AllocationDeleteFailed(consumer_uuid=uuid,
                                               error=common.error_text(resp))

    def get_allocs_for_consumer(self, context, consumer):
        """The consumer's allocations body: allocations, consumer_generation,
        project_id, user_id (generation None: no allocations)."""
        url = '/allocations/%s' % consumer
        resp = self.get(context, url, common.CONSUMER_VERSION)
        if resp.status_code != 200:
            self._fail(resp, 'GET', url)
        return resp.json()

    def get_allocations_for_consumer(self, context, consumer):
        """{rp_uuid: {'resources': {rc: amount}, 'generation': n}}."""
        return self.get_allocs_for_consumer(context, consumer)['allocations']

    def get_allocations_for_resource_provider(self, context, rp_uuid):
        """{consumer_uuid: {'resources': {rc: amount}}} on the provider."""
        url = '/resource_providers/%s/allocations' % rp_uuid
        resp = self.get(context, url, common.CONSUMER_VERSION)
        if resp.status_code == 404:
            return {}
        if resp.status_code != 200:
            self._fail(resp, 'GET', url)
        return resp.json()['allocations']

    def get_usages_for_resource_provider(self, context, rp_uuid):
        """{rc: used} on the provider."""
        return self.get_provider_part(context, rp_uuid, 'usages',
                                      common.INVENTORY_VERSION)['usages']

    def move_allocations(self, context, source_consumer, target_consumer):
        """Move every allocation of ``source_consumer`` to
        ``target_consumer`` (which must have none) in one atomic
        ``POST /allocations``. Returns False when the source has none.

        An evacuation parks the instance's source allocations on its
        migration record this way, so the instance can claim the
        destination as a consumer of its own.
        """
        source = self.get_allocs_for_consumer(context, source_consumer)
        if not source.get('allocations'):
            return False
        target = self.get_allocs_for_consumer(context, target_consumer)
        body = {
            target_consumer: {
                'allocations': {rp: {'resources': alloc['resources']}
                                for rp, alloc in
                                source['allocations'].items()},
                'project_id': source['project_id'],
                'user_id': source['user_id'],
                'consumer_generation': target.get('consumer_generation')},
            source_consumer: {
                'allocations': {},
                'project_id': source['project_id'],
                'user_id': source['user_id'],
                'consumer_generation': source.get('consumer_generation')},
        }
        resp = self.post(context, '/allocations', body,
                         common.CONSUMER_VERSION)
        if resp.status_code != 204:
            raise exception.AllocationMoveFailed(
                source_consumer=source_consumer,
                target_consumer=target_consumer,
                error=common.error_text(resp))
        return True
