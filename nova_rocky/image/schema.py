"""The Glance v2 image model: attribute sets, enums, JSON schemas, checks.

Shared by the local backend (which validates what it stores) and the
Glance v2 WSGI subset (which serves ``/v2/schemas/image``; python-glanceclient
builds its image model from that document, so it must describe exactly the
image documents the subset returns).
"""

from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_rocky import exception

STATUSES = ('queued', 'saving', 'active', 'killed', 'deleted',
            'deactivated')
VISIBILITIES = ('public', 'private', 'shared', 'community')
CONTAINER_FORMATS = ('ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker',
                     'compressed')
DISK_FORMATS = ('ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2',
                'vdi', 'iso', 'ploop')
SORT_KEYS = ('name', 'status', 'container_format', 'disk_format', 'size',
             'id', 'created_at', 'updated_at', 'visibility', 'owner',
             'min_ram', 'min_disk')
SORT_DIRS = ('asc', 'desc')

#: Attributes an API user may set (``id`` only when creating).
WRITABLE = ('name', 'visibility', 'protected', 'owner', 'container_format',
            'disk_format', 'min_ram', 'min_disk', 'tags')
#: Attributes the service computes; setting one is a 403 as in Glance.
READ_ONLY = ('status', 'size', 'virtual_size', 'checksum', 'os_hash_algo',
             'os_hash_value', 'created_at', 'updated_at', 'self', 'file',
             'schema', 'direct_url', 'locations', 'deleted', 'deleted_at')
#: Every key of an image document that is not a custom property.
BASE = ('id',) + WRITABLE + READ_ONLY + ('os_hidden',)
#: Columns of the ``images`` table, in document order.
COLUMNS = ('id', 'name', 'status', 'visibility', 'protected', 'owner',
           'container_format', 'disk_format', 'size', 'virtual_size',
           'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram',
           'min_disk')

_UUID_PATTERN = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
                 '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$')


def _nullable(kind, **extra):
    return dict({'type': ['null', kind]}, **extra)


def _read_only(spec, description):
    return dict(spec, readOnly=True, description=description)


def image_schema():
    """The ``image`` JSON schema document (GET /v2/schemas/image)."""
    props = {
        'id': {'type': 'string', 'pattern': _UUID_PATTERN,
               'description': 'An identifier for the image'},
        'name': _nullable('string', maxLength=255,
                          description='Descriptive name for the image'),
        'status': _read_only({'type': 'string', 'enum': list(STATUSES)},
                             'Status of the image'),
        'visibility': {'type': 'string', 'enum': list(VISIBILITIES),
                       'description': 'Scope of image accessibility'},
        'protected': {'type': 'boolean',
                      'description': 'If true, image will not be deletable.'},
        'os_hidden': {'type': 'boolean',
                      'description': 'If true, image will not appear in '
                                     'default image list response.'},
        'owner': _nullable('string', maxLength=255,
                           description='Owner of the image'),
        'container_format': _nullable(
            'string', enum=[None] + list(CONTAINER_FORMATS),
            description='Format of the container'),
        'disk_format': _nullable(
            'string', enum=[None] + list(DISK_FORMATS),
            description='Format of the disk'),
        'min_ram': {'type': 'integer', 'minimum': 0,
                    'description': 'Amount of ram (in MB) required to boot '
                                   'image.'},
        'min_disk': {'type': 'integer', 'minimum': 0,
                     'description': 'Amount of disk space (in GB) required '
                                    'to boot image.'},
        'tags': {'type': 'array',
                 'items': {'type': 'string', 'maxLength': 255},
                 'description': 'List of strings related to the image'},
        'size': _read_only(_nullable('integer'),
                           'Size of image file in bytes'),
        'virtual_size': _read_only(_nullable('integer'),
                                   'Virtual size of image in bytes'),
        'checksum': _read_only(_nullable('string', maxLength=32),
                               'md5 hash of image contents.'),
        'os_hash_algo': _read_only(_nullable('string', maxLength=64),
                                   'Algorithm to calculate the '
                                   'os_hash_value'),
        'os_hash_value': _read_only(_nullable('string', maxLength=128),
                                    'Hexdigest of the image contents using '
                                    'the algorithm specified by the '
                                    'os_hash_algo'),
        'created_at': _read_only({'type': 'string'},
                                 'Date and time of image registration'),
        'updated_at': _read_only({'type': 'string'},
                                 'Date and time of the last image '
                                 'modification'),
        'self': _read_only({'type': 'string'}, 'An image self url'),
        'file': _read_only({'type': 'string'}, 'An image file url'),
        'schema': _read_only({'type': 'string'}, 'An image schema url'),
    }
    return {
        'name': 'image',
        'properties': props,
        'additionalProperties': {'type': 'string'},
        'links': [{'rel': 'self', 'href': '{self}'},
                  {'rel': 'enclosure', 'href': '{file}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


def images_schema():
    """The ``images`` JSON schema document (GET /v2/schemas/images)."""
    return {
        'name': 'images',
        'properties': {
            'images': {'type': 'array', 'items': image_schema()},
            'schema': {'type': 'string'},
            'first': {'type': 'string'},
            'next': {'type': 'string'},
        },
        'links': [{'rel': 'first', 'href': '{first}'},
                  {'rel': 'next', 'href': '{next}'},
                  {'rel': 'describedby', 'href': '{schema}'}],
    }


def _invalid(reason):
    return exception.InvalidImageRequest(reason=reason)


def _check_int(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _invalid('%s must be a non-negative integer' % key)
    return value


def _check_enum(key, value, choices, nullable=True):
    if value is None and nullable:
        return None
    if value not in choices:
        raise _invalid("%s must be one of %s, not %r"
                       % (key, ', '.join(choices), value))
    return value


def _check_attribute(key, value):
    """Validate one writable base attribute; return the value to store."""
    if key == 'name':
        if value is not None and (not isinstance(value, str) or
                                  len(value) > 255):
            raise _invalid('name must be a string of at most 255 chars')
        return value
    if key == 'visibility':
        return _check_enum(key, value, VISIBILITIES, nullable=False)
    if key == 'protected':
        if not isinstance(value, bool):
            raise _invalid('protected must be a boolean')
        return value
    if key == 'owner':
        if value is not None and (not isinstance(value, str) or
                                  len(value) > 255):
            raise _invalid('owner must be a string of at most 255 chars')
        return value
    if key == 'container_format':
        return _check_enum(key, value, CONTAINER_FORMATS)
    if key == 'disk_format':
        return _check_enum(key, value, DISK_FORMATS)
    if key in ('min_ram', 'min_disk'):
        return _check_int(key, value)
    if key == 'tags':
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(tag, str) and 0 < len(tag) <= 255
                for tag in value):
            raise _invalid('tags must be a list of non-empty strings')
        return sorted(set(value))
    raise _invalid('unknown attribute %s' % key)


def _check_property(key, value):
    if not isinstance(key, str) or not key or len(key) > 255:
        raise _invalid('property names are strings of 1 to 255 chars')
    if key.startswith('os_glance'):
        raise exception.ImageAttributeReadOnly(attribute=key)
    if not isinstance(value, str):
        raise _invalid('the value of property %s must be a string' % key)
    return value


def split_values(values, creating=False):
    """Validate image values from a user; split them for storage.

    Returns ``(attributes, properties)``: writable base attributes (and
    ``id`` when ``creating``) and custom string properties. A read-only
    attribute raises ImageAttributeReadOnly, a bad value
    InvalidImageRequest.
    """
    attributes, properties = {}, {}
    for key, value in (values or {}).items():
        if key == 'id':
            if not creating:
                raise exception.ImageAttributeReadOnly(attribute=key)
            if not uuidutils.is_uuid_like(value):
                raise _invalid('id must be a UUID')
            attributes['id'] = str(value).lower()
        elif key == 'os_hidden':
            # Accepted for compatibility; hidden images are not modelled.
            continue
        elif key in READ_ONLY:
            raise exception.ImageAttributeReadOnly(attribute=key)
        elif key in WRITABLE:
            attributes[key] = _check_attribute(key, value)
        else:
            properties[key] = _check_property(key, value)
    return attributes, properties


def parse_bool(value):
    """A boolean query parameter ('true'/'false'); None when absent."""
    if value is None or isinstance(value, bool):
        return value
    return strutils.bool_from_string(value, strict=True)
