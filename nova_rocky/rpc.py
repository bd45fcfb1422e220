"""oslo.messaging plumbing: one transport per process, clients, servers.

Every service of a process shares one RPC transport (``init``). The
all-in-one mode points ``transport_url`` at ``kombu+inproc:////``
(``IN_PROCESS_TRANSPORT_URL``, see ``nova_rocky.rpc_inproc``);
separate daemons use RabbitMQ. Cells with their own ``transport_url`` get
a cached transport each (``get_cell_transport``).
"""

import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging import opts as messaging_opts
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.objects import base as objects_base
from nova_rocky import rpc_inproc

CONF = conf.CONF
LOG = logging.getLogger(__name__)

rpc_inproc.register()
IN_PROCESS_TRANSPORT_URL = 'kombu+%s:////' % rpc_inproc.ALIAS

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None
VERSIONED_NOTIFIER = None
_CELL_TRANSPORTS = {}
_LOCK = threading.Lock()

# Register oslo.messaging's options up front, so that
# defaults (nova-all's in-process transport) can be set before parsing.
# set_transport_defaults changes oslo.messaging's own option objects; it
# runs first so the copies registered here stay equal to them.
messaging.set_transport_defaults(control_exchange='nova')
for _group, _opts in messaging_opts.list_opts():
    CONF.register_opts(_opts, group=None if _group in (None, 'DEFAULT')
                       else _group)

# Exceptions whose details may cross RPC and be re-raised by the caller.
ALLOWED_EXMODS = ['nova_rocky.exception', 'nova_rocky.exception.base',
                  'nova_rocky.exception.cells',
                  'nova_rocky.exception.compute',
                  'nova_rocky.exception.scheduler',
                  'nova_rocky.exception.image',
                  'nova_rocky.exception.api',
                  'nova_rocky.exception.objects',
                  'nova_rocky.exception.virt']


def init(conf_obj=None):
    """Create the process's transports and notifier (idempotent)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER, VERSIONED_NOTIFIER
    conf_obj = conf_obj or CONF
    with _LOCK:
        if TRANSPORT is not None:
            return
        TRANSPORT = messaging.get_rpc_transport(
            conf_obj, allowed_remote_exmods=ALLOWED_EXMODS)
        NOTIFICATION_TRANSPORT = messaging.get_notification_transport(
            conf_obj, allowed_remote_exmods=ALLOWED_EXMODS)
        NOTIFIER = messaging.Notifier(
            NOTIFICATION_TRANSPORT,
            serializer=RequestContextSerializer(JsonPayloadSerializer()))
        # Versioned notifications go to their own topics
        # ([notifications]versioned_notifications_topics), as upstream.
        # Versioned notifications are on by default: without an
        # [oslo_messaging_notifications]driver they use messagingv2.
        # (Notifier takes one driver name here; a configured list is
        # honoured by leaving driver None.)
        drivers = None
        if conf_obj.notifications.notification_format == 'unversioned':
            drivers = 'noop'
        elif not conf_obj.oslo_messaging_notifications.driver:
            drivers = 'messagingv2'
        VERSIONED_NOTIFIER = messaging.Notifier(
            NOTIFICATION_TRANSPORT,
            serializer=RequestContextSerializer(JsonPayloadSerializer()),
            driver=drivers,
            topics=conf_obj.notifications.versioned_notifications_topics)


def cleanup():
    """Drop the transports (tests and a clean shutdown)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER, VERSIONED_NOTIFIER
    with _LOCK:
        for transport in [TRANSPORT, NOTIFICATION_TRANSPORT] + list(
                _CELL_TRANSPORTS.values()):
            if transport is not None:
                transport.cleanup()
        TRANSPORT = NOTIFICATION_TRANSPORT = NOTIFIER = None
        VERSIONED_NOTIFIER = None
        _CELL_TRANSPORTS.clear()


def initialized():
    return TRANSPORT is not None


def get_cell_transport(url):
    """The transport of a cell's ``transport_url``; the default for the
    process's own URL or when none is given."""
    # cell0 has no message queue: its mapping says "none:///".
    if (not url or url == CONF.transport_url or TRANSPORT is None or
            url.startswith('none:')):
        return None
    with _LOCK:
        transport = _CELL_TRANSPORTS.get(url)
        if transport is None:
            transport = messaging.get_rpc_transport(
                CONF, url=url, allowed_remote_exmods=ALLOWED_EXMODS)
            _CELL_TRANSPORTS[url] = transport
        return transport


class JsonPayloadSerializer(messaging.NoOpSerializer):
    @staticmethod
    def serialize_entity(context, entity):
        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Carries the RequestContext, and wraps a serializer for the payload."""

    def __init__(self, base=None):
        self._base = base

    def serialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nova_context.RequestContext.from_dict(context)


def _serializer():
    return RequestContextSerializer(objects_base.NovaObjectSerializer())


def get_client(target, version_cap=None, transport=None, timeout=None):
    """An RPC client for ``target`` with the object serializer."""
    return messaging.get_rpc_client(
        transport or TRANSPORT, target, version_cap=version_cap,
        serializer=_serializer(), timeout=timeout)


def get_server(target, endpoints):
    """A threading-executor RPC server dispatching to ``endpoints``.

    Its thread pool size is oslo.messaging's [DEFAULT]
    executor_thread_pool_size.
    """
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, executor='threading',
        serializer=_serializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy)


def get_notifier(service, host=None, publisher_id=None):
    """A notifier whose publisher is ``<service>:<host>``."""
    if publisher_id is None:
        publisher_id = '%s:%s' % (service, host or CONF.host)
    return NOTIFIER.prepare(publisher_id=publisher_id)


def get_versioned_notifier(publisher_id):
    """The versioned notifier as ``publisher_id``; None before init()."""
    notifier = VERSIONED_NOTIFIER
    if notifier is None:
        return None
    return notifier.prepare(publisher_id=publisher_id)


class LazyClientAPI(object):
    """Base of an RPC API client class whose client is built on first use.

    Callers are often constructed before ``init()`` runs, and an ``auto``
    version cap needs the database, so the oslo.messaging client is made
    on first use. Subclasses set ``TOPIC``, ``VERSION`` and
    ``VERSION_ALIASES`` and define the ``version_cap`` property.
    """

    TOPIC = None
    VERSION = '1.0'
    VERSION_ALIASES = {}

    def __init__(self):
        self.target = messaging.Target(topic=self.TOPIC,
                                       version=self.VERSION)
        self._client = None
        self._lock = threading.Lock()

    @property
    def version_cap(self):
        raise NotImplementedError()

    @property
    def client(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = get_client(
                        self.target, version_cap=self.version_cap)
        return self._client

    def can_send_version(self, version):
        return self.client.can_send_version(version)
