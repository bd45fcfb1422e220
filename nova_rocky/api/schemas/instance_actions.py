"""Query schema of GET /servers/{server_id}/os-instance-actions.

2.58 added paging (``limit``, ``marker`` = a request id) and
``changes-since``; before it the list takes no parameters and unknown
ones are ignored, as upstream.
"""

from nova_rocky.api.validation import multi_params

list_query_v258 = {
    'type': 'object',
    'properties': {
        'limit': multi_params({'type': 'string', 'pattern': '^[0-9]+$'}),
        'marker': multi_params({'type': 'string'}),
        'changes-since': multi_params({'type': 'string',
                                       'format': 'date-time'}),
    },
    'additionalProperties': False,
}
