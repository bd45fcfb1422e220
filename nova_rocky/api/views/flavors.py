"""Flavor response bodies per microversion.

* index (``GET /flavors``): id, name, links; 2.55 description.
* detail / show / create / update: also ram, disk, vcpus, swap (``""``
  when 0, as every version up to 2.65 does), ``OS-FLV-EXT-DATA:ephemeral``,
  ``OS-FLV-DISABLED:disabled``; ``os-flavor-access:is_public`` and
  ``rxtx_factor`` when their (permissive by default) policies pass; 2.55
  description; 2.61 ``extra_specs`` when the caller may list extra specs.

What depends on policy is decided once per request by :func:`options`.
"""

import collections

from nova_rocky.api import common
from nova_rocky.api import microversion
from nova_rocky.policies import flavor_access as access_policies
from nova_rocky.policies import flavor_extra_specs as spec_policies
from nova_rocky.policies import flavors as flavor_policies

DESCRIPTION_VERSION = '2.55'
EXTRA_SPECS_VERSION = '2.61'
COLLECTION = 'flavors'

Options = collections.namedtuple(
    'Options', ['description', 'extra_specs', 'is_public', 'rxtx_factor'])


def options(req):
    """What the flavor bodies of this request include."""
    context = common.get_context(req)
    extra_specs = (microversion.is_at_least(req, EXTRA_SPECS_VERSION) and
                   context.can(spec_policies.INDEX, fatal=False))
    return Options(
        description=microversion.is_at_least(req, DESCRIPTION_VERSION),
        extra_specs=bool(extra_specs),
        is_public=bool(context.can(access_policies.BASE, fatal=False)),
        rxtx_factor=bool(context.can(flavor_policies.RXTX, fatal=False)))


def basic(req, flavor, opts):
    """The index entry of one flavor."""
    body = {
        'id': flavor.flavorid,
        'name': flavor.name,
        'links': common.resource_links(req, COLLECTION, flavor.flavorid),
    }
    if opts.description:
        body['description'] = flavor.description
    return body


def detailed(req, flavor, opts):
    """The full body of one flavor (detail, show, create, update)."""
    body = basic(req, flavor, opts)
    body.update({
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap or '',
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
    })
    if opts.is_public:
        body['os-flavor-access:is_public'] = flavor.is_public
    if opts.rxtx_factor:
        body['rxtx_factor'] = flavor.rxtx_factor or ''
    if opts.extra_specs:
        body['extra_specs'] = dict(flavor.extra_specs)
    return body


def show(req, flavor, opts=None):
    """``{"flavor": {...}}``."""
    return {'flavor': detailed(req, flavor, opts or options(req))}


def _collection(req, flavors, builder, collection):
    opts = options(req)
    items = [builder(req, flavor, opts) for flavor in flavors]
    body = {'flavors': items}
    links = common.collection_links(req, items, collection)
    if links:
        body['flavors_links'] = links
    return body


def index(req, flavors):
    """``{"flavors": [...], "flavors_links": [...]}`` (brief)."""
    return _collection(req, flavors, basic, COLLECTION)


def detail(req, flavors):
    """``{"flavors": [...], "flavors_links": [...]}`` (full)."""
    return _collection(req, flavors, detailed, COLLECTION + '/detail')


def access_list(flavor):
    """``{"flavor_access": [{"flavor_id", "tenant_id"}, ...]}``."""
    return {'flavor_access': [
        {'flavor_id': flavor.flavorid, 'tenant_id': project_id}
        for project_id in flavor.projects]}
