#!/usr/bin/env python3
"""Boot-and-delete throughput and latency of a running compute API.

Boots N servers with C concurrent clients through the REST API, waits for
each to go ACTIVE, deletes it and waits until it is gone; then, with 100
servers present, times GET /servers/detail. Prints servers/s, p50/p95
seconds to ACTIVE and the GET /servers/detail p50/p95.

    tools/bench_boot.py --url http://127.0.0.1:8774/v2.1 -n 200 -c 10

Works against nova-all started with ``--noauth`` or the separate daemons
(noauth2 token ``admin:admin``), or with ``--token`` a Keystone token
(``openstack token issue -f value -c id``) against a nova-all with
Keystone. The default quota (10 servers per project, as upstream) is far
below what the run keeps in flight: start the cloud with ``[quota]
instances = -1``, ``cores = -1`` and ``ram = -1`` in a config file, e.g.
``nova-all --noauth --config-file bench.conf``.
"""

import argparse
import concurrent.futures
import statistics
import sys
import time

import requests

HEADERS = {'OpenStack-API-Version': 'compute 2.37',
           'Accept': 'application/json'}


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return float('nan')
    index = max(0, min(len(ordered) - 1,
                       int(round(pct / 100.0 * len(ordered))) - 1))
    return ordered[index]


class Bench(object):

    def __init__(self, url, token, flavor, image, poll):
        self.url = url.rstrip('/')
        self.headers = dict(HEADERS, **{'X-Auth-Token': token})
        self.flavor = flavor
        self.image = image
        self.poll = poll
        self.session = requests.Session()

    def _get(self, path, headers=None):
        return self.session.get(self.url + path,
                                headers=dict(self.headers, **(headers or {})),
                                timeout=120)

    def pick_image(self):
        if not self.image:
            # The image proxy is gone from 2.36 on.
            images = self._get('/images', {
                'OpenStack-API-Version': 'compute 2.35'}).json()['images']
            self.image = images[0]['id']

    def create(self, name):
        resp = self.session.post(
            self.url + '/servers', headers=self.headers, timeout=120,
            json={'server': {'name': name, 'flavorRef': self.flavor,
                             'imageRef': self.image, 'networks': 'none'}})
        if resp.status_code == 403:
            raise SystemExit('bench_boot: the boot was refused (%s); lift '
                             'the [quota] limits of the cloud under test'
                             % resp.text[:200])
        resp.raise_for_status()
        return resp.json()['server']['id']

    def wait_status(self, server_id, wanted='ACTIVE'):
        while True:
            body = self._get('/servers/%s' % server_id).json()['server']
            if body['status'] == wanted:
                return
            if body['status'] == 'ERROR':
                raise RuntimeError('server %s ERROR: %s' % (
                    server_id, body.get('fault')))
            time.sleep(self.poll)

    def delete_and_wait(self, server_id):
        self.session.delete(self.url + '/servers/%s' % server_id,
                            headers=self.headers, timeout=120)
        while self._get('/servers/%s' % server_id).status_code != 404:
            time.sleep(self.poll)

    def boot_delete(self, index):
        started = time.monotonic()
        server_id = self.create('bench-%d' % index)
        self.wait_status(server_id)
        to_active = time.monotonic() - started
        self.delete_and_wait(server_id)
        return to_active


def run_boot(bench, count, concurrency):
    worker = lambda i: Bench.boot_delete(  # noqa: E731
        Bench(bench.url, bench.headers['X-Auth-Token'], bench.flavor,
              bench.image, bench.poll), i)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(worker, range(count)))
    elapsed = time.monotonic() - started
    return count / elapsed, latencies, elapsed


def run_detail(bench, present, samples, concurrency):
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        ids = list(pool.map(bench.create,
                            ['detail-%d' % i for i in range(present)]))
        list(pool.map(bench.wait_status, ids))
    timings = []
    for _ in range(samples):
        started = time.monotonic()
        resp = bench._get('/servers/detail')
        resp.raise_for_status()
        timings.append(time.monotonic() - started)
        assert len(resp.json()['servers']) >= present
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(bench.delete_and_wait, ids))
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', default='http://127.0.0.1:8774/v2.1')
    parser.add_argument('--token', default='admin:admin')
    parser.add_argument('-n', '--servers', type=int, default=200)
    parser.add_argument('-c', '--concurrency', type=int, default=10)
    parser.add_argument('--flavor', default='42')
    parser.add_argument('--image')
    parser.add_argument('--poll', type=float, default=0.2,
                        help='seconds between status polls')
    parser.add_argument('--detail-servers', type=int, default=100)
    parser.add_argument('--detail-samples', type=int, default=30)
    args = parser.parse_args(argv)

    bench = Bench(args.url, args.token, args.flavor, args.image, args.poll)
    bench.pick_image()
    rate, latencies, elapsed = run_boot(bench, args.servers,
                                        args.concurrency)
    print('boot+delete: %d servers, concurrency %d, %.1f s: %.2f servers/s'
          % (args.servers, args.concurrency, elapsed, rate))
    print('seconds to ACTIVE: p50 %.3f  p95 %.3f  mean %.3f' % (
        percentile(latencies, 50), percentile(latencies, 95),
        statistics.mean(latencies)))
    timings = run_detail(bench, args.detail_servers, args.detail_samples,
                         args.concurrency)
    print('GET /servers/detail with %d servers: p50 %.1f ms  p95 %.1f ms'
          % (args.detail_servers, percentile(timings, 50) * 1000,
             percentile(timings, 95) * 1000))
    return 0


if __name__ == '__main__':
    sys.exit(main())
