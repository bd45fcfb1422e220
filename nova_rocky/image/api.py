"""The image API facade used by the compute API and the conductor.

Every method takes the caller's RequestContext and speaks Glance v2 image
documents: a dict with the base attributes (``id``, ``name``, ``status``,
``visibility``, ``protected``, ``owner``, ``container_format``,
``disk_format``, ``size``, ``virtual_size``, ``checksum``, ``os_hash_algo``,
``os_hash_value``, ``min_ram``, ``min_disk``, ``created_at``,
``updated_at`` as ISO 8601 strings, ``tags`` a list) and every custom
property as a top-level string key, as Glance v2 shows them.

Errors are nova_rocky exceptions whatever the backend: ImageNotFound,
ImageNotAuthorized, ImageProtected, ImageExists, ImageStatusConflict,
InvalidImageRequest, ImageAttributeReadOnly, ImageUnacceptable (no data),
ImageServiceUnavailable (Glance unreachable).
"""

from nova_rocky import conf

CONF = conf.CONF


def _backend(name):
    if name == 'local':
        from nova_rocky.image import local
        return local.LocalImageService()
    from nova_rocky.image import glance
    return glance.GlanceImageService()


class API(object):
    """Facade over the image backend chosen by ``[glance]backend``.

    ``backend`` ('glance' or 'local', or a backend object) overrides the
    option; the backend is chosen on first use.
    """

    def __init__(self, backend=None):
        self._backend = backend

    @property
    def backend(self):
        """The backend object (LocalImageService or GlanceImageService)."""
        if self._backend is None or isinstance(self._backend, str):
            self._backend = _backend(self._backend or CONF.glance.backend)
        return self._backend

    def get(self, context, image_id):
        """The image document of ``image_id``.

        :raises ImageNotFound: no such image, or not visible to the caller
        """
        return self.backend.get(context, image_id)

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key=None, sort_dir=None):
        """A list of image documents visible to the caller.

        ``filters`` as Glance v2's list query: name, status, visibility
        (public, private, shared, community or all), owner,
        container_format, disk_format, protected, size_min, size_max, tag
        (a list: all must be present), ``in:a,b`` for id/name/status, and
        any other key as a custom property equality. ``sort_key`` and
        ``sort_dir`` are a string or a list (default created_at desc).

        :raises MarkerNotFound: ``marker`` is not a visible image (local)
        """
        return self.backend.get_all(context, filters=filters, limit=limit,
                                    marker=marker, sort_key=sort_key,
                                    sort_dir=sort_dir)

    def create(self, context, image_dict, data=None):
        """Create an image from ``image_dict`` (writable attributes, an
        optional ``id`` and string custom properties); upload ``data``
        (bytes, a file or an iterable of bytes) when given.

        :returns: the new image document (status queued, or active with
                  data)
        """
        return self.backend.create(context, image_dict, data=data)

    def update(self, context, image_id, changes, remove_props=None):
        """Set the attributes and properties in ``changes`` (``tags``
        replaces the whole list) and remove the custom properties named in
        ``remove_props``.

        :returns: the updated image document
        """
        return self.backend.update(context, image_id, changes,
                                   remove_props=remove_props)

    def delete(self, context, image_id):
        """Delete an image and its data.

        :raises ImageProtected: the image is protected
        """
        return self.backend.delete(context, image_id)

    def upload(self, context, image_id, data_iter):
        """Upload the data of a queued image (bytes, a file or an iterable
        of bytes); size, checksum and os_hash_* are computed and the image
        becomes active.

        :returns: the updated image document
        """
        return self.backend.upload(context, image_id, data_iter)

    def download(self, context, image_id):
        """An iterator over the bytes of the image data.

        :raises ImageUnacceptable: the image has no data yet
        """
        return self.backend.download(context, image_id)
