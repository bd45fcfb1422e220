"""GET /limits: the project's absolute limits and usage (no rate limits).

``?tenant_id=<project>`` shows another project's, for administrators
(``os_compute_api:os-used-limits``); other query parameters are ignored.
"""

from nova_rocky.api import common
from nova_rocky.api.schemas import limits as schema
from nova_rocky.api import validation
from nova_rocky.api.views import limits as view
from nova_rocky.policies import limits as policies
from nova_rocky import quota


@validation.query_schema(schema.index_query)
def show_limits(req):
    """GET /limits"""
    context = common.get_context(req)
    context.can(policies.BASE)
    project_id = context.project_id
    if 'tenant_id' in req.GET:
        project_id = req.GET['tenant_id']
        context.can(policies.USED_LIMITS, {'project_id': project_id})
    used = quota.count_usage(context, project_id)
    return common.json_response(
        req, view.build(req, quota.get_limits(), used))
