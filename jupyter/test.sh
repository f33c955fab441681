#!/usr/bin/env bash
# The Jupyter side of CI: a virtual environment in .build-jupyter/ with ipykernel, jupyter_client, nbclient,
# nbformat and jupyter_kernel_test; the gradbook kernelspec installed into it; jupyter_kernel_test and the
# interrupt test run against it; every lesson written as a notebook (gradbook lesson --notebook) and run top
# to bottom with nbclient, checked against the lesson's text. Skips, saying so, when python3, venv or pip is
# unavailable: gradbook itself never needs Python. Usage: jupyter/test.sh [path/to/gradbook] (default: .build/debug/gradbook).
set -u
cd "$(dirname "$0")/.."
gradbook="$(realpath "${1:-.build/debug/gradbook}")"
venv=.build-jupyter

skip() { echo "jupyter/test.sh: SKIPPED, $1 (the Jupyter kernel was not tested)"; exit 0; }
command -v python3 >/dev/null || skip "no python3 on PATH"
[ -x "$gradbook" ] || { echo "jupyter/test.sh: no gradbook executable at $gradbook; build first" >&2; exit 1; }
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >/dev/null 2>&1 || { rm -rf "$venv"; skip "python3 -m venv does not work here"; }
fi
"$venv/bin/python" -c 'import ipykernel, jupyter_client, nbclient, nbformat, jupyter_kernel_test' 2>/dev/null \
    || "$venv/bin/pip" install -q ipykernel jupyter_client nbclient nbformat jupyter_kernel_test \
    || skip "pip could not install the Jupyter packages"
"$gradbook" jupyter install --python "$PWD/$venv/bin/python" --prefix "$venv" || exit 1
rm -rf "$venv/lessons"
"$gradbook" lesson --notebook "$venv/lessons" || exit 1
export JUPYTER_PATH="$PWD/$venv/share/jupyter" GRADBOOK="$gradbook" LESSON_NOTEBOOKS="$PWD/$venv/lessons"
cd jupyter/tests && "../../$venv/bin/python" -m unittest -v test_kernel 2>&1
