"""Every reproduction of issue 12 ("never a traceback, never a silent loss"), one test each.

| input | old behaviour | new behaviour |
|---|---|---|
| a number in the sheet's `Nr.` cell | TypeError in io/validation.py | one line naming the id, exit 2 |
| an amount of 1e28, or of 29 significant digits | decimal.InvalidOperation | "højst 15 cifre", exit 2 |
| `1e999999999` as an amount | decimal.Overflow | "højst 15 cifre", exit 2 |
| a 5.000-digit integer in TOML | tomli ValueError | one line, exit 2 |
| a 400-digit payback in `stated` | OverflowError in `export` | refused on load (at most 999) |
| a 35-digit `--amount` | InvalidOperation | "--amount: … højst 15 cifre", exit 2 |
| `[split] key = ""` | KeyProblem traceback | one line, exit 2 |
| a control character in `profit_centers`, pool labels, stated-table titles | IllegalCharacterError on export | refused on load |
| a label with U+FFFF | an export kkinvest cannot read back | refused on load |
| a symlink loop in a catalogue folder | RuntimeError | "symbolske links går i ring", exit 2 |
| `--data` on a folder with a file vanishing (as under /proc) | FileNotFoundError | ignored, the rest read |
| a chain of 1.200 composite keys | RecursionError | "indlejret mere end 20 led", exit 2 |
| a 30-level diamond of composite keys | time doubling per level | each key resolved once |
| a key weight of `1e-300` | a traceback in arithmetic | "højst 15 cifre", exit 2 |
| ENOSPC on export/template/convert | OSError traceback | "disken er fuld", old file intact |
| a valid 230-character file name | ENAMETOOLONG (the temp name added 38) | written |
| Ctrl-C | four "Exception ignored … Traceback" blocks | exit 130, nothing printed |
| bad `--budget`, `--table`, `--basis` | Click's multi-line usage error | one `kkinvest:` line, exit 2 |
| an unreadable subfolder | skipped, exit 0 | error naming it; `--skip-unreadable`: warning + summary |
| years `"2024"` and `"02024"` | one value silently dropped | error |
| `--year 2025=1 --year 2025=2` | the last kept | error |
| `--budget 2023 --budget 2025` (any option twice) | the last kept | error |
| two exports to one new path without `--force` | the second replaced the first | the second refused |
| `convert` into a folder holding one target | some files written, then failure | nothing written |
| `--data` at a FIFO | hangs forever | "er en FIFO", exit 2 |
| `--data` at /dev/zero, or a symlink to it in a folder | memory grows until killed | "er en enhed", exit 2 |
| a 4 MB title (list took 11 s; 140 MB hung rich) | slow / hang | refused: at most 500 characters |
| `export BC06 BC06` | a workbook kkinvest cannot read back | error |
| `template --budget 2100` | a workbook kkinvest cannot read back | error |
| Arabic-Indic digits as an amount | accepted | refused |
| openpyxl with lxml installed | lxml parses, not defusedxml | defusedxml (OPENPYXL_LXML=False) |
| SIGTERM (or Ctrl-C) during an export | openpyxl's sheet files left in $TMPDIR | none: they live in our folder, removed |
| kill -9 during an export | up to 940 files left in $TMPDIR | removed by the next command that writes |
| kill -9 without O_TMPFILE (network share) | a hidden `.book.xlsx.*.tmp` left | `.kk-PID-….tmp`, removed an hour later by the next write there |

Hostile workbooks (memory and time) are in tests/test_hostile.py.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

FIFTEEN = re.compile(r"højst 15 (betydende )?cifre")

HEADER = """\
id = "T1"
title = "Testforslag"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"
"""


def line(values: str = "{ 2023 = -100, 2024 = -200 }", label: str = '"Effektivisering"') -> str:
    return f'\n[[lines]]\nsection = "varig"\nlabel = {label}\narea = "service"\nvalues = {values}\n'


def write(folder: Path, text: str, name: str = "T1.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def one_line_error(*args: str) -> str:
    code, _, err = run(*args)
    assert code == 2, err
    assert err.startswith("kkinvest: "), err
    return err


# --- tracebacks -------------------------------------------------------------------------------


def test_a_number_in_the_nr_cell(tmp_path) -> None:
    from openpyxl import load_workbook

    book_path = tmp_path / "t.xlsx"
    assert run("template", "--xlsx", str(book_path), "--budget", "2025")[0] == 0
    book = load_workbook(book_path)
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows():
        if row[0].value == "Nr.":
            row[1].value = 123
    book.save(book_path)
    err = one_line_error("list", "--data", str(book_path))
    assert "123" in err


@pytest.mark.parametrize(
    "amount", ["1e28", "1234567890123456789012345678.9", "1e999999999", "0.0000000000000001"]
)
def test_amounts_are_bounded_where_they_enter(tmp_path, amount) -> None:
    path = write(tmp_path, HEADER + line(f"{{ 2023 = {amount} }}"))
    err = one_line_error("payback", "T1", "--data", str(path))
    assert FIFTEEN.search(err)


def test_a_5000_digit_integer(tmp_path) -> None:
    path = write(tmp_path, HEADER + line(f"{{ 2023 = {'9' * 5000} }}"))
    assert "tusindvis af cifre" in one_line_error("list", "--data", str(path))


def test_a_400_digit_integer_amount_and_payback(tmp_path) -> None:
    path = write(tmp_path, HEADER + line(f"{{ 2023 = {'9' * 400} }}"))
    assert FIFTEEN.search(one_line_error("list", "--data", str(path)))
    stated = HEADER + line() + f"\n[stated]\npayback_service = {'9' * 400}\n"
    path = write(tmp_path, stated)
    err = one_line_error("export", "--xlsx", str(tmp_path / "o.xlsx"), "--data", str(path))
    assert "payback_service" in err
    assert not (tmp_path / "o.xlsx").exists()


def test_a_35_digit_amount_option() -> None:
    err = one_line_error("allocate", "--key", "intune", "--amount", "9" * 35)
    assert "--amount" in err and FIFTEEN.search(err)


def test_an_empty_split_key(tmp_path) -> None:
    path = write(tmp_path, HEADER + line() + '\n[split]\nkey = ""\n')
    assert "split.key" in one_line_error("tables", "T1", "--data", str(path))


@pytest.mark.parametrize(
    "extra",
    [
        '\n[split]\nprofit_centers = { KEID = "11\\u000170" }\n',
        '\n[stated.tabel_a]\ntitle = "Tabel\\u0001A"\nrows = { BIU = { 2023 = -100 } }\n',
    ],
)
def test_control_characters_anywhere_are_refused_on_load(tmp_path, extra) -> None:
    path = write(tmp_path, HEADER + line() + extra)
    assert "kontroltegn" in one_line_error("list", "--data", str(path))


def test_a_control_character_in_a_pool_label(tmp_path) -> None:
    pool = textwrap.dedent(
        """\
        [pool]
        budget = 2023
        price_level = 2023
        remaining = 208.7
        committee_labels = { "ØU" = "Tværgående\\u0002" }
        """
    )
    write(tmp_path, pool, "pool.toml")
    assert "kontroltegn" in one_line_error("pool", "--data", str(tmp_path))


def test_a_label_with_u_ffff(tmp_path) -> None:
    path = write(tmp_path, HEADER + line(label='"Eff\\uFFFF"'))
    assert "U+FFFF" in one_line_error("list", "--data", str(path))


def test_a_symlink_loop_in_a_folder(tmp_path) -> None:
    write(tmp_path, HEADER + line())
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    err = one_line_error("list", "--data", str(tmp_path))
    assert "loop.toml: symbolske links går i ring" in err
    assert "indeholder sig selv" in err


def test_a_file_vanishing_while_the_folder_is_read(tmp_path, monkeypatch) -> None:
    import kkinvest.io.folders as folders

    write(tmp_path, HEADER + line())
    write(tmp_path, "", "gone.toml")
    real_stat = os.stat

    def vanishing(path, *args, **kwargs):  # as files under /proc come and go
        if str(path).endswith("gone.toml"):
            raise FileNotFoundError(errno.ENOENT, "gone", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(folders.os, "stat", vanishing)
    code, out, err = run("list", "--data", str(tmp_path))
    assert code == 0, err
    assert "T1" in out


def test_data_at_the_root_ends_in_one_line_or_a_list() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kkinvest", "list", "--data", "/proc/self"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2), result.stderr


def keys_file(folder: Path, entries: list[str]) -> Path:
    return write(folder, "\n".join(entries), "keys.toml")


def test_a_chain_of_1200_composite_keys(tmp_path) -> None:
    entries = ['[[keys]]\nname = "k0"\nequal = ["BIU"]\n']
    entries += [
        f'[[keys]]\nname = "k{i}"\nparts = [{{ key = "k{i - 1}", weight = 1 }}]\n'
        for i in range(1, 1200)
    ]
    keys_file(tmp_path, entries)
    err = one_line_error("keys", "--data", str(tmp_path))
    assert "indlejret mere end 20 led" in err


def test_a_diamond_of_composite_keys_is_resolved_once_per_key() -> None:
    from kkinvest.calc.keys import key_shares
    from kkinvest.model import Key

    keys = {"d0": Key.model_validate({"name": "d0", "equal": ["BIU", "KFU"]})}
    for level in range(1, 19):
        parts = [{"key": f"d{level - 1}", "weight": 1}, {"key": f"d{level - 1}", "weight": 2}]
        keys[f"d{level}"] = Key.model_validate({"name": f"d{level}", "parts": parts})
    calls = 0
    real = key_shares

    import kkinvest.calc.keys as module

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    module.key_shares = counting  # count the recursive calls too
    try:
        shares = counting("d18", keys)
    finally:
        module.key_shares = real
    assert sum(shares.values()) == 1
    assert calls < 200  # 2**18 without memo


def test_a_key_weight_of_1e_minus_300(tmp_path) -> None:
    keys_file(tmp_path, ['[[keys]]\nname = "tiny"\nweights = { BIF = 1e-300, KFF = 1 }\n'])
    assert FIFTEEN.search(one_line_error("keys", "--data", str(tmp_path)))


@pytest.mark.parametrize("command", ["export", "template", "convert"])
def test_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path, monkeypatch, command) -> None:
    import kkinvest.io.files as files

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    monkeypatch.setattr(files.os, "replace", full)
    source = write(tmp_path, HEADER + line())
    args = {
        "export": ["export", "--xlsx", str(target), "BC06", "--force"],
        "template": ["template", "--xlsx", str(target), "--force"],
        "convert": ["convert", str(source), "--to", "xlsx", "-o", str(target), "--force"],
    }[command]
    err = one_line_error(*args)
    assert "out.xlsx: disken er fuld" in err
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["T1.toml", "out.xlsx"]


def test_a_230_character_file_name(tmp_path) -> None:
    target = tmp_path / ("b" * 225 + ".xlsx")
    code, _, err = run("export", "--xlsx", str(target), "BC06")
    assert code == 0, err
    assert target.exists()


def test_a_read_only_folder(tmp_path, monkeypatch) -> None:
    import kkinvest.io.files as files

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.os, "open", read_only)
    err = one_line_error("template", "--xlsx", str(tmp_path / "t.xlsx"))
    assert "skrivebeskyttet" in err


CTRL_C = """
import signal, sys
# A shell starts a background job with SIGINT ignored, and the child inherits it: restore
# Python's own handler, as a terminal's foreground process has it.
signal.signal(signal.SIGINT, signal.default_int_handler)
import kkinvest.cli.proposals as proposals
from kkinvest.cli import main

def interrupted(data, proposals=False):
    signal.raise_signal(signal.SIGINT)

proposals.catalogue = interrupted
sys.argv = ["kkinvest", "list"]
main()
"""


def test_ctrl_c_is_exit_130_and_silent() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["pool", "--budget", "x"], "--budget: skal være et helt tal"),
        (["tables", "BC03", "--table", "D"], "--table: 'D' er ikke en af"),
        (["payback", "BC06", "--basis", "x"], "--basis: 'x' er ikke en af"),
        (["payback", "--nope"], "ukendt tilvalg: --nope"),
        (["keys", "x"], "uventet ekstra argument"),
    ],
)
def test_usage_errors_are_one_line(args, said) -> None:
    err = one_line_error(*args)
    assert said in err
    assert err.count("\n") == 1


# --- silent loss ------------------------------------------------------------------------------


def test_an_unreadable_subfolder(tmp_path, monkeypatch) -> None:
    import kkinvest.io.folders as folders

    write(tmp_path, HEADER + line())
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def denied(path):  # root reads anything: simulate a folder we may not read
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(folders.os, "scandir", denied)
    err = one_line_error("pool", "--data", str(tmp_path))
    assert "locked: mappen kan ikke læses (ingen adgang)" in err
    assert "--skip-unreadable" in err
    for args in (
        ["pool", "--data", str(tmp_path), "--skip-unreadable"],
        ["--skip-unreadable", "list", "--data", str(tmp_path)],
    ):
        code, _out, err = run(*args)
        assert code == 0, err
        assert "locked: mappen kan ikke læses" in err
        assert "sprang 1 fil(er) eller mappe(r) over" in err


def test_years_2024_and_02024(tmp_path) -> None:
    path = write(tmp_path, HEADER + line('{ "2024" = -1, "02024" = -2 }'))
    assert "02024" in one_line_error("list", "--data", str(path))
    path = write(tmp_path, HEADER + line('{ "2024" = -1, " 2024" = -2 }'))
    assert "står to gange" in one_line_error("list", "--data", str(path))


def test_a_year_given_twice_on_the_command_line() -> None:
    err = one_line_error("allocate", "--key", "intune", "--year", "2025=1", "--year", "2025=2")
    assert "året 2025 er givet to gange" in err


def test_an_option_given_twice() -> None:
    err = one_line_error("pool", "--budget", "2023", "--budget=2025")
    assert "--budget er givet to gange" in err


def test_the_second_export_to_a_new_path_is_refused_at_the_rename(tmp_path, monkeypatch) -> None:
    """The other writer lands between our check and our rename."""
    import kkinvest.io.files as files

    target = tmp_path / "same.xlsx"
    real_link = files._link

    def racing(fd, named):
        if Path(named) == target:
            target.write_bytes(b"the other export")
        real_link(fd, named)

    monkeypatch.setattr(files, "_link", racing)
    err = one_line_error("export", "--xlsx", str(target), "BC06")
    assert "blev skrevet af en anden imens" in err
    assert target.read_bytes() == b"the other export"


def test_no_replace_rename_without_o_tmpfile(tmp_path) -> None:
    from kkinvest.io.files import rename_no_replace

    (tmp_path / "a").write_text("new")
    (tmp_path / "b").write_text("theirs")
    with pytest.raises(FileExistsError):
        rename_no_replace(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "theirs"
    rename_no_replace(tmp_path / "a", tmp_path / "c")
    assert (tmp_path / "c").read_text() == "new"


def test_convert_checks_every_target_first(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "BC06.toml").write_text("mine")
    book = tmp_path / "all.xlsx"
    assert run("export", "--xlsx", str(book), "BC01", "BC06")[0] == 0
    err = one_line_error("convert", str(book), "--to", "toml", "-o", str(out))
    assert "BC06.toml: findes allerede" in err
    assert sorted(p.name for p in out.iterdir()) == ["BC06.toml"]


# --- unbounded ---------------------------------------------------------------------------------


def test_data_at_a_fifo(tmp_path) -> None:
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    assert "er en FIFO" in one_line_error("list", "--data", str(fifo))
    assert "er en FIFO" in one_line_error("list", "--data", str(tmp_path))


def test_data_at_a_device(tmp_path) -> None:
    assert "er en enhed" in one_line_error("list", "--data", "/dev/zero")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert "zero.toml: er en enhed" in one_line_error("list", "--data", str(tmp_path))


def test_a_long_title(tmp_path) -> None:
    path = write(tmp_path, HEADER.replace('"Testforslag"', '"' + "x" * 4_000_000 + '"') + line())
    assert "højst 500 tegn" in one_line_error("list", "--data", str(path))


# --- exports kkinvest could not read back ------------------------------------------------------


def test_export_the_same_proposal_twice(tmp_path) -> None:
    err = one_line_error("export", "--xlsx", str(tmp_path / "x.xlsx"), "BC06", "bc06")
    assert "BC06 er nævnt to gange" in err


def test_template_for_a_year_it_could_not_read_back(tmp_path) -> None:
    assert "--budget: 2100" in one_line_error(
        "template", "--xlsx", str(tmp_path / "t.xlsx"), "--budget", "2100"
    )
    code, _, err = run("template", "--xlsx", str(tmp_path / "t.xlsx"), "--budget", "2095")
    assert code == 0, err
    assert run("list", "--data", str(tmp_path / "t.xlsx"))[0] in (0, 2)


def test_arabic_indic_digits_are_not_amounts() -> None:
    from kkinvest.render.numbers import parse_danish

    with pytest.raises(ValueError):
        parse_danish("١٢٣")
    err = one_line_error("allocate", "--key", "intune", "--amount", "١٢٣")
    assert "--amount" in err


def test_openpyxl_parses_with_defusedxml_even_with_lxml_installed() -> None:
    code = "import kkinvest.io.excel_in, openpyxl.xml as x; print(x.LXML, x.DEFUSEDXML)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"},
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_signals_unwind(tmp_path) -> None:
    """SIGTERM is turned into an exception, so `finally` blocks remove temporary files."""
    from kkinvest.cli.common import Terminated, _stoppable

    with pytest.raises(Terminated), _stoppable():
        signal.raise_signal(signal.SIGTERM)


# --- leftovers ---------------------------------------------------------------------------------

SIGTERM_EXPORT = """
import signal, sys
import kkinvest.render.excel as excel
from kkinvest.cli import main

real = excel.build_workbook

def build_then_stop(*args, **kwargs):
    book = real(*args, **kwargs)
    signal.raise_signal(signal.SIGTERM)  # after openpyxl has written its sheet files
    return book

excel.build_workbook = build_then_stop
sys.argv = ["kkinvest", "export", "--xlsx", sys.argv[1]]
main()
"""


def test_sigterm_during_an_export_leaves_no_temporary_files(tmp_path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    target = tmp_path / "out.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_EXPORT, str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(temp), "KKINVEST_NO_CACHE": "1"},
    )
    assert result.returncode == 143, result.stderr
    assert result.stderr == ""
    assert list(temp.iterdir()) == []  # openpyxl's sheet files went with our folder
    assert not target.exists()


def test_leftovers_of_a_killed_process_are_swept(tmp_path, monkeypatch) -> None:
    """kill -9 cannot be caught: the next command that writes removes what it left."""
    import tempfile

    import kkinvest.io.files as files

    temp = tmp_path / "tmp"
    temp.mkdir()
    dead = 2**22 + 12345  # above pid_max on most systems: no such process
    left = temp / f"kkinvest-{dead}-abcd1234"
    left.mkdir()
    (left / "openpyxl.xyz").write_text("sheet")
    alive = temp / f"kkinvest-{os.getpid()}-zzzz9999"  # ours: kept
    alive.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = tmp_path / "out"
    out.mkdir()
    old = out / f".kk-{dead}-0123456789ab.tmp"
    old.write_text("half a workbook")
    os.utime(old, (1, 1))
    recent = out / f".kk-{dead}-ba9876543210.tmp"
    recent.write_text("maybe another machine's")
    monkeypatch.setattr(files.os, "O_TMPFILE", None, raising=False)  # a network share
    code, _, err = run("template", "--xlsx", str(out / "t.xlsx"))
    assert code == 0, err
    assert not left.exists()
    assert alive.exists()
    assert not old.exists()
    assert recent.exists()  # too young to be sure
    assert sorted(p.name for p in out.iterdir()) == sorted(["t.xlsx", recent.name])
