"""Privacy operations on an organisation's data: export of what is held, and erasure."""
