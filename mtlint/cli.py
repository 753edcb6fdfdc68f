"""The ``mtlint`` command: the detector's command line with training's ``train`` and ``eval``.

The detector may not import training (the layering of ARCHITECTURE.md), so the command is put
together here, in the root package, which sits above both. Training's parser is imported only
when the command line names no built-in command or asks for help (``check`` and ``--version``
never load it).
"""

from __future__ import annotations

from typing import Any

from mtlint.detector.cli import main as detector_main


def _training_commands(sub: Any) -> None:
    from mtlint.training.cli import register

    register(sub)


def main(argv: list[str] | None = None) -> int:
    return detector_main(argv, commands=_training_commands)
