#!/usr/bin/env bash
# Start the dashboard on the bundled data: http://127.0.0.1:8501 (set PORT or ADDRESS to change).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec streamlit run dashboard.py --server.headless true --server.address "${ADDRESS:-127.0.0.1}" --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false "$@"
