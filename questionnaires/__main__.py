"""Entry point of ``python -m questionnaires``; see :mod:`questionnaires.cli`."""

from questionnaires.cli import main

raise SystemExit(main())
