"""The renderer's lifecycle: one warm Chromium per process, driven through kaleido, for every export.

`CHROMIUM` (a `WarmChromium`) starts Debian's Chromium on the first export and keeps it up for the later ones; renders
are serialised, since kaleido's sync server is not safe to call from two threads at once, and `stop()` closes it
cleanly before a command exits. `find_chromium` says which Chromium kaleido would start; a machine without one is an
expected outcome: `ChromiumMissing` and `chromium_problem()` give one sentence on how to install it, not a traceback;
so is a machine without the snapshot's font (`export.fonts.font_problem`), checked before the first render.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from econ_ties.export.fonts import font_problem
from econ_ties.export.layout import SCALE
from econ_ties.export.provenance import SnapshotError
from econ_ties.language import N_, _

INSTALL_CHROMIUM = N_("Image export needs Chromium, which is not installed here: install it with `apt-get install -y chromium` (as root) and try again.")


class ChromiumMissing(SnapshotError):
    """No Chromium on this machine: the export is refused with one sentence on how to install it."""

    def __init__(self) -> None:
        super().__init__(_(INSTALL_CHROMIUM))


def find_chromium() -> str | None:
    """The Chromium kaleido would start (BROWSER_PATH, then PATH and the usual places), or None when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() else None


class WarmChromium:
    """kaleido's one sync server per process: Chromium starts once and stays up for every later export.

    kaleido's server takes one request at a time and is not safe to call from two threads at once (its reply queue is
    shared), so calls are serialised with a lock. Each render takes a few hundred milliseconds; a Streamlit page calls
    this from the download callback thread, never from a script rerun, so other users' reruns do not wait on it.
    """

    START_TIMEOUT = 60.0
    #: How many times the first render is tried before Chromium is said not to start (see `start`).
    WARM_UP_ATTEMPTS = 3

    def __init__(self) -> None:
        self._render_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._ready = False
        self._failure = ""

    def start(self) -> None:
        if self._ready:
            return
        with self._start_lock:
            if self._ready:
                return
            if self._failure:
                raise SnapshotError(self._failure)
            if find_chromium() is None:
                raise ChromiumMissing()
            if problem := font_problem():
                raise SnapshotError(problem)
            import kaleido

            # MathJax comes from a CDN by default; charts use no LaTeX and the server may be offline.
            kaleido.start_sync_server(mathjax=False, timeout=self.START_TIMEOUT, silence_warnings=True)
            # The first render opens the browser. If Chromium cannot start, kaleido's server thread dies and a plain
            # call would wait forever, so the warm-up waits in a side thread with a deadline.
            failure: list[BaseException] = []

            def warm_up() -> None:
                # On a loaded machine the first page can be asked to render before kaleido's own scripts have loaded
                # in it ("ReferenceError: kaleido_scopes is not defined"): a fresh start is tried again, twice.
                for attempt in range(self.WARM_UP_ATTEMPTS):
                    try:
                        self._render({"data": [], "layout": {}}, "png", 10, 10, 1)
                        failure.clear()
                        return
                    except BaseException as exc:  # reported below, in the caller's thread
                        failure[:] = [exc]
                        if attempt + 1 < self.WARM_UP_ATTEMPTS:
                            time.sleep(0.5 * (attempt + 1))

            worker = threading.Thread(target=warm_up, name="econ-ties-chromium-warm-up", daemon=True)
            worker.start()
            worker.join(self.START_TIMEOUT)
            if worker.is_alive() or failure:
                reason = str(failure[0]) if failure else _("no answer within {seconds} s").format(seconds=f"{self.START_TIMEOUT:.0f}")
                self._failure = _("Chromium did not start for image export ({reason}); check that `chromium --headless` runs on this machine.").format(
                    reason=reason
                )
                raise SnapshotError(self._failure)
            self._ready = True

    def _render(self, spec: Mapping[str, Any], format: str, width: int, height: int, scale: float) -> bytes:
        import kaleido

        with self._render_lock:
            return kaleido.calc_fig_sync(spec, opts={"format": format, "width": width, "height": height, "scale": scale})

    @property
    def ready(self) -> bool:
        return self._ready

    def stop(self) -> None:
        """Close Chromium and wait for it, so its profile folder is removed cleanly before a command exits."""
        with self._start_lock:
            if not self._ready:
                return
            import kaleido

            with self._render_lock:
                kaleido.stop_sync_server(silence_warnings=True)
            self._ready = False

    def render(self, spec: Mapping[str, Any], *, format: str, width: int, height: int, scale: float = SCALE) -> bytes:
        """Image bytes for a plotly figure dict; starts Chromium on first use."""
        self.start()
        return self._render(spec, format, width, height, scale)


CHROMIUM = WarmChromium()


def chromium_problem() -> str | None:
    """The one sentence to show instead of download buttons when this machine cannot export images, else None."""
    return _(INSTALL_CHROMIUM) if find_chromium() is None else font_problem()
