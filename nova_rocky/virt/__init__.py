"""Virt layer: the hypervisor drivers nova-compute drives.

``driver.ComputeDriver`` is the interface, ``driver.load_compute_driver``
picks one by ``[DEFAULT]compute_driver``, and ``fake.FakeDriver`` keeps
guests in memory for tests, benchmarks and the all-in-one demo.
"""
