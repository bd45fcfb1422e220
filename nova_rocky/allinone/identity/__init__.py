"""Keystone for the all-in-one mode, as a supervised child process.

Keystone registers its options on the process-global oslo.config object,
where they would collide with this project's groups (``[database]``,
``[oslo_policy]``, ...), so it runs in a process of its own:

* ``layout``     - its files in the state directory (keystone.conf, the
  SQLite database, key repositories, generated passwords, clouds.yaml)
* ``child``      - the child program: schema sync, key repositories,
  bootstrap, catalog, then keystone's WSGI application on a local port
* ``catalog``    - (inside the child) services, endpoints, service user
* ``supervisor`` - (in nova-all) starts the child, restarts it when it dies
* ``proxy``      - (in nova-all) serves the child at ``/identity``
* ``embedded``   - (in nova-all) ties them together: start, wait,
  keystonemiddleware settings for the endpoints nova-all protects,
  clouds.yaml
"""
