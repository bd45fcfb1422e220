"""Versioned notifications: what the services announce about servers.

``base`` holds the envelope objects (EventType, NotificationPublisher,
NotificationBase) and the emitter, ``payloads`` the payload objects and
``instance`` the helpers flows call (``instance.send``). Every payload
is a versioned object serialised as ``nova_object.name / namespace /
version / data``; consumers read it from the
``[notifications]versioned_notifications_topics`` topics.
"""
