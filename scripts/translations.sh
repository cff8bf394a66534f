#!/usr/bin/env bash
# Refresh the translation catalogs after messages changed in the code: extract every _(), N_() and n_() message into
# src/econ_ties/locale/messages.pot, then merge it into the Azerbaijani and Russian catalogs (new messages arrive
# untranslated, changed ones fuzzy). Translate those in the .po files; tests/test_translations.py fails until none is left.
# Usage: scripts/translations.sh   (from anywhere; uses .venv's pybabel when there is one)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYBABEL="${PYBABEL:-$( [ -x .venv/bin/pybabel ] && echo .venv/bin/pybabel || echo pybabel )}"
"$PYBABEL" extract -F babel.cfg -c Translators: -k _ -k N_ -k n_:1,2 --no-location --no-wrap --sort-output --project econ-ties -o src/econ_ties/locale/messages.pot src/econ_ties
"$PYBABEL" update -i src/econ_ties/locale/messages.pot -d src/econ_ties/locale -D messages --no-wrap --ignore-obsolete
