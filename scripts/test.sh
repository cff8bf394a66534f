#!/usr/bin/env bash
# Run the whole test suite. Installs what the tests need (Python packages, Debian's chromium and postgresql) and
# starts the services they use. Extra arguments go to pytest. Fails when any test fails or when no test ran.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" dev
cd "$ROOT"
# The browser tests (tests/browser/test_browser.py) drive Debian's Chromium through Playwright; fonts so text renders.
# Snapshots are drawn in DejaVu Sans (every letter of en, az, ru), checked through fontconfig's fc-list: export/fonts.py.
apt_install chromium fontconfig fonts-dejavu-core
# The store tests run against a real PostgreSQL server too: a throwaway cluster owned by the postgres user (initdb
# refuses root) on a free loopback port, stopped and deleted when this script ends.
apt_install postgresql
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PG_DIR="$(mktemp -d)"
PG_PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PG_AS=(); if [ "$(id -u)" -eq 0 ]; then PG_AS=(runuser -u postgres --); chown postgres "$PG_DIR"; fi
stop_postgres() { "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_postgres EXIT
"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/db" -U postgres -A trust --no-sync >/dev/null
"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/db" -l "$PG_DIR/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >/dev/null
"${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres econ_ties_test
export ECON_TIES_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/econ_ties_test"

set +e
python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
exit "$status"
