"""Paging, links and response helpers."""

import testtools
import webob

from nova_rocky.api import common
from nova_rocky.tests.fixtures import conf as conf_fixture


def _req(url, url_project_id=None):
    req = webob.Request.blank(url)
    # As URLMap leaves it: the endpoint in SCRIPT_NAME.
    req.script_name, req.path_info = '/v2.1', req.path_info[len('/v2.1'):]
    if url_project_id:
        req.environ['nova.url_project_id'] = url_project_id
    return req


class PagingTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(conf_fixture.ConfFixture())
        self.conf.config(group='api', max_limit=3)

    def test_defaults(self):
        self.assertEqual((3, None),
                         common.get_limit_and_marker(_req('/v2.1/things')))

    def test_limit_capped_and_marker(self):
        req = _req('/v2.1/things?limit=10&marker=abc')
        self.assertEqual((3, 'abc'), common.get_limit_and_marker(req))
        req = _req('/v2.1/things?limit=2')
        self.assertEqual((2, None), common.get_limit_and_marker(req))

    def test_bad_limits(self):
        for value, message in (('x', 'limit param must be an integer'),
                               ('-1', 'limit param must be positive')):
            exc = self.assertRaises(
                webob.exc.HTTPBadRequest, common.get_limit_and_marker,
                _req('/v2.1/things?limit=%s' % value))
            self.assertEqual(message, exc.explanation)

    def test_collection_links_on_full_page(self):
        req = _req('/v2.1/things?limit=2&name=a&marker=old')
        links = common.collection_links(req, [{'id': 1}, {'id': 2}],
                                        'things')
        self.assertEqual([{'rel': 'next', 'href': 'http://localhost/v2.1/'
                           'things?limit=2&name=a&marker=2'}], links)

    def test_no_next_link_on_short_page(self):
        req = _req('/v2.1/things?limit=2')
        self.assertEqual([], common.collection_links(req, [{'id': 1}],
                                                     'things'))

    def test_resource_links(self):
        req = _req('/v2.1/p1/things/9', url_project_id='p1')
        self.assertEqual(
            [{'rel': 'self', 'href': 'http://localhost/v2.1/p1/things/9'},
             {'rel': 'bookmark', 'href': 'http://localhost/p1/things/9'}],
            common.resource_links(req, 'things', 9))

    def test_link_prefix(self):
        self.conf.config(group='api', compute_link_prefix='https://x/api')
        self.assertEqual('https://x/api/v2.1/things/9',
                         common.resource_url(_req('/v2.1/things'),
                                             'things', 9))


class ResponseTest(testtools.TestCase):

    def test_json_response(self):
        resp = common.json_response(None, {'a': 1}, status=202,
                                    headers={'Location': 'http://x/1'})
        self.assertEqual(202, resp.status_int)
        self.assertEqual('application/json', resp.content_type)
        self.assertEqual({'a': 1}, resp.json)
        self.assertEqual('http://x/1', resp.headers['Location'])

    def test_empty_response(self):
        resp = common.empty_response()
        self.assertEqual(204, resp.status_int)
        self.assertEqual(b'', resp.body)
        self.assertNotIn('Content-Type', resp.headers)

    def test_url_join(self):
        self.assertEqual('http://h/v2.1/a/b',
                         common.url_join('http://h/v2.1/', '', '/a/', 'b'))
