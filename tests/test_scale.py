"""Costs that grow with the work (issues 20 and 25): counted, never timed.

Timing belongs to `python benchmarks/run.py`; these tests count the operations whose number
once grew faster than the catalogue (pairwise path comparisons, paths resolved again and
again), so a quadratic path cannot come back unnoticed.
"""

from __future__ import annotations

import pathlib
from pathlib import Path

import pytest

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
