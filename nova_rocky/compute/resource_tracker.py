"""Keep each node's compute node record and placement provider current.

Claims live in placement (the scheduler claims, the conductor claims for
reschedules), so the tracker does no claim arithmetic: per node it copies
the driver's view of resources and usage into the ComputeNode record
(saving only the fields that changed) and lets the driver describe the
node's inventory and traits in a ProviderTree that the report client
compares with placement, sending only the difference.
"""

import threading

from oslo_log import log as logging

from nova_rocky.compute import provider_tree
from nova_rocky import conf
from nova_rocky import exception
from nova_rocky import objects

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class ResourceTracker(object):
    """Resource reporting of one compute host's nodes."""

    def __init__(self, host, driver, reportclient, stats=None):
        self.host = host
        # Callable returning the manager's {name: str} scheduling stats.
        self.stats = stats
        self.driver = driver
        self.reportclient = reportclient
        self.compute_nodes = {}
        self.provider_tree = provider_tree.ProviderTree()
        self._lock = threading.Lock()

    def update_available_resource(self, context, service_id=None):
        """Refresh every node the driver reports; failures stay per node."""
        with self._lock:
            for nodename in self.driver.get_available_nodes(refresh=True):
                try:
                    self._update_node(context, nodename, service_id)
                except Exception:
                    LOG.exception('Updating resources of node %s failed',
                                  nodename)

    def _update_node(self, context, nodename, service_id):
        resources = self.driver.get_available_resource(nodename)
        node = self._node(context, nodename, resources, service_id)
        node.update_from_resources(resources)
        self._set_ratios(node)
        self._set_stats(node)
        if node.obj_what_changed():
            node.save()
        self._update_provider(context, node)

    def _node(self, context, nodename, resources, service_id):
        """The node's record: cached, else read, else created."""
        node = self.compute_nodes.get(nodename)
        if node is not None:
            return node
        try:
            node = objects.ComputeNode.get_by_host_and_nodename(
                context, self.host, nodename)
        except exception.ComputeNodeNotFound:
            node = objects.ComputeNode(context, host=self.host,
                                       service_id=service_id, stats={})
            node.update_from_resources(resources)
            self._set_ratios(node)
            node.create()
            LOG.info('Created compute node record for %s:%s', self.host,
                     nodename)
        self.compute_nodes[nodename] = node
        return node

    def _set_stats(self, node):
        if self.stats is None:
            return
        stats = dict(node.stats or {}) if node.obj_attr_is_set(
            'stats') else {}
        stats.update(self.stats())
        if not node.obj_attr_is_set('stats') or stats != node.stats:
            node.stats = stats

    @staticmethod
    def _set_ratios(node):
        for field in ('cpu_allocation_ratio', 'ram_allocation_ratio',
                      'disk_allocation_ratio'):
            value = CONF[field]
            if not node.obj_attr_is_set(field) or getattr(node,
                                                          field) != value:
                setattr(node, field, value)

    def _update_provider(self, context, node):
        name = node.hypervisor_hostname
        # Placement may already know the provider (a restart): the report
        # client creates it only when missing, and re-reads it when its
        # cached copy is old (free when fresh).
        self.reportclient.ensure_resource_provider(context, node.uuid, name)
        if not self.provider_tree.exists(node.uuid):
            self.provider_tree.new_root(name, node.uuid)
        # Start from what placement holds: aggregates and traits that
        # others set (host aggregates, operators) are kept; the driver
        # changes only its own.
        traits, aggregates = self.reportclient.cached_traits_and_aggregates(
            node.uuid)
        if traits is not None:
            self.provider_tree.update_traits(node.uuid, traits)
            self.provider_tree.update_aggregates(node.uuid, aggregates)
        self.driver.update_provider_tree(self.provider_tree, name)
        self.reportclient.update_from_provider_tree(context,
                                                    self.provider_tree)

    def get_node_uuid(self, nodename):
        node = self.compute_nodes.get(nodename)
        return node.uuid if node is not None else None
