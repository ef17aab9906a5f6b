"""One blueprint per area, registered explicitly by the app factory."""
