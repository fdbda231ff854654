"""No cyclic garbage collection while the graph is built, committed, exported and turned into a snapshot.

These steps make millions of objects that live until the end, and free few; every full collection walks
all that are alive (a third of the graph step's CPU at 10,000 documents, more as a corpus grows).
Reference counting still frees everything not in a cycle; collection resumes, if it was on, on the way
out. Nested pauses are free: the inner one finds the collector off and leaves it off.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; restore its state after, even on an error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # what the block made goes straight to the oldest generation (freeze, then unfreeze: two list
            # splices), else the first young collection after would walk all of it at once (~1 s at 10k)
            gc.freeze()
            gc.unfreeze()
            gc.enable()
