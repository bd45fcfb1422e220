"""The compute side of the placement client: providers kept in sync.

``ProviderSync`` keeps, for every provider this process manages, what it
last read from or wrote to placement (generation, inventory, traits,
aggregates) in a ``ProviderTree``, and writes only what differs: a
periodic update that changes nothing sends no request at all. A write that
meets a provider generation conflict (409 ``placement.concurrent_update``)
re-reads the provider and retries once. Cached data older than
``refresh_interval`` is re-read before it is trusted, so changes made
behind the client's back (an operator's reserved value, a provider deleted
by a tool) are noticed.

It sends its requests through the ``SchedulerReportClient`` that owns it.
All its public methods hold one lock: the cache and placement must change
together, and SQLite serialises the writes anyway.
"""

import threading
import time

from oslo_log import log as logging

from nova_rocky.compute import provider_tree
from nova_rocky import exception
from nova_rocky.scheduler.client import common

LOG = logging.getLogger(__name__)

DEFAULT_REFRESH_INTERVAL = 300


class ProviderSync(object):
    """Cached provider state and the writes that keep placement equal."""

    def __init__(self, client, refresh_interval=DEFAULT_REFRESH_INTERVAL):
        self.client = client
        self.refresh_interval = refresh_interval
        self._lock = threading.RLock()
        self._cache = provider_tree.ProviderTree()
        self._refreshed_at = {}
        self._known_traits = set()

    def _refresh(self, context, uuid):
        """Re-read inventory, traits and aggregates of a cached provider."""
        get = self.client.get_provider_part
        inv = get(context, uuid, 'inventories', common.INVENTORY_VERSION)
        self._cache.update_inventory(uuid, inv['inventories'],
                                     inv['resource_provider_generation'])
        traits = get(context, uuid, 'traits', common.TRAIT_VERSION)
        self._cache.update_traits(uuid, traits['traits'],
                                  traits['resource_provider_generation'])
        self._known_traits.update(traits['traits'])
        aggs = get(context, uuid, 'aggregates', common.AGGREGATE_VERSION)
        self._cache.update_aggregates(uuid, aggs['aggregates'],
                                      aggs['resource_provider_generation'])
        self._refreshed_at[uuid] = time.monotonic()

    def _is_stale(self, uuid):
        age = time.monotonic() - self._refreshed_at.get(uuid, 0)
        return age > self.refresh_interval

    def cached_traits_and_aggregates(self, uuid):
        """(traits, aggregates) as last read or written, or (None, None)."""
        with self._lock:
            if not self._cache.exists(uuid):
                return None, None
            data = self._cache.data(uuid)
            return set(data.traits), set(data.aggregates)

    def invalidate_resource_provider(self, uuid):
        """Forget what the cache knows of a provider (and its children)."""
        with self._lock:
            if self._cache.exists(uuid):
                for child in self._cache.get_provider_uuids(uuid):
                    self._refreshed_at.pop(child, None)
                self._cache.remove(uuid)

    def clear_provider_cache(self):
        """Forget every cached provider (re-read on next use)."""
        with self._lock:
            self._cache = provider_tree.ProviderTree()
            self._refreshed_at.clear()
            self._known_traits.clear()

    def _cache_add(self, uuid, name, parent_uuid, generation):
        if self._cache.exists(name) and not self._cache.exists(uuid):
            # Renamed or replaced provider: forget the stale entry.
            self._cache.remove(name)
        if parent_uuid and self._cache.exists(parent_uuid):
            self._cache.new_child(name, parent_uuid, uuid=uuid,
                                  generation=generation)
        else:
            self._cache.new_root(name, uuid, generation=generation)

    def ensure_resource_provider(self, context, uuid, name,
                                 parent_provider_uuid=None):
        """Make sure placement has the provider; return its uuid.

        A provider already cached (and fresh) costs no request. A provider
        placement already has is read into the cache (4 GETs); a new one is
        created (1 POST) with empty inventory, traits and aggregates.
        """
        with self._lock:
            if self._cache.exists(uuid):
                if not self._is_stale(uuid):
                    return uuid
                found = self.client._get_provider(context, uuid)
                if found is not None:
                    self._cache.update_generation(uuid, found['generation'])
                    self._refresh(context, uuid)
                    return uuid
                self.invalidate_resource_provider(uuid)
            else:
                found = self.client._get_provider(context, uuid)
            if found is None:
                found = self._create_provider(context, uuid, name,
                                              parent_provider_uuid)
                self._cache_add(uuid, name, parent_provider_uuid,
                                found['generation'])
                self._refreshed_at[uuid] = time.monotonic()
                return uuid
            self._cache_add(uuid, found['name'],
                            found.get('parent_provider_uuid'),
                            found['generation'])
            self._refresh(context, uuid)
            return uuid

    def _create_provider(self, context, uuid, name, parent_uuid):
        body = {'uuid': uuid, 'name': name}
        if parent_uuid:
            body['parent_provider_uuid'] = parent_uuid
        resp = self.client.post(context, '/resource_providers', body,
                                common.PROVIDER_VERSION)
        if resp.status_code == 200:
            LOG.info('Created resource provider %s (%s)', name, uuid)
            return resp.json()
        if resp.status_code == 409:
            # Someone else created it in between: use theirs.
            found = self.client._get_provider(context, uuid)
            if found is not None:
                return found
        raise exception.ResourceProviderCreationFailed(
            name=name, error=common.error_text(resp))

    # -- provider writes ----------------------------------------------------

    def _put_generation(self, context, uuid, part, version, build, current,
                        desired, store, equal):
        """PUT one part of a provider, retrying once on a generation race.

        ``build(generation)`` makes the body, ``current()`` reads the cached
        value, ``store(value, generation)`` records a new one, ``equal``
        compares. Returns True when a write was made.
        """
        url = '/resource_providers/%s/%s' % (uuid, part)
        for attempt in (1, 2):
            if equal(current(), desired):
                return False
            generation = self._cache.data(uuid).generation
            resp = self.client.put(context, url, build(generation), version)
            if resp.status_code == 200:
                data = resp.json()
                store(desired, data['resource_provider_generation'])
                return True
            code = common.error_code(resp)
            if resp.status_code == 409 and code == common.INVENTORY_IN_USE:
                raise exception.InventoryInUse(uuid=uuid,
                                               error=common.error_text(resp))
            if resp.status_code == 404:
                # Deleted behind our back: drop it so the next update
                # creates it again.
                self.invalidate_resource_provider(uuid)
            if resp.status_code != 409 or code != common.CONCURRENT_UPDATE:
                raise exception.ResourceProviderUpdateFailed(
                    uuid=uuid, url=url, error=common.error_text(resp))
            LOG.info('Generation conflict on %s; re-reading it', url)
            self._refresh(context, uuid)
        raise exception.ResourceProviderUpdateConflict(
            uuid=uuid, url=url, error=common.error_text(resp))

    def _set_inventory(self, context, uuid, inventory):
        tree = self._cache
        return self._put_generation(
            context, uuid, 'inventories', common.INVENTORY_VERSION,
            lambda gen: {'resource_provider_generation': gen,
                         'inventories': inventory},
            lambda: tree.data(uuid).inventory, inventory,
            lambda value, gen: tree.update_inventory(uuid, value, gen),
            lambda old, new: not tree.has_inventory_changed(uuid, new))

    def _ensure_traits_exist(self, context, traits):
        for name in sorted(set(traits) - self._known_traits):
            if not name.startswith('CUSTOM_'):
                # Standard traits exist in every placement (os-traits).
                continue
            resp = self.client.put(context, '/traits/%s' % name, None,
                                   common.TRAIT_VERSION)
            if resp.status_code not in (201, 204):
                raise exception.TraitCreationFailed(
                    name=name, error=common.error_text(resp))
            self._known_traits.add(name)

    def _set_traits(self, context, uuid, traits):
        traits = set(traits)
        if traits != self._cache.data(uuid).traits:
            self._ensure_traits_exist(context, traits)
        tree = self._cache
        return self._put_generation(
            context, uuid, 'traits', common.TRAIT_VERSION,
            lambda gen: {'resource_provider_generation': gen,
                         'traits': sorted(traits)},
            lambda: tree.data(uuid).traits, traits,
            lambda value, gen: tree.update_traits(uuid, value, gen),
            lambda old, new: set(old) == set(new))

    def _set_aggregates(self, context, uuid, aggregates):
        tree = self._cache
        aggregates = set(aggregates)
        return self._put_generation(
            context, uuid, 'aggregates', common.AGGREGATE_VERSION,
            lambda gen: {'resource_provider_generation': gen,
                         'aggregates': sorted(aggregates)},
            lambda: tree.data(uuid).aggregates, aggregates,
            lambda value, gen: tree.update_aggregates(uuid, value, gen),
            lambda old, new: set(old) == set(new))

    def set_inventory_and_traits(self, context, rp_uuid, name, inventory,
                                 traits, aggregates=None):
        """Make one root provider hold exactly ``inventory`` and ``traits``.

        ``inventory`` is {resource class: record}; ``aggregates`` (uuids)
        is left alone when None. Unchanged values cost no request.
        """
        with self._lock:
            self.ensure_resource_provider(context, rp_uuid, name)
            self._set_inventory(context, rp_uuid, inventory)
            self._set_traits(context, rp_uuid, traits)
            if aggregates is not None:
                self._set_aggregates(context, rp_uuid, aggregates)

    def update_from_provider_tree(self, context, new_tree):
        """Make placement match a compute's ProviderTree.

        Creates missing providers (parents first), deletes cached
        providers of the same roots that left the tree (children first),
        and writes only the inventory, traits and aggregates that differ
        from the cache. The generations placement answers with are copied
        back into ``new_tree``.
        """
        with self._lock:
            wanted = new_tree.get_provider_uuids()
            wanted_set = set(wanted)
            for root in wanted:
                if (new_tree.data(root).parent_uuid is None and
                        self._cache.exists(root)):
                    gone = [u for u in self._cache.get_provider_uuids(root)
                            if u not in wanted_set]
                    for uuid in reversed(gone):
                        self.delete_resource_provider(context, uuid,
                                                      cascade=True)
            for uuid in wanted:
                data = new_tree.data(uuid)
                self.ensure_resource_provider(context, uuid, data.name,
                                              data.parent_uuid)
            for uuid in wanted:
                data = new_tree.data(uuid)
                self._set_inventory(context, uuid, data.inventory)
                self._set_traits(context, uuid, data.traits)
                self._set_aggregates(context, uuid, data.aggregates)
                new_tree.update_generation(uuid,
                                           self._cache.data(uuid).generation)

    def delete_resource_provider(self, context, rp_uuid, cascade=True):
        """Delete a provider and its descendants from placement.

        With ``cascade`` the allocations against them are removed first
        (only their share: a consumer's allocations on other providers
        stay). Without it a provider in use raises ResourceProviderInUse.
        """
        with self._lock:
            try:
                tree = self.client.get_providers_in_tree(context, rp_uuid)
            except exception.PlacementAPIError:
                tree = []
            # Only this provider's subtree, deepest first.
            subtree = {rp_uuid}
            added = True
            while added:
                added = False
                for rp in tree:
                    if (rp.get('parent_provider_uuid') in subtree and
                            rp['uuid'] not in subtree):
                        subtree.add(rp['uuid'])
                        added = True
            order = self._deepest_first(tree, subtree)
            for uuid in order:
                if cascade:
                    self._remove_provider_allocations(context, uuid)
                url = '/resource_providers/%s' % uuid
                resp = self.client.delete(context, url,
                                          common.PROVIDER_VERSION)
                if resp.status_code == 409:
                    raise exception.ResourceProviderInUse(
                        uuid=uuid, error=common.error_text(resp))
                if resp.status_code not in (204, 404):
                    self.client._fail(resp, 'DELETE', url)
                self.invalidate_resource_provider(uuid)
                LOG.info('Deleted resource provider %s', uuid)

    @staticmethod
    def _deepest_first(tree, subtree):
        parents = {rp['uuid']: rp.get('parent_provider_uuid') for rp in tree}

        def depth(uuid):
            level = 0
            while parents.get(uuid):
                uuid = parents[uuid]
                level += 1
            return level
        return sorted(subtree, key=depth, reverse=True)

    def _remove_provider_allocations(self, context, rp_uuid):
        for consumer in self.client.get_allocations_for_resource_provider(
                context, rp_uuid):
            body = self.client.get_allocs_for_consumer(context, consumer)
            allocs = body.get('allocations', {})
            allocs.pop(rp_uuid, None)
            if not allocs:
                self.client.delete_allocation_for_instance(context, consumer)
                continue
            resp = self.client._put_allocations(context, consumer, {
                'allocations': {rp: {'resources': a['resources']}
                                for rp, a in allocs.items()},
                'project_id': body['project_id'],
                'user_id': body['user_id'],
                'consumer_generation': body['consumer_generation']},
                common.CONSUMER_VERSION)
            if resp.status_code != 204:
                # The consumer changed meanwhile; the provider delete that
                # follows fails and the caller may retry.
                raise exception.AllocationUpdateFailed(
                    consumer_uuid=consumer, error=common.error_text(resp))
