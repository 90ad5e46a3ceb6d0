"""Giving freed memory back to the operating system between the steps of a build.

A build of a million triples frees gigabytes of short-lived objects (the text and terms of the
canonical N-Quads, the parse of every input). glibc keeps freed heap pages for later use, so the
process kept them too: 1.3 GB more after hashing than before it, while the validation workers
started beside it. ``malloc_trim(0)`` returns them (406 → 241 MB after hashing 100k triples).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release() -> None:
    """Collect garbage and hand freed heap memory back (a no-op where the C library cannot)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
