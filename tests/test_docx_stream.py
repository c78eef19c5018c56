"""The Bilag's body is streamed into word/document.xml (render/docx_xml.py, issue 25 item 1):
the document is the one python-docx wrote before, and each proposal's elements are dropped
once written, so memory does not grow with the document."""

from __future__ import annotations

import gc
import hashlib
import weakref
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from kkinvest.calc.pools import overview
from kkinvest.cli.common import paybacks
from kkinvest.cli.excel import _kvantum_tables
from kkinvest.registry import default_registry
from kkinvest.render.docx_out import BilagProposal, build_bilag, finding_text
from kkinvest.render.docx_xml import StreamedDocx, p

GOLDEN = Path(__file__).parent / "golden" / "bilag-document-c14n.sha256"


def _document_xml(builtin: Any, budget: int, path: Path) -> bytes:
    from kkinvest.calc import checks

    registry = default_registry()
    context = checks.Context(builtin.keys, registry)
    chosen = sorted((q for q in builtin.proposals if q.budget == budget), key=lambda q: q.id)

    from kkinvest.calc.npv import schedule_for
    from kkinvest.calc.sensitivity import sensitivity
    from kkinvest.io.economics_in import load_rates

    schedules = load_rates()

    def part(proposal: Any) -> BilagProposal:
        checked = checks.check_proposal(proposal, context)
        found = [finding_text(f) for f in checked]
        tables = _kvantum_tables(builtin, proposal, registry, False)
        economics = sensitivity(proposal, schedule_for(proposal.budget, schedules))
        return BilagProposal(proposal, paybacks(proposal), tables, found, checked, economics)

    pool = builtin.pools.get(budget)
    ov = overview(builtin.proposals, budget, pool)
    build_bilag(ov, pool, chosen, part, registry, "02.01.2026", keys=builtin.keys).save(path)
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def test_the_streamed_bilag_is_the_reviewed_document(
    builtin, tmp_path, update_golden: bool
) -> None:
    """The canonical form (C14N) of word/document.xml, for both budget years with findings,
    against the hashes of the reviewed Bilag (first those of the Bilag python-docx built
    element by element before the stream, commit 615babf: the stream changed nothing).
    Updated with --update-golden where the layout changes on purpose."""
    lines = []
    for budget in (2023, 2025):
        xml = _document_xml(builtin, budget, tmp_path / f"bilag-{budget}.docx")
        canonical = etree.tostring(etree.fromstring(xml), method="c14n")
        lines.append(f"{budget} {hashlib.sha256(canonical).hexdigest()}")
    if update_golden:
        GOLDEN.write_text("\n".join(lines) + "\n", "utf-8")
    assert lines == GOLDEN.read_text("utf-8").splitlines()


def test_each_chunk_is_written_and_dropped_before_the_next_is_built(tmp_path) -> None:
    from kkinvest.render.docx_out import _package

    class Chunk(list[Any]):  # a list one can hold a weak reference to
        pass

    alive: list[weakref.ref[Chunk]] = []
    most = 0

    def blocks() -> Iterator[list[Any]]:
        nonlocal most
        for n in range(20):
            gc.collect()
            most = max(most, sum(ref() is not None for ref in alive))
            chunk = Chunk([p(f"Afsnit {n}")])
            alive.append(weakref.ref(chunk))
            yield chunk
            del chunk

    StreamedDocx(_package("Prøve", ""), blocks()).save(tmp_path / "s.docx")
    assert most <= 1
    from docx import Document

    texts = [q.text for q in Document(str(tmp_path / "s.docx")).paragraphs]
    assert texts == [f"Afsnit {n}" for n in range(20)]


def test_the_package_must_come_with_an_empty_body(tmp_path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Indhold")
    with pytest.raises(ValueError, match="body"):
        StreamedDocx(document, []).save(tmp_path / "x.docx")
