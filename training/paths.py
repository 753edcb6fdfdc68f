"""Where the shared data lives: ``--data``, ``$MTLINT_DATA``, or ``../shared/data`` from the repo."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_root(explicit: Path | None = None) -> Path:
    candidates = [explicit] if explicit else []
    if os.environ.get("MTLINT_DATA"):
        candidates.append(Path(os.environ["MTLINT_DATA"]))
    candidates += [REPO_ROOT.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]
    for path in candidates:
        if path and path.is_dir():
            return path
    raise FileNotFoundError(
        "shared data not found: pass --data DIR or set MTLINT_DATA (looked in "
        + ", ".join(str(p) for p in candidates if p)
        + ")"
    )
