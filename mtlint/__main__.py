"""``python -m mtlint``: the command line."""

from mtlint.detector.cli import main

raise SystemExit(main())
