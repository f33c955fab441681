#!/usr/bin/env bash
# gradbook beside its peers (SymPy, NumPy by hand, micrograd, autograd) on the same workloads, in one run.
#
#   Benchmarks/peers/compare.sh            # every workload (about two minutes after the first run)
#   Benchmarks/peers/compare.sh quick      # the smallest size of each, to check that everything runs
#
# Builds the release gradbook, makes a Python virtual environment in .build-peers/ (git-ignored) with the
# peers from PyPI, and prints a Markdown table: each workload at two or three sizes, gradbook's time as a
# whole `gradbook -e` process less an empty run (what a user waits for, start-up excluded except in the
# start-up row), the peer's time with each run in a Python process of its own (after its imports and a warm-up
# run), the two sides' runs made in turn, their ratio, and each tool's growth from one size to the next.
# Nothing here is asserted; the README's table is a copy of one run's output, with its date and machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product gradbook 2>&1 | tail -1
venv=.build-peers/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q sympy numpy micrograd autograd
fi
exec "$venv/bin/python" Benchmarks/peers/peers.py "$PWD/.build/release/gradbook" "$@"
