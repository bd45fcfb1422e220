"""What the placement client modules share: microversions, error codes."""

# Microversions, per kind of call (placement 16.0 speaks up to 1.39).
PROVIDER_VERSION = '1.20'      # POST /resource_providers returns the body
TREE_VERSION = '1.14'          # in_tree= and parent_provider_uuid
INVENTORY_VERSION = '1.26'     # reserved may equal total; error codes
TRAIT_VERSION = '1.26'
AGGREGATE_VERSION = '1.19'     # aggregates carry the provider generation
CONSUMER_VERSION = '1.28'      # consumer generations
CANDIDATES_VERSION = '1.36'    # granular (1.25), forbidden (1.22),
#                                suffixed groups (1.33), mappings (1.34)
CLAIM_VERSION = '1.36'         # accepts the mappings of 1.34+ requests

# Error codes of placement's JSON error bodies (1.23+).
CONCURRENT_UPDATE = 'placement.concurrent_update'
INVENTORY_IN_USE = 'placement.inventory.inuse'


def error_code(resp):
    """The placement error code of a failed response, or None."""
    try:
        return resp.json()['errors'][0].get('code')
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def error_text(resp):
    """The details of a failed response, for messages and logs."""
    try:
        return '; '.join(e.get('detail', '') for e in resp.json()['errors'])
    except (ValueError, KeyError, TypeError, AttributeError):
        return resp.text
