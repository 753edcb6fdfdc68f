#!/usr/bin/env bash
# Set up everything (idempotent), start the real LanguageTool server, run lint and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
if .venv/bin/mtlint languagetool status >/dev/null 2>&1; then
  echo "LanguageTool: using the server already running"
else
  .venv/bin/mtlint languagetool start
  trap '.venv/bin/mtlint languagetool stop >/dev/null 2>&1 || true' EXIT
fi
.venv/bin/python -m pytest -q "$@"
