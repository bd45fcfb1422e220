#!/usr/bin/env python3
"""Run tools/bench_boot.py against separate daemons on this machine.

Starts the same deployment as the integration tests (placement-api and
nova-api under gunicorn, nova-conductor, nova-scheduler and two
nova-compute processes over RabbitMQ and MariaDB, see
nova_rocky/tests/integration/harness.py), creates a flavor, runs the
benchmark with the given arguments (default -n 200 -c 10) and tears the
deployment down.

    tools/bench_distributed.py [-n 200] [-c 10]
"""

import os
import subprocess
import sys
import unittest

import requests
import testtools

from nova_rocky.tests.integration import harness

HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = sys.argv[1:] or ['-n', '200', '-c', '10']


class DistributedBenchmark(testtools.TestCase):
    """A test case only as the host of the deployment fixture."""

    def test_benchmark(self):
        harness.require_services(self)
        deployment = self.useFixture(harness.Deployment(self, computes=2))
        requests.post(
            deployment.api_url + '/v2.1/flavors',
            headers={'X-Auth-Token': 'admin:admin'},
            json={'flavor': {'name': 'bench', 'id': 'bench', 'ram': 128,
                             'vcpus': 1, 'disk': 1}}).raise_for_status()
        result = subprocess.run(
            [sys.executable, os.path.join(HERE, 'bench_boot.py'), '--url',
             deployment.api_url + '/v2.1', '--image', deployment.image_id,
             '--flavor', 'bench'] + ARGS)
        self.assertEqual(0, result.returncode)


if __name__ == '__main__':
    unittest.main(argv=[sys.argv[0]])
