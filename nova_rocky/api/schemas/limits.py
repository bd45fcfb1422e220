"""Query schema of GET /limits: ``tenant_id``; others are ignored."""

from nova_rocky.api.validation import multi_params

index_query = {
    'type': 'object',
    'properties': {'tenant_id': multi_params({'type': 'string'})},
    'additionalProperties': True,
}
