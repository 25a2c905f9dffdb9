"""Pausing Python's cyclic garbage collector while a large, acyclic structure is made.

Loading a tender (a project, interchange JSON, a filled scoring sheet) makes millions of
tuples, dicts and cells, none of them in a cycle. The collector runs as they appear and walks
them all again and again: a third of the time, or more. ``collector_paused`` switches it off
for the block and back on after, only if it was on (so pauses nest, and a caller that
switched it off keeps it off). The store, the documents and the command line use it; it
imports no other part of SLASelect.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; what it was before, after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
