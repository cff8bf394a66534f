"""The dashboard freezes the objects alive after its imports once per process; garbage made later is still collected."""

from __future__ import annotations

import gc
import weakref

from econ_ties.app.garbage_collection import freeze_imported_objects


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_freezes_once_and_still_collects_later_cycles() -> None:
    freeze_imported_objects()  # True the first time in this process (another test may have run the dashboard already)
    assert gc.get_freeze_count() > 1000  # the imported modules' objects
    assert freeze_imported_objects() is False  # never again: frozen objects are never collected
    a, b = Node(), Node()
    a.other, b.other = b, a  # a reference cycle, made after the freeze
    alive = weakref.ref(a)
    del a, b
    gc.collect()
    assert alive() is None
