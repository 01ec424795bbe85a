#!/usr/bin/env bash
# Set up kb on a fresh machine: a virtual environment with kb and its dependencies.
# `--test` also installs what the tests drive as real clients: the anki package, playwright, Debian's
# chromium with CJK and math fonts (needs root or sudo; skipped if already present), and MathJax from npm
# into tests/js (the version pinned by its lock file), which parses the deck's formulas as Anki does.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first and pinned: the CPU build on this machine's disk; a bare requirement pulls a multi-GB CUDA build.
.venv/bin/python -m pip install -q torch==2.13.0
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
    if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
        sudo_cmd=""
        [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
        $sudo_cmd apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q chromium fonts-noto-cjk fonts-dejavu-extra >/dev/null
    fi
    if command -v npm >/dev/null 2>&1; then
        (cd tests/js && npm ci --no-audit --no-fund --silent)
    else
        echo "npm not found: tests/test_mathjax.py will be skipped (install Node.js to run it)" >&2
    fi
else
    .venv/bin/python -m pip install -q -e .
fi
