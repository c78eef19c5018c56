"""Recognise a Bilag's pool overview (Tabel 1-3 and "Der resterer 208,7 mio. kr.")."""

from __future__ import annotations

from kkinvest.io.grid import Block
from kkinvest.registry import Registry


def read_overview(blocks: list[Block], source: str, registry: Registry):  # type: ignore[no-untyped-def]
    from kkinvest.io.recognise_document import Draft

    return Draft(source=source)
