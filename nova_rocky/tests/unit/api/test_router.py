"""Guards over the route table that other resources extend."""

import testtools

from nova_rocky.api import microversion
from nova_rocky.api import router
from nova_rocky.api.handlers import versions

VERBS = {'GET', 'POST', 'PUT', 'PATCH', 'DELETE'}


class RouteTableTest(testtools.TestCase):

    def test_every_handler_resolves(self):
        for path, targets in router.ROUTE_DECLARATIONS.items():
            self.assertTrue(path.startswith('/'), path)
            self.assertLessEqual(set(targets), VERBS, path)
            for target in targets.values():
                self.assertTrue(callable(router.resolve(target)), target)
        router.make_map(router.ROUTE_DECLARATIONS)

    def test_resolve_string(self):
        self.assertIs(versions.show_version,
                      router.resolve('versions:show_version'))

    def test_version_handler_ranges_do_not_overlap(self):
        router.make_map(router.ROUTE_DECLARATIONS)  # imports all handlers
        for name, variants in microversion.VERSIONED_METHODS.items():
            ranges = sorted((low, high) for low, high, _f in variants)
            for (_l1, high1), (low2, _h2) in zip(ranges, ranges[1:]):
                self.assertLess(high1, low2, name)
