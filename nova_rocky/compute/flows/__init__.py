"""Long compute flows, one module each. The manager's RPC entry points hand
them to its worker pool with the manager as first argument (its driver,
clients and per-instance locks)."""
