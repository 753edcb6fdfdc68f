"""``mtlint-precommit FILE...``: the pre-commit hook's entry point.

Runs ``mtlint check --force-exclude`` on the staged files (pre-commit installs mtlint into an
environment of its own; a plain install is complete), so that include, exclude and .gitignore
select among them as ``mtlint check .`` would, with grammar only when a LanguageTool server is
already running.
"""

from __future__ import annotations

import sys

from .cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    from mtlint.features.languagetool.server import find_url

    args = list(sys.argv[1:] if argv is None else argv)
    flags = ["--force-exclude"]  # the staged files are selected as `mtlint check .` would select them
    if not find_url():
        flags.append("--no-grammar")
    return cli_main(["check", *flags, *args])


if __name__ == "__main__":
    raise SystemExit(main())
