"""Host filters: each says whether one host can take the request.

Filters run after placement, on the hosts it returned, so they only check
what placement cannot express (service state, availability zone, flavor
capabilities, image properties). A filter is a ``BaseHostFilter``
subclass in a module of this package; ``[filter_scheduler]enabled_filters``
names them by class name (or by full dotted path for an out-of-tree
filter). An unknown name fails the scheduler at start, not at the first
request.
"""

import importlib

from oslo_log import log as logging

from nova_rocky.scheduler import utils

LOG = logging.getLogger(__name__)

# The in-tree filter modules; each class is found by its name.
FILTER_MODULES = (
    'nova_rocky.scheduler.filters.affinity_filter',
    'nova_rocky.scheduler.filters.aggregate_instance_extra_specs',
    'nova_rocky.scheduler.filters.availability_zone_filter',
    'nova_rocky.scheduler.filters.compute_capabilities_filter',
    'nova_rocky.scheduler.filters.compute_filter',
    'nova_rocky.scheduler.filters.image_props_filter',
    'nova_rocky.scheduler.filters.io_ops_filter',
)


class BaseHostFilter(object):
    """Base class of host filters.

    Subclasses implement ``host_passes(host_state, spec_obj)``. Only
    filters with ``RUN_ON_REBUILD = True`` judge a rebuild on the
    instance's own host; the others let every host through then.
    """

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj):
        """Return True if the host can take the requested instance."""
        raise NotImplementedError()

    def filter_all(self, host_states, spec_obj):
        """The host states that pass (a list)."""
        if not self.RUN_ON_REBUILD and utils.request_is_rebuild(spec_obj):
            return list(host_states)
        return [h for h in host_states if self.host_passes(h, spec_obj)]


def all_filters():
    """{class name: class} of every in-tree filter."""
    found = {}
    for name in FILTER_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and
                    issubclass(value, BaseHostFilter) and
                    value is not BaseHostFilter and
                    not value.__name__.startswith('_')):
                found[value.__name__] = value
    return found


def get_filter_classes(names, option='[filter_scheduler]enabled_filters'):
    """Classes for ``names``; SchedulerFilterNotFound for an unknown one."""
    known = all_filters()
    classes = []
    for name in names:
        classes.append(utils.find_plugin_class(
            name, known, BaseHostFilter, 'filter', option))
    return classes


def load_filters(names):
    """Instances of the filters named in ``names``, in that order."""
    return [cls() for cls in get_filter_classes(names)]


def run_filters(filters, host_states, spec_obj):
    """The host states every filter passes, in their original order."""
    hosts = list(host_states)
    for host_filter in filters:
        before = len(hosts)
        hosts = host_filter.filter_all(hosts, spec_obj)
        LOG.debug('Filter %s returned %d of %d hosts',
                  type(host_filter).__name__, len(hosts), before)
        if not hosts:
            LOG.info('Filter %s rejected every host for instance %s',
                     type(host_filter).__name__,
                     getattr(spec_obj, 'instance_uuid', None))
            break
    return hosts
