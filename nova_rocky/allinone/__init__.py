"""The all-in-one mode: every nova_rocky service in one process.

``state`` lays out the state directory and the configuration defaults,
``bootstrap`` prepares databases, cells, flavors and the demo image,
``http`` serves the compute API, the image API and placement on one port,
and ``runner`` starts and stops the services.
"""
