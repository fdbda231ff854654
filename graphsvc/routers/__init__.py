"""HTTP routes of the service, one module per resource (JSON under /api, pages at the root)."""
