"""Versioned objects. ``register_all()`` imports every object module.

Objects register themselves on this package when their module is imported,
so callers write ``objects.Instance``.
"""


def register_all():
    # NOTE: every object module must be listed here so that services that
    # receive objects over RPC can rebuild them.
    __import__('nova_rocky.objects.aggregate')
    __import__('nova_rocky.objects.build_request')
    __import__('nova_rocky.objects.cell_mapping')
    __import__('nova_rocky.objects.compute_node')
    __import__('nova_rocky.objects.flavor')
    __import__('nova_rocky.objects.host_mapping')
    __import__('nova_rocky.objects.image_meta')
    __import__('nova_rocky.objects.instance')
    __import__('nova_rocky.objects.instance_action')
    __import__('nova_rocky.objects.instance_fault')
    __import__('nova_rocky.objects.instance_group')
    __import__('nova_rocky.objects.instance_info_cache')
    __import__('nova_rocky.objects.instance_mapping')
    __import__('nova_rocky.objects.keypair')
    __import__('nova_rocky.objects.migration')
    __import__('nova_rocky.objects.request_spec')
    __import__('nova_rocky.objects.selection')
    __import__('nova_rocky.objects.service')
