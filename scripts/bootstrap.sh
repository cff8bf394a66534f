#!/usr/bin/env bash
# Shared set-up for scripts/serve.sh and scripts/test.sh: a virtual environment in .venv with the package installed.
# Usage: source scripts/bootstrap.sh [pip extras, e.g. dev]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

apt_install() {
  # Install Debian packages that are missing; needs root (CI and the dev machines run as root).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "econ-ties needs Python 3.11 or newer as $PYTHON" >&2; exit 2
fi
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  "$PYTHON" -m venv "$ROOT/.venv" 2>/dev/null || { apt_install python3-venv; rm -rf "$ROOT/.venv"; "$PYTHON" -m venv "$ROOT/.venv"; }
fi
VENV="$ROOT/.venv"
EXTRAS="${1:-}"
SPEC="$ROOT"; [ -n "$EXTRAS" ] && SPEC="$ROOT[$EXTRAS]"
# Editable, for development: the package runs from src/ and econ_ties.bundled finds the checkout's data/ and docs/
# (a wheel from `python -m build` carries them inside instead). Reinstall only when pyproject.toml changed since the
# last install.
STAMP="$VENV/.econ-ties-installed-$EXTRAS"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e "$SPEC"
  touch "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
