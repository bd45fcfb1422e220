"""An in-memory copy of the resource providers a compute host owns.

The compute's report client keeps one ``ProviderTree`` as its cache of what
placement holds; the virt driver edits it in ``update_provider_tree`` and
the report client then pushes only what changed. Providers are found by
name or UUID (both unique in a tree). Every method is thread safe: the
periodic resource update and RPC handlers may touch the tree at once.

Lookups of an unknown provider raise ValueError, as for any bad argument.
"""

import collections
import copy
import threading

from oslo_utils import uuidutils

# Placement's defaults for the optional fields of an inventory record; a
# record that omits a field means the default, so comparisons fill them in
# (otherwise every GET from placement would look like a change).
_INVENTORY_DEFAULTS = {
    'reserved': 0,
    'min_unit': 1,
    'max_unit': 2147483647,
    'step_size': 1,
    'allocation_ratio': 1.0,
}

ProviderData = collections.namedtuple(
    'ProviderData',
    'uuid name parent_uuid generation inventory traits aggregates')
ProviderData.__doc__ = """A snapshot of one provider; later edits of the
tree do not change it (inventory is a copy, traits and aggregates are
frozensets)."""


def _normalised(inventory):
    return {rc: dict(_INVENTORY_DEFAULTS, **record)
            for rc, record in inventory.items()}


class _Provider(object):
    """One provider's mutable state; only touched under the tree's lock."""

    def __init__(self, name, uuid, parent_uuid, generation):
        self.name = name
        self.uuid = uuid
        self.parent_uuid = parent_uuid
        self.generation = generation
        self.inventory = {}
        self.traits = set()
        self.aggregates = set()

    def set_generation(self, generation):
        if generation is not None:
            self.generation = generation

    def snapshot(self):
        return ProviderData(self.uuid, self.name, self.parent_uuid,
                            self.generation, copy.deepcopy(self.inventory),
                            frozenset(self.traits),
                            frozenset(self.aggregates))


class ProviderTree(object):
    """Resource providers (roots and their children) known to one compute."""

    def __init__(self):
        # Re-entrant so that composite operations (remove with children)
        # can call the simple ones while holding it.
        self._lock = threading.RLock()
        self._by_uuid = {}
        self._by_name = {}

    def _find(self, name_or_uuid):
        provider = (self._by_uuid.get(name_or_uuid) or
                    self._by_name.get(name_or_uuid))
        if provider is None:
            raise ValueError('No such provider %s' % name_or_uuid)
        return provider

    def _add(self, name, uuid, parent_uuid, generation):
        if uuid in self._by_uuid:
            raise ValueError('Provider %s already exists' % uuid)
        if name in self._by_name:
            raise ValueError('Provider named %s already exists' % name)
        provider = _Provider(name, uuid, parent_uuid, generation)
        self._by_uuid[uuid] = provider
        self._by_name[name] = provider
        return uuid

    # -- structure --------------------------------------------------------

    def new_root(self, name, uuid, generation=None):
        """Add a root provider and return its UUID.

        Raises ValueError if the name or UUID is already in the tree.
        """
        with self._lock:
            return self._add(name, uuid, None, generation)

    def new_child(self, name, parent, uuid=None, generation=None):
        """Add a provider under ``parent`` (name or UUID); return its UUID.

        Without ``uuid`` a new one is generated.
        """
        with self._lock:
            parent_uuid = self._find(parent).uuid
            return self._add(name, uuid or uuidutils.generate_uuid(),
                             parent_uuid, generation)

    def remove(self, name_or_uuid):
        """Remove a provider and all its descendants."""
        with self._lock:
            for uuid in reversed(self.get_provider_uuids(name_or_uuid)):
                provider = self._by_uuid.pop(uuid)
                del self._by_name[provider.name]

    def exists(self, name_or_uuid):
        """Return True if a provider has this name or UUID."""
        with self._lock:
            return (name_or_uuid in self._by_uuid or
                    name_or_uuid in self._by_name)

    def data(self, name_or_uuid):
        """Return a ProviderData snapshot of one provider."""
        with self._lock:
            return self._find(name_or_uuid).snapshot()

    def get_provider_uuids(self, name_or_uuid=None):
        """Return UUIDs of a provider and its descendants, parents first.

        Without an argument, every provider of the tree, roots first.
        """
        with self._lock:
            if name_or_uuid is None:
                todo = [p.uuid for p in self._by_uuid.values()
                        if p.parent_uuid is None]
            else:
                todo = [self._find(name_or_uuid).uuid]
            result = []
            # Breadth first, so a caller creating providers in placement in
            # this order always creates a parent before its children.
            while todo:
                uuid = todo.pop(0)
                result.append(uuid)
                todo.extend(p.uuid for p in self._by_uuid.values()
                            if p.parent_uuid == uuid)
            return result

    def update_generation(self, name_or_uuid, generation):
        """Record the generation placement answered with after a write."""
        with self._lock:
            self._find(name_or_uuid).set_generation(generation)

    # -- inventory --------------------------------------------------------

    def has_inventory_changed(self, name_or_uuid, inventory):
        """Return True if ``inventory`` differs from the provider's.

        Fields left out of a record count as placement's defaults.
        """
        with self._lock:
            current = self._find(name_or_uuid).inventory
            return _normalised(current) != _normalised(inventory)

    def update_inventory(self, name_or_uuid, inventory, generation=None):
        """Replace the provider's inventory; return True if it changed.

        ``inventory`` is {resource class: {total, reserved, min_unit,
        max_unit, step_size, allocation_ratio}}.
        """
        with self._lock:
            provider = self._find(name_or_uuid)
            provider.set_generation(generation)
            if not self.has_inventory_changed(name_or_uuid, inventory):
                return False
            provider.inventory = copy.deepcopy(inventory)
            return True

    # -- traits -----------------------------------------------------------

    def has_traits(self, name_or_uuid, traits):
        """Return True if the provider has every one of ``traits``."""
        with self._lock:
            return set(traits) <= self._find(name_or_uuid).traits

    def have_traits_changed(self, name_or_uuid, traits):
        """Return True if ``traits`` is not exactly the provider's set."""
        with self._lock:
            return set(traits) != self._find(name_or_uuid).traits

    def update_traits(self, name_or_uuid, traits, generation=None):
        """Replace the provider's traits; return True if they changed."""
        with self._lock:
            provider = self._find(name_or_uuid)
            provider.set_generation(generation)
            new = set(traits)
            changed = new != provider.traits
            provider.traits = new
            return changed

    def add_traits(self, name_or_uuid, *traits):
        """Add traits to the provider; return True if any was new."""
        with self._lock:
            provider = self._find(name_or_uuid)
            before = len(provider.traits)
            provider.traits.update(traits)
            return len(provider.traits) != before

    def remove_traits(self, name_or_uuid, *traits):
        """Remove traits (absent ones are ignored); True if any was there."""
        with self._lock:
            provider = self._find(name_or_uuid)
            before = len(provider.traits)
            provider.traits.difference_update(traits)
            return len(provider.traits) != before

    # -- aggregates -------------------------------------------------------

    def in_aggregates(self, name_or_uuid, aggregates):
        """Return True if the provider is in every one of ``aggregates``."""
        with self._lock:
            return set(aggregates) <= self._find(name_or_uuid).aggregates

    def update_aggregates(self, name_or_uuid, aggregates, generation=None):
        """Replace the provider's aggregate UUIDs; True if they changed."""
        with self._lock:
            provider = self._find(name_or_uuid)
            provider.set_generation(generation)
            new = set(aggregates)
            changed = new != provider.aggregates
            provider.aggregates = new
            return changed
