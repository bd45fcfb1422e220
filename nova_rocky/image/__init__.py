"""Images: the image.API facade, its backends and the Glance v2 subset.

``nova_rocky.image.API()`` is what the compute API and the conductor use;
it talks to a real Glance (``[glance]backend = glance``) or to the embedded
catalog in the API database (``local``). ``nova_rocky.image.wsgi`` serves
that embedded catalog as a Glance v2 API subset.
"""

from nova_rocky.image.api import API  # noqa: F401
