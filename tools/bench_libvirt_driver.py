#!/usr/bin/env python3
"""Spawn/destroy throughput of the libvirt driver on a libvirt URI.

Drives LibvirtDriver directly (no API, no scheduler) for N guests: spawn
(XML generation, define, start), get_info, destroy (stop, undefine); then
times get_available_resource with the guests present. Prints guests/s and
p50/p95 milliseconds per step. Defaults to libvirt's test hypervisor.

    tools/bench_libvirt_driver.py -n 500 --uri test:///default
"""

import argparse
import statistics
import sys
import tempfile
import time
import types
import uuid


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100.0))]


def make_instance():
    flavor = types.SimpleNamespace(vcpus=1, memory_mb=64, root_gb=0,
                                   ephemeral_gb=0, swap=0)
    guest_uuid = str(uuid.uuid4())
    return types.SimpleNamespace(uuid=guest_uuid,
                                 name='bench-%s' % guest_uuid[:8],
                                 flavor=flavor)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=500, help='guests')
    parser.add_argument('--uri', default='test:///default')
    args = parser.parse_args(argv)

    from nova_rocky import conf
    from nova_rocky import objects
    from nova_rocky.virt import fake
    from nova_rocky.virt.libvirt import driver as libvirt_driver
    conf.CONF([], project='nova', default_config_files=[])
    conf.CONF.set_override('connection_uri', args.uri, group='libvirt')
    conf.CONF.set_override('instances_path', tempfile.gettempdir(),
                           group='libvirt')
    objects.register_all()
    drv = libvirt_driver.LibvirtDriver(fake.FakeVirtAPI())
    drv.init_host('bench')
    image = objects.ImageMeta.from_dict({'properties': {}})

    spawn_ms, destroy_ms = [], []
    instances = [make_instance() for _ in range(args.n)]
    started = time.perf_counter()
    for instance in instances:
        t0 = time.perf_counter()
        drv.spawn(None, instance, image, [], None, {})
        drv.get_info(instance)
        spawn_ms.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    drv.get_available_resource('bench')
    resource_ms = (time.perf_counter() - t0) * 1000
    for instance in instances:
        t0 = time.perf_counter()
        drv.destroy(None, instance)
        destroy_ms.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - started
    drv.cleanup_host('bench')
    print('%d guests spawned and destroyed in %.2f s: %.0f guests/s'
          % (args.n, total, args.n / total))
    print('spawn+get_info ms: p50 %.2f p95 %.2f' % (
        statistics.median(spawn_ms), percentile(spawn_ms, 95)))
    print('destroy ms: p50 %.2f p95 %.2f' % (
        statistics.median(destroy_ms), percentile(destroy_ms, 95)))
    print('get_available_resource with %d guests: %.2f ms'
          % (args.n, resource_ms))
    return 0


if __name__ == '__main__':
    sys.exit(main())
