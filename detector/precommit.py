"""``mtlint-precommit FILE...``: the pre-commit hook's entry point.

Provisions the offline data on first use (pre-commit installs mtlint into an environment of
its own), then runs ``mtlint check`` on the staged files, with grammar only when a
LanguageTool server is already running.
"""

from __future__ import annotations

import sys

from .cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    import nltk

    from features.languagetool.server import find_url
    from features.readability import provision_cmudict

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        provision_cmudict()
    args = list(sys.argv[1:] if argv is None else argv)
    flags = [] if find_url() else ["--no-grammar"]
    return cli_main(["check", *flags, *args])


if __name__ == "__main__":
    raise SystemExit(main())
