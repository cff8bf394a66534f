"""Keeps Streamlit's full garbage collection after every script run from rescanning the modules the dashboard imported.

Streamlit runs `gc.collect(2)` after each run and each fragment rerun (`runner.postScriptGC`), holding the GIL, and the
run's last messages — the chart among them — wait for it to finish before they are sent. With pandas, plotly,
SQLAlchemy, pydantic and Streamlit imported, the dashboard's process tracks about 155 000 objects, nearly all of them
module-level and alive for the life of the process, and that collection took about 0.2 s per run on the shared
two-core machine (bench/RESULTS.md). `freeze_imported_objects`, called once the imports are done, collects once and
moves every object alive at that moment into the permanent generation (`gc.freeze`), so later collections scan only what
runs created since (the published dataset, figures, sessions), which they still collect as before.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_imported_objects() -> bool:
    """Once per process (later calls do nothing): collect, then freeze what is alive. True when it froze."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        _frozen = True
    gc.collect()
    gc.freeze()
    return True
