"""Versioned JSON-schema dicts, one module per resource (see validation)."""
