"""Response builders, one module per resource and microversion shape."""
