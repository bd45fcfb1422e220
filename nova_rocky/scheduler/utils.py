"""Scheduler helpers: the placement request built from a RequestSpec.

``ResourceRequest`` turns a flavor (amounts and ``resources*:`` /
``trait*:`` / ``group_policy`` extra specs), the image's required traits
and the boot-from-volume flag into the query of
``GET /allocation_candidates``, as upstream Nova does:

* unnumbered group: VCPU, MEMORY_MB and DISK_GB from the flavor, where
  DISK_GB is root + ephemeral + swap (MB) rounded up to whole GB, and the
  root disk is left out for a volume-backed server; ``resources:RC=N``
  overrides (``resources:VCPU=0`` drops a standard amount);
* numbered groups ``resourcesN:RC=N`` / ``traitN:T=required|forbidden``
  must each be satisfied by one provider (placement 1.25 granular);
* ``trait:T=required`` -> ``required=T``, ``=forbidden`` -> ``required=!T``;
* zero amounts are not requested at all.
"""

import math
import re
import urllib.parse

import os_resource_classes as orc
from oslo_log import log as logging
from oslo_utils import importutils
from oslo_utils import timeutils

from nova_rocky import conf
from nova_rocky import exception

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# "resources:VCPU", "resources2:CUSTOM_X", "trait:HW_CPU_X86_AVX",
# "trait1:CUSTOM_Y": the prefix, the optional group number and the name.
XS_KEYPAT = re.compile(r'^(resources|trait)([1-9][0-9]*)?:(.*)$')
TRAIT_REQUIRED = 'required'
TRAIT_FORBIDDEN = 'forbidden'
GROUP_POLICIES = ('none', 'isolate')


class RequestGroup(object):
    """Resources and traits that one provider (numbered group) or the
    whole tree (unnumbered group) must satisfy."""

    def __init__(self, suffix=''):
        self.suffix = suffix
        self.use_same_provider = bool(suffix)
        self.resources = {}
        self.required_traits = set()
        self.forbidden_traits = set()
        self.member_of = []
        self.forbidden_aggregates = set()

    def __repr__(self):
        return ('RequestGroup(suffix=%r, resources=%r, required=%r, '
                'forbidden=%r, member_of=%r)' % (
                    self.suffix, self.resources, sorted(self.required_traits),
                    sorted(self.forbidden_traits), self.member_of))

    def is_empty(self):
        return not (self.resources or self.required_traits or
                    self.forbidden_traits or self.member_of or
                    self.forbidden_aggregates)


def _valid_resource_class(name):
    return name in orc.STANDARDS or name.startswith(orc.CUSTOM_NAMESPACE)


class ResourceRequest(object):
    """The placement query of one scheduling request."""

    def __init__(self):
        self._groups = {'': RequestGroup()}
        self.group_policy = None
        self.limit = None

    # -- building ---------------------------------------------------------

    def get_request_group(self, suffix=''):
        """The group for ``suffix`` ('' is the unnumbered one), created
        on first use."""
        suffix = suffix or ''
        if suffix not in self._groups:
            self._groups[suffix] = RequestGroup(suffix)
        return self._groups[suffix]

    @property
    def groups(self):
        """Groups in query order: unnumbered first, then by number."""
        return [self._groups[s] for s in sorted(
            self._groups, key=lambda s: (s != '', len(s), s))]

    def _add_resource(self, suffix, rc, amount):
        if not _valid_resource_class(rc):
            LOG.warning('Ignoring unknown resource class %s in flavor '
                        'extra specs', rc)
            return
        try:
            value = int(amount)
        except (TypeError, ValueError):
            value = -1
        if value < 0:
            LOG.warning('Ignoring resource amount %r for %s: not a '
                        'non-negative integer', amount, rc)
            return
        self.get_request_group(suffix).resources[rc] = value

    def _add_trait(self, suffix, trait, value):
        if value not in (TRAIT_REQUIRED, TRAIT_FORBIDDEN):
            LOG.warning('Ignoring trait %s=%s: only "required" and '
                        '"forbidden" are understood', trait, value)
            return
        group = self.get_request_group(suffix)
        if value == TRAIT_REQUIRED:
            group.required_traits.add(trait)
        else:
            group.forbidden_traits.add(trait)

    @classmethod
    def from_extra_specs(cls, extra_specs, req=None):
        """Parse ``resources[N]:``, ``trait[N]:`` and ``group_policy``.

        Other extra specs (``capabilities:``, ``hw:``...) are ignored here.
        """
        req = req if req is not None else cls()
        for key, value in sorted((extra_specs or {}).items()):
            if key == 'group_policy':
                if value in GROUP_POLICIES:
                    req.group_policy = value
                else:
                    LOG.warning('Ignoring group_policy=%s: must be one of '
                                '%s', value, ', '.join(GROUP_POLICIES))
                continue
            match = XS_KEYPAT.match(key)
            if not match:
                continue
            prefix, suffix, name = match.groups()
            if prefix == 'resources':
                req._add_resource(suffix, name, value)
            else:
                req._add_trait(suffix, name, value)
        return req

    @classmethod
    def from_request_spec(cls, spec_obj, limit=None):
        """The placement request of a RequestSpec (flavor, image, bfv)."""
        flavor = spec_obj.flavor
        req = cls.from_extra_specs(getattr(flavor, 'extra_specs', None))
        group = req.get_request_group('')
        is_bfv = bool(spec_obj.obj_attr_is_set('is_bfv') and spec_obj.is_bfv)
        disk_mb = 1024 * (flavor.ephemeral_gb or 0) + (flavor.swap or 0)
        if not is_bfv:
            disk_mb += 1024 * (flavor.root_gb or 0)
        standard = {
            orc.VCPU: flavor.vcpus,
            orc.MEMORY_MB: flavor.memory_mb,
            orc.DISK_GB: int(math.ceil(disk_mb / 1024.0)),
        }
        for rc, amount in standard.items():
            # An explicit resources:RC in the flavor wins.
            group.resources.setdefault(rc, amount)
        image = (spec_obj.image if spec_obj.obj_attr_is_set('image')
                 else None)
        if image is not None and image.obj_attr_is_set('properties'):
            props = image.properties
            if props.obj_attr_is_set('traits_required'):
                group.required_traits.update(props.traits_required or [])
        req.strip_zeros()
        req.limit = limit
        return req

    def strip_zeros(self):
        """Drop zero amounts and groups left with nothing to ask."""
        for suffix, group in list(self._groups.items()):
            group.resources = {rc: n for rc, n in group.resources.items()
                               if n}
            if suffix and group.is_empty():
                del self._groups[suffix]

    # -- reading ----------------------------------------------------------

    @property
    def merged_resources(self):
        """{rc: amount} summed over every group."""
        total = {}
        for group in self._groups.values():
            for rc, amount in group.resources.items():
                total[rc] = total.get(rc, 0) + amount
        return total

    @property
    def all_required_traits(self):
        traits = set()
        for group in self._groups.values():
            traits |= group.required_traits
        return traits

    def to_query_params(self):
        """[(name, value)] in a stable (sorted) order."""
        params = []
        for group in self.groups:
            sfx = group.suffix
            if group.resources:
                params.append(('resources' + sfx, ','.join(
                    '%s:%s' % (rc, amount)
                    for rc, amount in sorted(group.resources.items()))))
            if group.required_traits or group.forbidden_traits:
                params.append(('required' + sfx, ','.join(
                    sorted(group.required_traits) +
                    ['!' + t for t in sorted(group.forbidden_traits)])))
            for aggs in group.member_of:
                params.append(('member_of' + sfx,
                               'in:' + ','.join(sorted(aggs))))
            if group.forbidden_aggregates:
                params.append(('member_of' + sfx, '!in:' + ','.join(
                    sorted(group.forbidden_aggregates))))
        if self.group_policy:
            params.append(('group_policy', self.group_policy))
        if self.limit is not None:
            params.append(('limit', str(int(self.limit))))
        return sorted(params)

    def to_querystring(self):
        """The query string of GET /allocation_candidates."""
        return urllib.parse.urlencode(self.to_query_params())


def request_is_rebuild(spec_obj):
    """True when the request checks a rebuild with a new image on the
    instance's own host (the ``_nova_check_type`` hint)."""
    if spec_obj is None or not spec_obj.obj_attr_is_set('scheduler_hints'):
        return False
    hints = spec_obj.scheduler_hints or {}
    return hints.get('_nova_check_type') == ['rebuild']


def service_is_up(service, now=None):
    """True if the service heartbeat is recent and it is not forced down.

    ``now`` (naive UTC) is the moment to judge at; the host manager passes
    the time it read the service, so a cached row does not look stale just
    because the cache is a few seconds old.
    """
    if service.obj_attr_is_set('forced_down') and service.forced_down:
        return False
    last = None
    for name in ('last_seen_up', 'updated_at', 'created_at'):
        if service.obj_attr_is_set(name) and getattr(service, name):
            last = getattr(service, name)
            break
    if last is None:
        return False
    if now is None:
        now = timeutils.utcnow()
    if last.tzinfo is not None and now.tzinfo is None:
        last = last.replace(tzinfo=None)
    elif last.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    elapsed = timeutils.delta_seconds(last, now)
    return abs(elapsed) <= CONF.service_down_time


def find_plugin_class(name, known, base, kind, option):
    """The filter or weigher class called ``name``.

    ``known`` maps the built-in class names to classes; a dotted path
    imports an operator's own class, which must subclass ``base``.
    Raises SchedulerFilterNotFound naming ``option`` otherwise.
    """
    cls = known.get(name)
    if cls is None and '.' in name:
        try:
            cls = importutils.import_class(name)
        except (ImportError, ValueError, AttributeError):
            cls = None
        if not (isinstance(cls, type) and issubclass(cls, base)):
            cls = None
    if cls is None:
        raise exception.SchedulerFilterNotFound(
            kind=kind, name=name, option=option,
            known=', '.join(sorted(known)))
    return cls


CUSTOM_TRAIT_PATTERN = re.compile(r'^CUSTOM_[A-Z0-9_]+$')


def is_valid_trait(name):
    """True for an os-traits standard trait or a well-formed CUSTOM_ one."""
    import os_traits
    if CUSTOM_TRAIT_PATTERN.match(name or ''):
        return True
    return getattr(os_traits, name or '-', None) == name


def required_traits_of_metadata(metadata):
    """Traits an aggregate's ``trait:<NAME>=required`` metadata asks for."""
    traits = set()
    for key, value in (metadata or {}).items():
        match = XS_KEYPAT.match(key)
        if match and match.group(1) == 'trait' and not match.group(2) \
                and value == TRAIT_REQUIRED:
            traits.add(match.group(3))
    return traits
