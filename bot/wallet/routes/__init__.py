"""HTTP routes, one module per resource. app.py mounts them."""
