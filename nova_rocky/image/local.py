"""The local image backend: an embedded catalog in the API database.

Image records live in the ``images``, ``image_properties`` and
``image_tags`` tables of the API database; image data lives in one file per
image under ``[glance]image_dir`` (default ``$state_path/images``).

Access follows Glance v2's defaults:

* an admin sees and may change every image;
* anyone else sees public and community images and every image of their
  own project; other images do not exist for them (ImageNotFound);
* only the owner's project (or an admin) changes an image: changing a
  visible image of someone else is ImageNotAuthorized;
* only an admin may make an image public; a protected image cannot be
  deleted (ImageProtected).

Listing, as in Glance, shows public images and the caller's own images by
default; ``visibility=community`` (or ``all``) adds community images.
"""

import os

from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from nova_rocky import conf
from nova_rocky.db import api as db_api
from nova_rocky.db.models import images as models
from nova_rocky import exception
from nova_rocky.image import schema
from nova_rocky.image import store

LOG = logging.getLogger(__name__)
CONF = conf.CONF
_IN_FILTERS = ('id', 'name', 'status', 'container_format', 'disk_format',
               'owner')


def _isotime(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def _to_dict(row):
    """The Glance v2 document of an image row (no links)."""
    image = {key: getattr(row, key) for key in schema.COLUMNS}
    image['created_at'] = _isotime(row.created_at)
    image['updated_at'] = _isotime(row.updated_at or row.created_at)
    image['tags'] = sorted(tag.value for tag in row.tags)
    for prop in row.properties:
        image[prop.name] = prop.value
    return image


def _is_owner(context, row):
    return bool(context.project_id) and row.owner == context.project_id


def _visible(context, row):
    return (context.is_admin or row.visibility in ('public', 'community') or
            _is_owner(context, row))


def _get_row(context, image_id):
    row = None
    if uuidutils.is_uuid_like(image_id):
        row = context.session.query(models.Image).filter_by(
            id=str(image_id).lower()).first()
    if row is None or not _visible(context, row):
        raise exception.ImageNotFound(image_id=image_id)
    return row


def _get_owned_row(context, image_id):
    row = _get_row(context, image_id)
    if not (context.is_admin or _is_owner(context, row)):
        raise exception.ImageNotAuthorized(image_id=image_id)
    return row


def _check_publicize(context, image_id, attributes):
    if attributes.get('visibility') == 'public' and not context.is_admin:
        raise exception.ImageNotAuthorized(image_id=image_id)
    owner = attributes.get('owner')
    if ('owner' in attributes and not context.is_admin and
            owner != context.project_id):
        raise exception.ImageNotAuthorized(image_id=image_id)


def _set_tags(row, tags):
    # Keep the rows of unchanged tags: re-inserting one before the old row
    # is deleted would break the (image_id, value) unique constraint.
    for tag in [tag for tag in row.tags if tag.value not in tags]:
        row.tags.remove(tag)
    current = {tag.value for tag in row.tags}
    row.tags.extend(models.ImageTag(value=tag) for tag in tags
                    if tag not in current)


def _set_values(context, row, attributes, properties, remove_props=()):
    """Apply validated attributes/properties to ``row`` (in a session)."""
    for key, value in attributes.items():
        if key == 'tags':
            _set_tags(row, value)
        elif key in ('container_format', 'disk_format') and \
                row.status not in (None, 'queued') and \
                value != getattr(row, key):
            raise exception.ImageAttributeReadOnly(attribute=key)
        elif key != 'id':
            setattr(row, key, value)
    existing = {prop.name: prop for prop in row.properties}
    for name in remove_props or ():
        if name in schema.BASE:
            raise exception.ImageAttributeReadOnly(attribute=name)
        if name in existing and name not in properties:
            row.properties.remove(existing.pop(name))
    for name, value in properties.items():
        if name in existing:
            existing[name].value = value
        else:
            row.properties.append(models.ImageProperty(name=name,
                                                       value=value))
    row.updated_at = timeutils.utcnow()


@db_api.api_writer
def _create(context, attributes, properties):
    image_id = attributes.get('id') or uuidutils.generate_uuid()
    _check_publicize(context, image_id, attributes)
    if context.session.query(models.Image).filter_by(id=image_id).count():
        raise exception.ImageExists(image_id=image_id)
    row = models.Image(id=image_id, status='queued',
                       visibility=attributes.get('visibility', 'shared'),
                       protected=attributes.get('protected', False),
                       owner=attributes.get('owner', context.project_id),
                       min_ram=0, min_disk=0)
    row.created_at = timeutils.utcnow()
    _set_values(context, row, attributes, properties)
    context.session.add(row)
    context.session.flush()
    return _to_dict(row)


@db_api.api_reader
def _get(context, image_id):
    return _to_dict(_get_row(context, image_id))


def _in_or_equal(column, value):
    if isinstance(value, str) and value.startswith('in:'):
        return column.in_([v for v in value[3:].split(',') if v])
    return column == value


def _visibility_clause(context, visibility):
    Image = models.Image
    if context.is_admin:
        if visibility and visibility != 'all':
            return Image.visibility == visibility
        return None
    mine = sa.and_(Image.owner.isnot(None), Image.owner == context.project_id)
    if visibility is None:
        return sa.or_(Image.visibility == 'public', mine)
    if visibility == 'all':
        return sa.or_(Image.visibility.in_(('public', 'community')), mine)
    if visibility in ('public', 'community'):
        return Image.visibility == visibility
    return sa.and_(Image.visibility == visibility, mine)


def _filtered_query(context, filters):
    Image = models.Image
    filters = dict(filters or {})
    visibility = filters.pop('visibility', None)
    if visibility not in (None, 'all') + schema.VISIBILITIES:
        raise exception.InvalidImageRequest(
            reason='invalid visibility %s' % visibility)
    query = context.session.query(Image)
    clause = _visibility_clause(context, visibility)
    if clause is not None:
        query = query.filter(clause)
    for key in _IN_FILTERS:
        if key in filters:
            query = query.filter(_in_or_equal(getattr(Image, key),
                                              filters.pop(key)))
    if 'protected' in filters:
        try:
            protected = schema.parse_bool(filters.pop('protected'))
        except ValueError:
            raise exception.InvalidImageRequest(reason='bad protected')
        query = query.filter(Image.protected == protected)
    for key, op in (('size_min', '__ge__'), ('size_max', '__le__')):
        if key in filters:
            try:
                size = int(filters.pop(key))
            except (TypeError, ValueError):
                raise exception.InvalidImageRequest(reason='bad %s' % key)
            query = query.filter(getattr(Image.size, op)(size))
    tags = filters.pop('tag', None) or filters.pop('tags', None) or []
    for tag in [tags] if isinstance(tags, str) else tags:
        query = query.filter(Image.tags.any(models.ImageTag.value == tag))
    filters.pop('os_hidden', None)
    filters.pop('member_status', None)
    for name, value in filters.items():
        query = query.filter(Image.properties.any(sa.and_(
            models.ImageProperty.name == name,
            models.ImageProperty.value == str(value))))
    return query


def _sort_spec(sort_key, sort_dir):
    keys = [sort_key] if isinstance(sort_key, str) else list(sort_key or [])
    dirs = [sort_dir] if isinstance(sort_dir, str) else list(sort_dir or [])
    keys = keys or ['created_at']
    for key in keys:
        if key not in schema.SORT_KEYS:
            raise exception.InvalidImageRequest(reason='bad sort key %s'
                                                % key)
    for direction in dirs:
        if direction not in schema.SORT_DIRS:
            raise exception.InvalidImageRequest(
                reason='bad sort direction %s' % direction)
    if len(dirs) <= 1:
        dirs = (dirs or ['desc']) * len(keys)
    elif len(dirs) != len(keys):
        raise exception.InvalidImageRequest(
            reason='sort keys and sort directions do not match')
    if 'id' not in keys:
        keys.append('id')
        dirs.append(dirs[-1])
    return keys, dirs


@db_api.api_reader
def _get_all(context, filters, limit, marker, sort_key, sort_dir):
    keys, dirs = _sort_spec(sort_key, sort_dir)
    query = _filtered_query(context, filters)
    marker_row = None
    if marker is not None:
        try:
            marker_row = _get_row(context, marker)
        except exception.ImageNotFound:
            raise exception.MarkerNotFound(marker=marker)
    query = sqlalchemyutils.paginate_query(
        query, models.Image, limit, keys, marker=marker_row, sort_dirs=dirs)
    return [_to_dict(row) for row in query.all()]


@db_api.api_writer
def _update(context, image_id, attributes, properties, remove_props):
    row = _get_owned_row(context, image_id)
    _check_publicize(context, image_id, attributes)
    _set_values(context, row, attributes, properties, remove_props)
    context.session.flush()
    return _to_dict(row)


@db_api.api_writer
def _delete(context, image_id):
    row = _get_owned_row(context, image_id)
    if row.protected:
        raise exception.ImageProtected(image_id=image_id)
    context.session.delete(row)
    return row.id


@db_api.api_writer
def _begin_upload(context, image_id):
    row = _get_owned_row(context, image_id)
    if row.status != 'queued':
        raise exception.ImageStatusConflict(
            image_id=image_id, status=row.status, action='upload data to')
    if not (row.disk_format and row.container_format):
        raise exception.InvalidImageRequest(
            reason='disk_format and container_format must be set before '
                   'uploading data')
    row.status = 'saving'
    return row.id


@db_api.api_writer
def _end_upload(context, image_id, result):
    row = context.session.query(models.Image).filter_by(
        id=image_id).first()
    if row is None:
        raise exception.ImageNotFound(image_id=image_id)
    if result is None:
        row.status = 'queued'
    else:
        for key, value in result.items():
            setattr(row, key, value)
        row.status = 'active'
    row.updated_at = timeutils.utcnow()
    context.session.flush()
    return _to_dict(row)


def _abort_upload(context, image_id, partial):
    """Back to queued after a failed upload; drop the partial file."""
    try:
        os.unlink(partial)
    except FileNotFoundError:
        pass
    try:
        _end_upload(context, image_id, None)
    except Exception:
        LOG.exception('Could not reset image %s after a failed upload',
                      image_id)


class LocalImageService(object):
    """Glance v2 semantics over the API database and local files."""

    def get(self, context, image_id):
        """The image document; ImageNotFound when absent or not visible."""
        return _get(context, image_id)

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key=None, sort_dir=None):
        """Images visible to ``context`` that match ``filters``, a page
        of at most ``limit`` after the image ``marker``."""
        return _get_all(context, filters, limit, marker, sort_key, sort_dir)

    def create(self, context, image_dict, data=None):
        """Register an image (status queued); upload ``data`` if given."""
        attributes, properties = schema.split_values(image_dict,
                                                     creating=True)
        image = _create(context, attributes, properties)
        if data is not None:
            image = self.upload(context, image['id'], data)
        return image

    def update(self, context, image_id, changes, remove_props=None):
        """Set attributes/properties from ``changes``; drop the custom
        properties named in ``remove_props``."""
        attributes, properties = schema.split_values(changes)
        return _update(context, image_id, attributes, properties,
                       remove_props or ())

    def delete(self, context, image_id):
        """Delete the image record and its data."""
        image_id = _delete(context, image_id)
        path = os.path.join(store.image_dir(), image_id)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass

    def upload(self, context, image_id, data):
        """Store the data of a queued image; it becomes active."""
        image_id = _begin_upload(context, image_id)
        directory = store.image_dir()
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, image_id)
        partial = path + '.part'
        try:
            result = store.write_data(partial, data)
        except Exception:
            with excutils.save_and_reraise_exception():
                _abort_upload(context, image_id, partial)
        os.replace(partial, path)
        try:
            return _end_upload(context, image_id, result)
        except exception.ImageNotFound:
            # Deleted while the data was written.
            os.unlink(path)
            raise

    def download(self, context, image_id):
        """An iterator over the image data in chunks.

        ImageUnacceptable when the image has no data yet;
        ImageNotAuthorized for a deactivated image (non-admins).
        """
        image = _get(context, image_id)
        if image['status'] == 'deactivated' and not context.is_admin:
            raise exception.ImageNotAuthorized(image_id=image_id)
        path = os.path.join(store.image_dir(), image['id'])
        if image['status'] not in ('active', 'deactivated') or \
                not os.path.exists(path):
            raise exception.ImageUnacceptable(
                image_id=image_id, reason='image has no associated data')
        return store.read_file(path)
