"""The compute REST API (upstream Nova's, microversions 2.1 to 2.65).

How a request flows (see ``wsgi`` for the middleware stack)::

    wsgi.URLMap -> request id, fault wrapper, auth, context, microversion
      -> router.APIRouter -> handlers/<resource>.py function

Adding a resource ``widgets``:

* ``api/handlers/widgets.py``: functions ``list_widgets(req)``,
  ``create_widget(req, body)``... returning ``common.json_response``.
* ``api/schemas/widgets.py``: versioned JSON-schema dicts, applied with
  ``@validation.schema(...)`` / ``@validation.query_schema(...)``.
* ``api/router.py``: its lines in ``ROUTE_DECLARATIONS``.
* ``policies/widgets.py``: ``list_rules()``, one line in
  ``policies/__init__.py``; handlers call ``req.context.can(...)``.
* a microversion changes behaviour: a new ``microversion.VERSIONS`` entry,
  a ``rest_api_version_history.rst`` heading, and handler branches on
  ``req.api_version >= (2, N)`` or ``@microversion.version_handler``.
"""
