"""Builders of request specs and host states for scheduler tests."""

from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_rocky import objects
from nova_rocky.objects import flavor as flavor_obj  # noqa: F401
from nova_rocky.objects import image_meta  # noqa: F401
from nova_rocky.objects import request_spec  # noqa: F401
from nova_rocky.objects import service as service_obj  # noqa: F401
from nova_rocky.scheduler import host_manager


def make_flavor(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0,
                extra_specs=None):
    return objects.Flavor(name='m1.test', flavorid='42', vcpus=vcpus,
                          memory_mb=memory_mb, root_gb=root_gb,
                          ephemeral_gb=ephemeral_gb, swap=swap,
                          extra_specs=extra_specs or {})


def make_spec(flavor=None, image_props=None, is_bfv=False, az=None,
              num_instances=1, **kwargs):
    image = objects.ImageMeta.from_dict(
        {'id': uuidutils.generate_uuid(), 'name': 'img',
         'properties': image_props or {}})
    spec = objects.RequestSpec(
        instance_uuid=uuidutils.generate_uuid(), project_id='p1',
        user_id='u1', availability_zone=az, flavor=flavor or make_flavor(),
        image=image, num_instances=num_instances, ignore_hosts=None,
        force_hosts=None, force_nodes=None, scheduler_hints={},
        requested_destination=None, is_bfv=is_bfv)
    for name, value in kwargs.items():
        setattr(spec, name, value)
    return spec


def make_service(disabled=False, up=True):
    now = timeutils.utcnow()
    seen = now if up else now.replace(year=now.year - 1)
    return objects.Service(host='h', binary='nova-compute', disabled=disabled,
                           forced_down=False, last_seen_up=seen)


def make_host_state(host='host1', node=None, free_ram_mb=1024,
                    free_disk_mb=10240, vcpus_total=4, vcpus_used=0,
                    cell_uuid=None, **attrs):
    state = host_manager.HostState(host, node or host,
                                   cell_uuid or uuidutils.generate_uuid())
    state.uuid = uuidutils.generate_uuid()
    state.free_ram_mb = free_ram_mb
    state.free_disk_mb = free_disk_mb
    state.vcpus_total = vcpus_total
    state.vcpus_used = vcpus_used
    state.cpu_allocation_ratio = 1.0
    state.service = make_service()
    for name, value in attrs.items():
        setattr(state, name, value)
    return state
