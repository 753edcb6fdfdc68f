"""``mtlint-precommit FILE...``: the pre-commit hook's entry point.

Runs ``mtlint check`` on the staged files (pre-commit installs mtlint into an environment of
its own; a plain install is complete), with grammar only when a LanguageTool server is
already running.
"""

from __future__ import annotations

import sys

from .cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    from mtlint.features.languagetool.server import find_url

    args = list(sys.argv[1:] if argv is None else argv)
    flags = [] if find_url() else ["--no-grammar"]
    return cli_main(["check", *flags, *args])


if __name__ == "__main__":
    raise SystemExit(main())
