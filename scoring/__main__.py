"""Run the scoring command line: ``python -m scoring score --responses FILE.json``."""

import sys

from scoring.cli import main

sys.exit(main())
