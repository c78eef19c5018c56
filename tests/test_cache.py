"""The catalogue cache (kkinvest/io/cache.py): used when nothing changed, read anew when
anything did, and never an error of its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

PROPOSAL = """\
id = "T1"
title = "Testforslag"
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
values = { 2023 = -100, 2024 = -200 }
"""


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.delenv("KKINVEST_NO_CACHE", raising=False)
    monkeypatch.setenv("KKINVEST_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def loads(monkeypatch) -> list[int]:
    """Counts the times the catalogue is really read."""
    import kkinvest.io.catalogue as catalogue

    count: list[int] = []
    real = catalogue.load_reads

    def counting(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(catalogue, "load_reads", counting)
    return count


def listing(data: Path) -> str:
    result = CliRunner().invoke(app, ["list", "--json", "--data", str(data)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_second_call_uses_the_cache(tmp_path, cache, loads) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    first = listing(data)
    assert listing(data) == first
    assert len(loads) == 1
    assert len(list(cache.glob("catalogue-*.pickle"))) == 1
    assert not list(cache.glob(".kk-*"))  # written atomically: no temporary file left


def test_any_change_reads_the_catalogue_again(tmp_path, cache, loads) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "T1.toml"
    path.write_text(PROPOSAL)
    listing(data)
    path.write_text(PROPOSAL.replace("-200", "-300"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert '"full_phase_in_saving":300' in listing(data)  # the new figure, not the cached
    assert len(loads) == 2
    (data / "T2.toml").write_text(PROPOSAL.replace('"T1"', '"T2"'))
    assert '"T2"' in listing(data)
    assert len(loads) == 3


def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path, cache, loads) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    first = listing(data)
    [file] = cache.glob("catalogue-*.pickle")
    file.write_bytes(b"not a pickle at all")
    result = CliRunner().invoke(app, ["list", "--json", "--data", str(data)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == first
    assert len(loads) == 2
    assert file.read_bytes() != b"not a pickle at all"


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("KKINVEST_NO_CACHE", raising=False)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KKINVEST_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    assert "T1" in listing(data)


def test_a_catalogue_with_problems_is_not_cached(tmp_path, cache) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL.replace("-100", '"x"'))
    for _ in range(2):
        result = CliRunner().invoke(app, ["list", "--data", str(data)])
        assert result.exit_code == 2
    assert not list(cache.glob("catalogue-*.pickle"))


def test_the_builtin_catalogue_from_the_cache_computes_the_same(cache) -> None:
    def run() -> tuple[str, str]:
        a = CliRunner().invoke(app, ["payback", "BC06", "--json"])
        b = CliRunner().invoke(app, ["pool", "--budget", "2023", "--json"])
        assert a.exit_code == 0 and b.exit_code == 0
        return a.stdout, b.stdout

    assert run() == run()


def test_a_cache_others_may_write_is_not_unpickled(tmp_path, cache, loads) -> None:
    """Unpickling runs code: a cache file that someone else could have written (group- or
    world-writable) is ignored and the catalogue read from its files."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    first = listing(data)
    [file] = cache.glob("catalogue-*.pickle")
    file.chmod(0o666)
    assert listing(data) == first
    assert len(loads) == 2


@pytest.mark.parametrize("value", ["0", ""])
def test_kkinvest_no_cache_0_leaves_the_cache_on(
    tmp_path, cache, loads, monkeypatch, value
) -> None:
    monkeypatch.setenv("KKINVEST_NO_CACHE", value)
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    listing(data)
    listing(data)
    assert len(loads) == 1


def test_kkinvest_no_cache_1_turns_it_off(tmp_path, cache, loads, monkeypatch) -> None:
    monkeypatch.setenv("KKINVEST_NO_CACHE", "1")
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    listing(data)
    listing(data)
    assert len(loads) == 2
    assert not list(cache.glob("catalogue-*.pickle"))


def test_a_change_to_kkinvests_own_files_reads_the_catalogue_again(
    tmp_path, cache, loads, monkeypatch
) -> None:
    """kkinvest's code and shipped data are part of the key (an edited checkout, an upgrade)."""
    import kkinvest.io.cache as cache_module

    package = tmp_path / "package"
    (package / "__pycache__").mkdir(parents=True)
    (package / "calc.py").write_text("x = 1\n")
    (package / "__pycache__" / "calc.cpython-311.pyc").write_bytes(b"ignored")
    monkeypatch.setattr(cache_module, "PACKAGE", package)
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    listing(data)
    (package / "__pycache__" / "calc.cpython-311.pyc").write_bytes(b"changed, still ignored")
    listing(data)
    assert len(loads) == 1
    (package / "calc.py").write_text("x = 22\n")
    listing(data)
    assert len(loads) == 2
    (package / "registry.toml").write_text("")
    listing(data)
    assert len(loads) == 3


def test_a_cache_write_sweeps_what_a_killed_kkinvest_left(tmp_path, cache, loads) -> None:
    """A kkinvest killed while writing the cache leaves `.kk-PID-….tmp`; the next write
    removes it once its process is gone and it is an hour old (not a live writer's file)."""
    cache.mkdir(mode=0o700)
    stale = cache / ".kk-999999999-deadbeef.tmp"
    fresh = cache / ".kk-999999998-cafe.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a pickle")
    old = stale.stat().st_mtime - 7200
    os.utime(stale, (old, old))
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    listing(data)
    assert not stale.exists()
    assert fresh.exists()
    assert not [p for p in cache.iterdir() if p.name.startswith(".kk-") and p != fresh]


def test_the_cache_folder_keeps_only_the_newest_files(tmp_path, cache, loads, monkeypatch) -> None:
    """One cache file per working folder and --data: without a bound the folder only grows."""
    import kkinvest.io.cache as cache_module

    monkeypatch.setattr(cache_module, "KEPT", 3)
    cache.mkdir(mode=0o700)
    for number in range(5):  # older caches, oldest first
        old = cache / f"catalogue-old{number}.pickle"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
    data = tmp_path / "data"
    data.mkdir()
    (data / "T1.toml").write_text(PROPOSAL)
    listing(data)
    kept = sorted(p.name for p in cache.glob("catalogue-*.pickle"))
    assert len(kept) == 3
    assert "catalogue-old4.pickle" in kept and "catalogue-old3.pickle" in kept
    assert listing(data) and len(loads) == 1  # the new one is among those kept


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The TOML files really read (parsed), by name."""
    import kkinvest.io.catalogue as catalogue

    names: list[str] = []
    real = catalogue.read_toml

    def counting(path, *args, **kwargs):
        names.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(catalogue, "read_toml", counting)
    return names


def proposals(data: Path, count: int) -> list[Path]:
    data.mkdir(exist_ok=True)
    files = []
    for number in range(1, count + 1):
        path = data / f"T{number}.toml"
        path.write_text(PROPOSAL.replace('"T1"', f'"T{number}"'))
        files.append(path)
    return files


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))


def fresh_listing(data: Path, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        patch.setenv("KKINVEST_NO_CACHE", "1")
        return listing(data)


@pytest.mark.parametrize("delta_from", [1, 10_000])
def test_an_edited_file_is_the_only_one_read_again(
    tmp_path, cache, reads, monkeypatch, delta_from
) -> None:
    """Issue 20: one edited file among many costs one file. With a delta (large catalogues,
    here from one file on, while at most a tenth has changed) and with the cache written anew (small ones), the next command reads the
    edited file alone, and the one after reads nothing; each gives what a load without the
    cache gives."""
    import kkinvest.io.cache as cache_module

    monkeypatch.setattr(cache_module, "DELTA_FROM", delta_from)
    data = tmp_path / "data"
    files = proposals(data, 12)  # one file changed of 13 (with the shipped keys): a delta
    listing(data)
    assert sorted(reads) == sorted(["keys.toml", *(f.name for f in files)])
    reads.clear()
    edited(files[2], "-200", "-300")
    after = listing(data)
    assert reads == ["T3.toml"]
    assert after == fresh_listing(data, monkeypatch)
    assert '"full_phase_in_saving":300' in after
    reads.clear()
    assert listing(data) == after
    assert reads == []
    assert (len(list(cache.glob("*.delta"))) == 1) == (delta_from == 1)


def test_a_new_file_is_read_alone_and_a_removed_one_is_gone(tmp_path, cache, reads) -> None:
    data = tmp_path / "data"
    files = proposals(data, 3)
    listing(data)
    reads.clear()
    (data / "T9.toml").write_text(PROPOSAL.replace('"T1"', '"T9"'))
    assert '"T9"' in listing(data)
    assert reads == ["T9.toml"]
    reads.clear()
    files[0].unlink()
    shown = listing(data)
    assert '"T1"' not in shown and '"T2"' in shown and '"T9"' in shown
    assert reads == []


def test_an_edit_is_checked_against_the_files_not_read_again(tmp_path, cache, reads) -> None:
    """The catalogue put together from the cache is checked as a whole: an edited file that
    now repeats another's id, or names a key no file has, is refused as a full load refuses
    it."""
    data = tmp_path / "data"
    files = proposals(data, 3)
    listing(data)
    edited(files[2], '"T3"', '"T1"')
    result = CliRunner().invoke(app, ["list", "--data", str(data)])
    assert result.exit_code == 2
    assert "nummeret 'T1' findes to gange" in result.stderr
    edited(files[2], '"T1"', '"T3"')
    edited(
        files[1], 'pool = "investering"\n', 'pool = "investering"\n[split]\nkey = "ingen-saadan"\n'
    )
    result = CliRunner().invoke(app, ["list", "--data", str(data)])
    assert result.exit_code == 2
    assert "ingen-saadan" in result.stderr


def test_an_edited_key_or_row_set_file_reads_everything_again(tmp_path, cache, reads) -> None:
    """Every proposal was validated against the row sets and checked against the keys: a
    change to either is a change to all of them."""
    data = tmp_path / "data"
    proposals(data, 3)
    aliases = data / "raekker.toml"
    aliases.write_text('[aliases]\n"Børne- og Ungdomsudvalget" = ["Børn og Unge"]\n')
    keys = data / "noegler.toml"
    keys.write_text('[[keys]]\nname = "test-key"\nweights = { BUF = 1, SOF = 2 }\n')
    listing(data)
    everything = sorted(reads)
    for path, old, new in [(keys, "SOF = 2", "SOF = 3"), (aliases, "Børn og Unge", "Børn")]:
        reads.clear()
        edited(path, old, new)
        listing(data)
        assert sorted(reads) == everything


def test_no_collection_while_the_cache_is_pickled_or_unpickled(tmp_path, cache, monkeypatch):
    """Unpickling a catalogue keeps everything it makes: the collector's passes would look at
    a growing heap and find nothing. It is off while the cache is written and read, and on
    again after."""
    import gc
    import pickle

    import kkinvest.io.cache as cache_module

    seen: list[bool] = []

    class Watched:
        @staticmethod
        def load(handle):
            seen.append(gc.isenabled())
            return pickle.load(handle)

        class Pickler(pickle.Pickler):
            def dump(self, obj):
                seen.append(gc.isenabled())
                return super().dump(obj)

        HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

    monkeypatch.setattr(cache_module, "pickle", Watched)
    data = tmp_path / "data"
    proposals(data, 2)
    listing(data)
    listing(data)
    assert seen == [False, False]  # written, then read (no cache file before the first)
    assert gc.isenabled()


def test_a_new_row_set_file_in_a_large_catalogue_is_kept_in_the_cache(
    tmp_path, cache, reads, monkeypatch
) -> None:
    """A new file with aliases changes the registry every proposal is validated against: the
    cache is written anew with it (not as a delta beside the old registry), so the command
    after still knows the aliases."""
    import kkinvest.io.cache as cache_module

    monkeypatch.setattr(cache_module, "DELTA_FROM", 1)
    data = tmp_path / "data"
    proposals(data, 12)
    listing(data)
    (data / "raekker.toml").write_text(
        '[aliases]\n"Børne- og Ungdomsudvalget" = ["Børn og Unge"]\n'
    )
    first = listing(data)
    reads.clear()
    assert listing(data) == first
    assert reads == []
    assert not list(cache.glob("*.delta"))
    from kkinvest.io.cache import Base, _read

    [file] = cache.glob("catalogue-*.pickle")
    base = _read(file)
    assert isinstance(base, Base)
    assert any(read.registry for _, read in base.entries.values())


def test_amounts_come_back_from_the_cache_as_written(tmp_path, cache) -> None:
    """The cache writes a line's amounts as one text (io/cache._pickler): each comes back as
    the model read it, exponent and all (12.50 keeps its two decimals), the years in their
    order, and a line's fields in theirs (JSON prints them in that order)."""
    from decimal import Decimal

    from kkinvest.io.cache import Base, _read
    from kkinvest.io.catalogue import load_catalogue

    data = tmp_path / "data"
    data.mkdir()
    text = PROPOSAL.replace(
        "values = { 2023 = -100, 2024 = -200 }",
        "values = { 2025 = 12.50, 2023 = -100, 2024 = 1e3, 2026 = -0 }",
    )
    (data / "T1.toml").write_text(
        text + '\n[[lines]]\nsection = "varig"\nlabel = "Tom"\narea = "service"\nvalues = {}\n'
    )
    first = listing(data)
    [file] = cache.glob("catalogue-*.pickle")
    base = _read(file)
    assert isinstance(base, Base)
    [cached] = base.catalogue.proposals
    [fresh] = load_catalogue(data).proposals
    assert cached == fresh
    for line, again in zip(fresh.lines, cached.lines, strict=True):
        assert [(y, str(v)) for y, v in again.values.items()] == [
            (y, str(v)) for y, v in line.values.items()
        ]
        assert list(again.__dict__) == list(line.__dict__)
        assert again.model_fields_set == line.model_fields_set
    assert [str(v) for v in cached.lines[0].values.values()] == ["12.50", "-100", "1000", "0"]
    assert all(type(v) is Decimal for v in cached.lines[0].values.values())
    assert cached.lines[1].values == {}
    assert listing(data) == first  # and the command from the cache prints the same


def test_the_cache_is_written_when_the_output_is_complete(tmp_path, cache, monkeypatch) -> None:
    """Pickling a large catalogue takes a second: the command prints its answer first
    (cli/common.after_output), then writes the cache."""
    import sys

    import kkinvest.io.cache as cache_module

    printed: list[bytes] = []
    real = cache_module._write

    def write(file, content):
        sys.stdout.flush()
        printed.append(sys.stdout.buffer.getvalue())
        real(file, content)

    monkeypatch.setattr(cache_module, "_write", write)
    data = tmp_path / "data"
    proposals(data, 2)
    result = CliRunner().invoke(app, ["list", "--json", "--data", str(data)])
    assert result.exit_code == 0
    assert printed == [result.stdout_bytes]
    assert len(list(cache.glob("catalogue-*.pickle"))) == 1


def test_no_collection_while_toml_files_are_read_but_for_documents(tmp_path, monkeypatch):
    """Reading TOML files keeps what it makes and makes no cycles: the collector is off (a
    cold load of 10.000 proposals spent 0,8 s of 14 s in it). Workbooks and Word documents
    do make cycles: on for them, and on again after."""
    import gc

    import kkinvest.io.catalogue as catalogue
    import kkinvest.io.excel_in as excel_in

    seen: list[tuple[str, bool]] = []
    real_proposal, real_workbook = catalogue.parse_proposal, excel_in.read_workbook

    def proposal(*args, **kwargs):
        seen.append(("toml", gc.isenabled()))
        return real_proposal(*args, **kwargs)

    def workbook(*args, **kwargs):
        seen.append(("xlsx", gc.isenabled()))
        return real_workbook(*args, **kwargs)

    monkeypatch.setattr(catalogue, "parse_proposal", proposal)
    monkeypatch.setattr(excel_in, "read_workbook", workbook)
    data = tmp_path / "data"
    proposals(data, 2)
    result = CliRunner().invoke(
        app, ["export", "--xlsx", str(tmp_path / "book.xlsx"), "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    seen.clear()
    (data / "T2.toml").unlink()
    (tmp_path / "book.xlsx").rename(data / "book.xlsx")
    catalogue.load_catalogue(data)
    assert seen == [("toml", False), ("xlsx", True)]
    assert gc.isenabled()
