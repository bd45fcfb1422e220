"""os-keypairs response bodies.

Lists show ``name``, ``public_key``, ``fingerprint`` (and ``type`` from
2.2); show adds ``user_id``, ``id``, ``created_at``, ``updated_at``,
``deleted`` and ``deleted_at``; create adds ``user_id`` and, for a
generated key, ``private_key``.
"""

from nova_rocky.api import common
from nova_rocky.api import microversion

TYPE_VERSION = '2.2'
COLLECTION = 'os-keypairs'


def _basic(req, keypair):
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if microversion.is_at_least(req, TYPE_VERSION):
        body['type'] = keypair.type
    return body


def index(req, keypairs, links=False):
    """``{"keypairs": [{"keypair": {...}}], "keypairs_links": [...]}``."""
    items = [_basic(req, keypair) for keypair in keypairs]
    body = {'keypairs': [{'keypair': item} for item in items]}
    if links:
        next_links = common.collection_links(req, items, COLLECTION,
                                             id_key='name')
        if next_links:
            body['keypairs_links'] = next_links
    return body


def show(req, keypair):
    body = _basic(req, keypair)
    body.update({'user_id': keypair.user_id, 'id': keypair.id,
                 'created_at': keypair.created_at,
                 'updated_at': keypair.updated_at,
                 'deleted': keypair.deleted,
                 'deleted_at': keypair.deleted_at})
    return {'keypair': body}


def created(req, keypair, private_key=None):
    body = _basic(req, keypair)
    body['user_id'] = keypair.user_id
    if private_key is not None:
        body['private_key'] = private_key
    return {'keypair': body}
