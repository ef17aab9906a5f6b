"""Running an installation: the command line, and export and import of a whole installation."""
