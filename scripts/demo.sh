#!/usr/bin/env bash
# The main job on the seed article: set up if needed, start LanguageTool, write report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/mtlint ] || MTLINT_SKIP_BROWSER=1 bash scripts/setup.sh
.venv/bin/mtlint languagetool start
status=0
.venv/bin/mtlint check seeds/000_bee0d77b0f2086e2.txt --format html -o report.html || status=$?
.venv/bin/mtlint check seeds/000_bee0d77b0f2086e2.txt || true
echo "wrote report.html (exit code $status: 1 means suspect sentences were found)"
