"""``python -m mtlint``: the command line."""

from mtlint.cli import main

raise SystemExit(main())
