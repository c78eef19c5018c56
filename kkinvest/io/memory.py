"""Memory given back as soon as a piece of work is done with it.

kkinvest raises the cyclic garbage collector's threshold for start-up (kkinvest.cli's
GC_THRESHOLD): collections are rare, which suits a process that keeps what it imports. But
python-docx's document objects refer to each other in cycles (the document, its parts and its
package), so a read Word document is freed only by a collection — and at that threshold the
finished trees of a folder of Word files pile up: `check --data` on 200 of them peaked at
930 MB against 66 MB with a collection after each file, and was no faster for it.

`given_back()` collects exactly what the block made: everything alive when it starts is frozen
(gc.freeze, set aside from collections), the collection at its end looks only at the objects
made since, and everything is unfrozen again. Its cost follows the document, not the size of
the process, and the threshold (and with it the start-up) is left as it is.

    with given_back():
        blocks = read_docx(path, shown)   # the python-docx tree is gone when this ends
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_OUTSIDE: list[bool] = []
"""For each `uncollected` block open: whether the collector ran before it."""


@contextmanager
def uncollected() -> Iterator[None]:
    """No cyclic garbage collection in the block: for work that keeps nearly everything it
    makes and makes no cycles (parsing and validating a catalogue's TOML files, pickling or
    unpickling it), where every pass would look at a growing heap and find nothing. Loading
    10.000 proposals made 24 passes, 0,8 s of 14 s (io/catalogue.load_reads)."""
    _OUTSIDE.append(gc.isenabled())
    gc.disable()
    try:
        yield
    finally:
        if _OUTSIDE.pop():
            gc.enable()


@contextmanager
def collected() -> Iterator[None]:
    """Inside `uncollected`, the collector as it was outside it, for work that does make
    cycles (a workbook, a Word document: `given_back` collects explicitly anyway)."""
    was = gc.isenabled()
    if _OUTSIDE[0] if _OUTSIDE else was:
        gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


@contextmanager
def given_back() -> Iterator[None]:
    """Collect the reference cycles the block left behind when it ends (also on an error).
    Keep the block's result out of local variables that outlive it only if it is small: what
    is still referenced stays. Not nested (an inner block would unfreeze the outer's objects:
    still correct, only a larger collection)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()
