"""Handing memory freed by a large job back to the operating system between its phases.

Validating a 200 MB upload allocates and frees hundreds of megabytes of numpy and Arrow buffers phase after phase.
glibc's malloc keeps freed heap blocks for reuse and Arrow's allocator keeps freed pages, so the process's resident
memory climbs to the sum of the phases rather than the largest of them; an app server that validates one upload
after another then holds that much for good. `release_freed_memory()` asks both to return what is free (glibc
`malloc_trim`, Arrow's `release_unused`). It frees nothing that is in use and costs a few milliseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

import pyarrow as pa


@cache
def _malloc_trim() -> object | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


def release_freed_memory() -> None:
    """Return freed heap and Arrow memory to the operating system (a no-op where the C library cannot)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]
    pa.default_memory_pool().release_unused()
