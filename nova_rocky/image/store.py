"""Image data files of the local backend.

One file per image, named by its id, under ``[glance]image_dir`` (default
``$state_path/images``). Uploads are written to ``<id>.part`` while the
md5 checksum and the sha512 ``os_hash_value`` are computed.
"""

import hashlib
import os

from nova_rocky import conf

CONF = conf.CONF
CHUNK_SIZE = 64 * 1024
HASH_ALGO = 'sha512'


def image_dir():
    """Directory of the image data files."""
    return CONF.glance.image_dir or os.path.join(CONF.state_path, 'images')


def chunks(data):
    """Byte chunks of ``data``: bytes, a file-like object or an iterable."""
    if data is None:
        return
    if isinstance(data, (bytes, bytearray)):
        yield bytes(data)
        return
    if hasattr(data, 'read'):
        while True:
            chunk = data.read(CHUNK_SIZE)
            if not chunk:
                return
            yield chunk
        return
    for chunk in data:
        if chunk:
            yield chunk.encode() if isinstance(chunk, str) else chunk


def write_data(path, data):
    """Write ``data`` to ``path``; return its size, md5 checksum and
    os_hash_algo/os_hash_value."""
    md5 = hashlib.md5(usedforsecurity=False)
    hasher = hashlib.new(HASH_ALGO)
    size = 0
    with open(path, 'wb') as out:
        for chunk in chunks(data):
            out.write(chunk)
            md5.update(chunk)
            hasher.update(chunk)
            size += len(chunk)
    return {'size': size, 'checksum': md5.hexdigest(),
            'os_hash_algo': HASH_ALGO, 'os_hash_value': hasher.hexdigest()}


def read_file(path):
    """An iterator over the chunks of the file at ``path`` (opened now,
    so a missing file fails here rather than on first iteration)."""
    return _iter_file(open(path, 'rb'))


def _iter_file(handle):
    with handle:
        while True:
            chunk = handle.read(CHUNK_SIZE)
            if not chunk:
                return
            yield chunk
