#!/usr/bin/env bash
# Run the whole test suite. Installs what the tests need (Python packages, Debian's chromium and postgresql) and
# starts the services they use. Extra arguments go to pytest. Fails when any test fails or when no test ran.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" dev
cd "$ROOT"
# The browser tests (tests/test_browser.py) drive Debian's Chromium through Playwright; fonts so text renders.
apt_install chromium fonts-dejavu-core

set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
exit "$status"
