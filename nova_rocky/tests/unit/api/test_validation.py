"""Request body, query string and response schema validation."""

import fixtures
import testtools

from nova_rocky.api import common
from nova_rocky.api import validation
from nova_rocky.tests.fixtures import api as api_fixture

CREATE_V21 = {
    'type': 'object',
    'properties': {'widget': {
        'type': 'object',
        'properties': {'name': {'type': 'string', 'maxLength': 5},
                       'size': {'type': 'integer', 'minimum': 1}},
        'required': ['name'], 'additionalProperties': False}},
    'required': ['widget'], 'additionalProperties': False}
CREATE_V210 = {
    'type': 'object',
    'properties': {'widget': {
        'type': 'object',
        'properties': {'name': {'type': 'string'},
                       'uuid': {'type': 'string', 'format': 'uuid'}},
        'required': ['name', 'uuid'], 'additionalProperties': False}},
    'required': ['widget'], 'additionalProperties': False}
LIST_QUERY = {
    'type': 'object',
    'properties': {'limit': validation.multi_params(
        {'type': 'string', 'pattern': '^[0-9]+$'})},
    'additionalProperties': True}
WIDGET_RESPONSE = {
    'type': 'object',
    'properties': {'widget': {'type': 'object', 'required': ['name']}},
    'required': ['widget']}


@validation.schema(CREATE_V21, '2.1', '2.9')
@validation.schema(CREATE_V210, '2.10')
def create_widget(req, body):
    return common.json_response(req, body)


@validation.query_schema(LIST_QUERY)
def list_widgets(req):
    return common.json_response(req, {'params': sorted(req.GET)})


@validation.response_body_schema(WIDGET_RESPONSE)
def show_widget(req, widget_id):
    if widget_id == 'broken':
        return common.json_response(req, {'oops': 1})
    return common.json_response(req, {'widget': {'name': widget_id}})


ROUTES = {'/widgets': {'GET': list_widgets, 'POST': create_widget},
          '/widgets/{widget_id}': {'GET': show_widget}}
UUID = '8b4f1f4e-0a42-4a59-9a52-3c7b0f0a9d11'


class SchemaTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.FakeLogger())
        self.api = self.useFixture(api_fixture.APIFixture(routes=ROUTES))

    def _message(self, resp):
        self.assertEqual(400, resp.status_int)
        return resp.json['badRequest']['message']

    def test_valid(self):
        resp = self.api.post('/v2.1/widgets', {'widget': {'name': 'ab'}})
        self.assertEqual(200, resp.status_int)

    def test_message_names_field_and_value(self):
        message = self._message(self.api.post(
            '/v2.1/widgets', {'widget': {'name': 'ab', 'size': 0}}))
        self.assertEqual('Invalid input for field/attribute size. Value: 0. '
                         '0 is less than the minimum of 1', message)

    def test_too_long(self):
        message = self._message(self.api.post(
            '/v2.1/widgets', {'widget': {'name': 'abcdefgh'}}))
        self.assertIn('field/attribute name. Value: abcdefgh.', message)

    def test_missing_and_extra(self):
        self.assertIn("'name' is a required property", self._message(
            self.api.post('/v2.1/widgets', {'widget': {}})))
        self.assertIn("Additional properties are not allowed", self._message(
            self.api.post('/v2.1/widgets',
                          {'widget': {'name': 'a', 'bogus': 1}})))

    def test_missing_body(self):
        self.assertIn('None is not of type', self._message(
            self.api.post('/v2.1/widgets')))

    def test_version_ranges(self):
        body = {'widget': {'name': 'long-name', 'uuid': UUID}}
        self.assertEqual(400, self.api.post(
            '/v2.1/widgets', body, version='2.9').status_int)
        self.assertEqual(200, self.api.post(
            '/v2.1/widgets', body, version='2.10').status_int)

    def test_uuid_format(self):
        message = self._message(self.api.post(
            '/v2.1/widgets', {'widget': {'name': 'a', 'uuid': 'nope'}},
            version='2.10'))
        self.assertIn("'nope' is not a 'uuid'", message)

    def test_legacy_v2_drops_unknown_properties(self):
        resp = self.api.post('/v2/widgets',
                             {'widget': {'name': 'a', 'bogus': 1}})
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'widget': {'name': 'a'}}, resp.json)

    def test_query_schema(self):
        self.assertIn('field/attribute limit', self._message(
            self.api.get('/v2.1/widgets?limit=x')))
        resp = self.api.get('/v2.1/widgets?limit=3&junk=1')
        self.assertEqual(['limit'], resp.json['params'])

    def test_response_schema_checked_in_tests(self):
        self.assertEqual(200, self.api.get('/v2.1/widgets/w1').status_int)
        resp = self.api.get('/v2.1/widgets/broken')
        self.assertEqual(500, resp.status_int)

    def test_response_schemas_recorded(self):
        self.assertEqual([(None, None, WIDGET_RESPONSE)],
                         show_widget.response_schemas)

    def test_validate_response_helper(self):
        validation.validate_response(WIDGET_RESPONSE, b'{"widget": '
                                                      b'{"name": "x"}}')
        self.assertRaises(AssertionError, validation.validate_response,
                          WIDGET_RESPONSE, {'widget': {}})
