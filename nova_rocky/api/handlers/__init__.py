"""Compute API handlers, one module per resource.

A handler is a plain function ``verb_noun(req, **path_vars)`` (plus
``body`` for POST/PUT/PATCH) registered in ``nova_rocky.api.router``'s
``ROUTE_DECLARATIONS``. It checks policy with ``req.context.can(...)``,
validates input with ``nova_rocky.api.validation`` decorators, calls the
compute layer and returns ``common.json_response(...)``.
"""
