"""Costs that grow with the work (issues 20 and 25): counted, never timed.

Timing belongs to `python benchmarks/run.py`; these tests count the operations whose number
once grew faster than the catalogue (pairwise path comparisons, paths resolved again and
again), so a quadratic path cannot come back unnoticed.
"""

from __future__ import annotations

import gc
import pathlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkinvest.io.catalogue import load_catalogue


def proposal_text(number: int) -> str:
    return f"""
id = "S{number:05d}"
title = "Forslag {number}"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = {{ 2023 = -100, 2024 = -200 }}
"""


def catalogue(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        (folder / f"S{number:05d}.toml").write_text(proposal_text(number), "utf-8")
    return folder


class Counted:
    """Counts the calls of a method of pathlib.Path (or PurePath) during a test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> None:
        self.calls = 0
        real = getattr(owner, name)

        def counting(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)


def test_loading_compares_and_resolves_each_path_a_bounded_number_of_times(
    tmp_path, monkeypatch
) -> None:
    """400 files: the old `f not in files` compared paths 400 × 400 / 2 = 80.000 times and
    `shown()` resolved each path twice (once for the registry's pass, once for the proposals'),
    plus the working folder each time. Now: each path resolved once (the files, the shipped
    keys and the working folder: 400 + 2), and no pairwise comparisons (a few per file, from
    dictionaries and sets, at most)."""
    count = 400
    folder = catalogue(tmp_path / "forslag", count)
    monkeypatch.chdir(tmp_path)
    equal = Counted(monkeypatch, pathlib.PurePath, "__eq__")
    resolve = Counted(monkeypatch, pathlib.Path, "resolve")
    loaded = load_catalogue(Path("forslag"))
    assert len(loaded.proposals) == count
    assert loaded.sources["S00001"] == str(Path("forslag") / "S00001.toml")
    assert resolve.calls <= count + 4
    assert equal.calls <= 4 * count
    assert folder.is_dir()


def test_one_file_given_twice_is_read_once(tmp_path, monkeypatch) -> None:
    """A folder given as `--data forslag --data /…/forslag/S00001.toml`: two spellings of one
    file are one file, not a proposal 'found twice'."""
    folder = catalogue(tmp_path / "forslag", 2)
    monkeypatch.chdir(tmp_path)
    loaded = load_catalogue([Path("forslag"), (folder / "S00001.toml").resolve()])
    assert [p.id for p in loaded.proposals] == ["S00001", "S00002"]
    assert loaded.sources["S00001"] == str(Path("forslag") / "S00001.toml")


def test_a_file_outside_the_working_folder_is_named_as_given(tmp_path, monkeypatch) -> None:
    folder = catalogue(tmp_path / "forslag", 1)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    loaded = load_catalogue(Path("../forslag"))
    assert loaded.sources["S00001"] == str(Path("../forslag/S00001.toml"))
    assert folder.is_dir()


DOCUMENTS = Path(__file__).parent / "data" / "documents" / "budget-2023"


def _packages_alive() -> int:
    """python-docx's packages still in memory (each holds a document's parts and XML)."""
    from docx.opc.package import OpcPackage

    return sum(isinstance(o, OpcPackage) for o in gc.get_objects())


def test_a_read_word_document_is_freed_at_once_under_the_start_up_threshold() -> None:
    """kkinvest runs with the collector's threshold at 50.000 (kkinvest.cli.GC_THRESHOLD), and
    python-docx's document is a web of cycles: before, every document read stayed in memory
    until a collection came (930 MB for 200 files, against 66 MB). Now none outlives its read,
    with the threshold as high as ever."""
    from kkinvest.cli import GC_THRESHOLD
    from kkinvest.io.word import read_word
    from kkinvest.registry import default_registry

    registry = default_registry()
    before = gc.get_threshold()
    gc.collect()
    gc.set_threshold(GC_THRESHOLD)
    try:
        for name in ("BC03.docx", "BC06.docx"):
            document = read_word(DOCUMENTS / name, name, registry)
            assert document.drafts
            assert _packages_alive() == 0
        assert gc.get_threshold()[0] == GC_THRESHOLD
    finally:
        gc.set_threshold(*before)


def test_given_back_collects_on_an_error_and_leaves_older_objects_alone() -> None:
    from kkinvest.io.memory import given_back

    class Node:
        other: object = None

    kept = Node()
    kept.other = kept  # a cycle that is still referenced: it stays
    with pytest.raises(ValueError), given_back():
        cycle = Node()
        cycle.other = cycle
        del cycle
        raise ValueError
    assert sum(isinstance(o, Node) for o in gc.get_objects()) == 1
    assert not gc.get_freeze_count()
    assert kept.other is kept


def _export_parts(tmp_path: Path, name: str) -> dict[str, bytes]:
    """Every part of `export --xlsx` of three proposals (and the overviews) but its time stamp."""
    import zipfile

    from typer.testing import CliRunner

    from kkinvest.cli import app

    target = tmp_path / name
    result = CliRunner().invoke(app, ["export", "--xlsx", str(target), "BC03", "BC06", "BC09"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


def test_styles_looked_up_once_give_the_same_workbook_byte_for_byte(tmp_path, monkeypatch) -> None:
    """The export with each kind of cell's style looked up once, against the export with every
    cell styled the ordinary way (the cache told to find nothing): every sheet's XML, the
    styles part and the rest are the same bytes. And openpyxl compares style objects far less:
    Serialisable.__hash__ (a font, fill, border or alignment hashed field by field to find it
    in the workbook's lists) runs a fifth as often or less."""
    from openpyxl.descriptors.serialisable import Serialisable

    from kkinvest.render.excel_styles import StyleArrays

    hashes = Counted(monkeypatch, Serialisable, "__hash__")
    cached = _export_parts(tmp_path, "cached.xlsx")
    with_cache, hashes.calls = hashes.calls, 0
    monkeypatch.setattr(StyleArrays, "reuse", lambda self, cell, key: False)
    ordinary = _export_parts(tmp_path, "ordinary.xlsx")
    assert cached.keys() == ordinary.keys()
    assert [n for n in cached if cached[n] != ordinary[n]] == []
    assert any(n.startswith("xl/worksheets/") for n in cached)
    assert with_cache * 5 < hashes.calls


TOML_LEAVES = st.one_of(
    st.integers(),
    st.booleans(),
    st.text(max_size=5),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from([Decimal("1.200"), Decimal("-8.500"), Decimal("0.500"), 10**15, -(10**15)]),
)
TOML_VALUES = st.recursive(
    TOML_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(TOML_VALUES)
def test_the_quick_look_for_number_traps_agrees_with_the_full_one(data) -> None:
    """`_any_number_trap` (which spares a catalogue's load building a path for every value)
    finds a trap exactly when `_number_traps` names one."""
    from kkinvest.io.toml_in import _any_number_trap, _number_traps

    assert _any_number_trap(data) == bool(_number_traps(data))
