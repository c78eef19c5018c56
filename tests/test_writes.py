"""Issue 20, item 3: a command that writes several files writes all of them or none, and
nothing follows kkinvest's one Danish line, whatever the disk does (kkinvest/io/files.py)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kkinvest.cli import app

DOCUMENTS = Path(__file__).parent / "data" / "documents" / "budget-2023"
TWO = [str(DOCUMENTS / "BC01.docx"), str(DOCUMENTS / "BC06.docx")]


def test_import_into_a_folder_holding_a_later_target_writes_nothing(runner, tmp_path) -> None:
    out = tmp_path / "ud"
    out.mkdir()
    (out / "BC06.toml").write_text("# mit eget\n")
    result = runner.invoke(app, ["import", *TWO, "-o", str(out)])
    assert result.exit_code == 2
    assert "BC06.toml: findes allerede; brug --force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["BC06.toml"]  # not BC01.toml
    assert (out / "BC06.toml").read_text() == "# mit eget\n"


def _full_disk_at(monkeypatch, module, number: int) -> None:
    """The `number`th file written by `module`'s writer finds the disk full halfway."""
    calls = [0]
    real = module._writer if hasattr(module, "_writer") else module._text_writer
    name = "_writer" if hasattr(module, "_writer") else "_text_writer"

    def writer(text: str):
        write = real(text)

        def failing(path: Path) -> None:
            calls[0] += 1
            if calls[0] == number:
                path.write_text(text[: len(text) // 2], encoding="utf-8")
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            write(path)

        return failing

    monkeypatch.setattr(module, name, writer)


def test_import_with_the_disk_full_at_the_second_file(runner, tmp_path, monkeypatch) -> None:
    from kkinvest.cli import importer

    _full_disk_at(monkeypatch, importer, 2)
    out = tmp_path / "ny"
    result = runner.invoke(app, ["import", *TWO, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert (
        "BC06.toml: disken er fuld; frigør plads og prøv igen; intet er skrevet (af 2 filer)"
        in (result.stderr)
    )
    assert not out.exists()  # the folder it made is gone again, and no temporary file is left
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_import_when_a_name_is_taken_while_naming_removes_what_it_wrote(
    runner, tmp_path, monkeypatch
) -> None:
    from kkinvest.io import files

    real = files.rename_no_replace
    calls = [0]

    def racing(source: Path, target: Path) -> None:
        calls[0] += 1
        if calls[0] == 2:
            target.write_text("# en andens\n")  # another program takes the name first
        real(source, target)

    monkeypatch.setattr(files, "rename_no_replace", racing)
    out = tmp_path / "ud"
    result = runner.invoke(app, ["import", *TWO, "-o", str(out)])
    assert result.exit_code == 2
    assert (
        "BC06.toml: blev skrevet af en anden imens; brug --force for at erstatte den; "
        "1 fil, som kørslen allerede havde skrevet, er fjernet igen"
    ) in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["BC06.toml"]
    assert (out / "BC06.toml").read_text() == "# en andens\n"


def test_convert_to_toml_with_the_disk_full_at_the_third_file(runner, tmp_path, monkeypatch):
    from kkinvest.cli import excel

    book = tmp_path / "alle.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(book)]).exit_code == 0
    _full_disk_at(monkeypatch, excel, 3)
    out = tmp_path / "toml"
    out.mkdir()
    result = runner.invoke(app, ["convert", str(book), "--to", "toml", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "disken er fuld" in result.stderr and "intet er skrevet (af 13 filer)" in result.stderr
    assert list(out.iterdir()) == []


def test_a_dangling_symbolic_link_as_the_target(runner, tmp_path) -> None:
    link = tmp_path / "BC06.xlsx"
    link.symlink_to(tmp_path / "findes-ikke.xlsx")
    result = runner.invoke(app, ["export", "--xlsx", str(link), "BC06"])
    assert result.exit_code == 2
    assert "BC06.xlsx: er et symbolsk link til noget, der ikke findes" in result.stderr
    assert "blev skrevet af en anden imens" not in result.stderr


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv[0] = "kkinvest"
from kkinvest.cli import main
main()
"""


@pytest.mark.parametrize(
    ("command", "limit"),
    [
        (["export", "--xlsx", "ud.xlsx"], 30_000),
        (["export", "--docx", "ud.docx", "--budget", "2023"], 30_000),
        (["import", *TWO, "-o", "."], 1_500),
    ],
)
def test_a_disk_that_fills_up_mid_write(tmp_path, command, limit) -> None:
    """A real failed write (each file may grow to `limit` bytes): one Danish line, then
    nothing: no "Exception ignored in ZipFile.__del__ ... Traceback", no file left over."""
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kkinvest: ") and "filsystemet" in lines[0], lines
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KB file system (tmpfs; needs the right to mount: skipped without it)."""
    folder = tmp_path / "fuld"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("tmpdir_too", [False, True])
def test_export_onto_a_full_disk(full_disk, tmpdir_too) -> None:
    """The issue's case: the Danish line, then Python's "Exception ignored in ZipFile.__del__
    ... Traceback" (the workbook's zip file closed at exit onto the full disk)."""
    env = {**os.environ, "COLUMNS": "200"}
    if tmpdir_too:  # openpyxl's temporary sheet files fill the disk before the workbook does
        env["TMPDIR"] = str(full_disk)
    result = subprocess.run(
        [sys.executable, "-m", "kkinvest", "export", "--xlsx", "ud.xlsx"],
        cwd=full_disk,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr == "kkinvest: ud.xlsx: disken er fuld; frigør plads og prøv igen\n"
    assert list(full_disk.iterdir()) == []
