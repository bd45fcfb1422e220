"""Long conductor flows, one module each; the manager's entry points call
them with the manager as first argument (its clients and caches)."""
