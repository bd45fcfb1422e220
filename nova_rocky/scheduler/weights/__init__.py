"""Host weighers: rank the hosts that passed the filters.

Each weigher gives every host a raw value; the values of one weigher are
normalised to 0..1 across the hosts (min -> 0, max -> 1; all equal -> 0)
and multiplied by the weigher's multiplier; a host's weight is the sum
over weighers, and the highest weight wins. Normalising first keeps a
weigher of large numbers (RAM in MB) from drowning one of small numbers
(free VCPUs), as upstream does.
"""

import importlib


from nova_rocky.scheduler import utils

WEIGHER_MODULES = (
    'nova_rocky.scheduler.weights.affinity',
    'nova_rocky.scheduler.weights.cpu',
    'nova_rocky.scheduler.weights.disk',
    'nova_rocky.scheduler.weights.io_ops',
    'nova_rocky.scheduler.weights.ram',
)


def normalize(values, minval=None, maxval=None):
    """Scale ``values`` to 0..1 between ``minval`` and ``maxval``
    (default: their min and max)."""
    values = list(values)
    if not values:
        return []
    minval = min(values) if minval is None else minval
    maxval = max(values) if maxval is None else maxval
    span = maxval - minval
    if span == 0:
        return [0.0] * len(values)
    return [(v - minval) / float(span) for v in values]


class WeighedHost(object):
    """A host state and its total weight."""

    def __init__(self, obj, weight=0.0):
        self.obj = obj
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.obj, self.weight)


class BaseHostWeigher(object):
    """Base class of weighers: implement ``_weigh_object``.

    ``minval`` / ``maxval`` fix the normalisation bounds when set.
    """

    minval = None
    maxval = None

    def weight_multiplier(self):
        """How much this weigher counts (negative: prefer low values)."""
        return 1.0

    def _weigh_object(self, host_state, spec_obj):
        raise NotImplementedError()

    def weigh_objects(self, weighed_hosts, spec_obj):
        """Raw values for each WeighedHost, in order."""
        return [self._weigh_object(w.obj, spec_obj) for w in weighed_hosts]


def all_weighers():
    """{class name: class} of every in-tree weigher."""
    found = {}
    for name in WEIGHER_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and
                    issubclass(value, BaseHostWeigher) and
                    value is not BaseHostWeigher and
                    not value.__name__.startswith('_')):
                found[value.__name__] = value
    return found


def get_weigher_classes(names, option='[filter_scheduler]weight_classes'):
    """Classes for ``names`` (class names, dotted paths, or upstream's
    ``nova.scheduler.weights.all_weighers`` / ``all_weighers``)."""
    known = all_weighers()
    classes = []
    for name in names:
        if name.split('.')[-1] == 'all_weighers':
            classes.extend(known[k] for k in sorted(known))
            continue
        classes.append(utils.find_plugin_class(
            name, known, BaseHostWeigher, 'weigher', option))
    return classes


def load_weighers(names):
    return [cls() for cls in get_weigher_classes(names)]


def get_weighed_hosts(weighers, host_states, spec_obj):
    """WeighedHosts sorted best first."""
    weighed = [WeighedHost(h) for h in host_states]
    if not weighed:
        return []
    for weigher in weighers:
        raw = weigher.weigh_objects(weighed, spec_obj)
        multiplier = weigher.weight_multiplier()
        for item, value in zip(weighed, normalize(raw, weigher.minval,
                                                  weigher.maxval)):
            item.weight += multiplier * value
    return sorted(weighed, key=lambda w: w.weight, reverse=True)
