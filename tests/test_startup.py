"""Start-up (issue 12): what `kkinvest payback BC06` does before and after its own work.
Times are measured in benchmarks/run.py, never asserted here; these tests pin the behaviour
the times come from.

| input | old behaviour | new behaviour |
|---|---|---|
| `kkinvest payback BC06` | imports all 8 command modules, builds all 19 commands (17 ms) | imports proposals.py, builds `payback` alone |
| `kkinvest --help`, `kkinvest paybak` | (the same) | the whole app: every command listed or suggested |
| any command | ~90 passes of the garbage collector while importing | a handful (threshold 50.000) |
| any command, after its output | the interpreter tears down every module (25-30 ms) | output flushed, atexit handlers run, os._exit |
| a thread still running, `-X dev` | (the same) | the ordinary exit |
| `Did you mean 'payback'?` | English | `; mente du payback?` |
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from kkinvest.cli import COMMANDS, app, app_for, command_named
from kkinvest.cli.common import command_name


def test_commands_table_is_every_registered_command_in_help_order() -> None:
    assert [command_name(c) for c in app.registered_commands] == list(COMMANDS)
    for command in app.registered_commands:
        module = command.callback.__module__ if command.callback else ""
        assert module == f"kkinvest.cli.{COMMANDS[command_name(command)]}"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["payback", "BC06"], "payback"),
        (["--skip-unreadable", "pool"], "pool"),
        (["--show-completion", "bash", "list"], "list"),
        (["import", "x.docx"], "import"),
        ([], None),
        (["--help"], None),
        (["-h", "payback"], None),
        (["--version"], None),
        (["paybak", "BC06"], None),  # did-you-mean needs every name
        (["--show-completion"], None),
    ],
)
def test_command_named(args: list[str], named: str | None) -> None:
    assert command_named(args) == named


def test_lean_app_holds_the_one_command() -> None:
    lean = typer.main.get_command(app_for(["tables", "BC03"]))
    assert list(lean.commands) == ["tables"]  # type: ignore[attr-defined]
    full = typer.main.get_command(app_for(["--help"]))
    assert list(full.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    assert len(app.registered_commands) == len(COMMANDS)  # the whole app is left whole


@pytest.mark.parametrize(
    "args",
    [
        ["payback", "BC06"],
        ["payback", "BC06", "--json"],
        ["tables", "BC03"],
        ["pool", "--budget", "2023"],
        ["check", "BC06"],
        ["list"],
        ["payback", "-h"],
        ["payback", "BC06", "--basis", "x"],
        ["payback", "BC06", "--budget", "2023", "--budget", "2024"],
    ],
    ids=" ".join,
)
def test_lean_app_answers_as_the_whole_app(runner, args: list[str]) -> None:
    lean, whole = runner.invoke(app_for(args), args), runner.invoke(app, args)
    assert (lean.exit_code, lean.stdout, lean.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['kkinvest', *{args!r}]\n"
        "import atexit\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        "import kkinvest.cli\n"
        "kkinvest.cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return set(done.stderr.split())


def test_payback_imports_only_its_own_command_module() -> None:
    modules = _modules_after(["payback", "BC06"])
    commands = {m for m in modules if m.startswith("kkinvest.cli.")}
    assert commands <= {
        "kkinvest.cli.common",
        "kkinvest.cli.danish",
        "kkinvest.cli.proposals",
        "kkinvest.cli.price_level",
    }, commands
    assert "openpyxl" not in modules


def test_help_and_a_mistyped_command_import_every_command() -> None:
    for args in (["--help"], ["paybak"]):
        modules = _modules_after(args)
        assert {f"kkinvest.cli.{m}" for m in COMMANDS.values()} <= modules, args


def test_the_garbage_collector_runs_seldom_while_a_command_starts() -> None:
    """kkinvest.cli.main raises the collector's first threshold (start-up, issue 12)."""
    code = (
        "import gc, sys\n"
        "sys.argv = ['kkinvest', 'payback', 'BC06']\n"
        "import atexit\n"
        "atexit.register(\n"
        "    lambda: print(gc.get_threshold()[0], gc.get_stats()[0]['collections'], file=sys.stderr)\n"
        ")\n"
        "import kkinvest.cli\n"
        "kkinvest.cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    threshold, collections = map(int, done.stderr.split()[-2:])
    assert threshold == 50_000
    assert collections < 20  # at Python's default of 700: about ninety


def _main_in_a_process(args: list[str], before: str = "", **options: Any):
    code = (
        "import sys\n"
        f"{before}"
        f"sys.argv = ['kkinvest', *{args!r}]\n"
        "import kkinvest.cli\n"
        "kkinvest.cli.main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, **options
    )


def test_leaving_without_teardown_keeps_all_output_and_the_exit_code(runner) -> None:
    """main() ends the process with os._exit after flushing (start-up, issue 12): a long
    output is whole, and the exit codes are the commands' own."""
    done = _main_in_a_process(["schema", "proposal"])
    assert done.returncode == 0
    assert len(done.stdout) > 10_000
    assert done.stdout == runner.invoke(app, ["schema", "proposal"]).stdout
    assert _main_in_a_process(["check"]).returncode == 1  # the documents' own errors
    bad = _main_in_a_process(["show", "XX"])
    assert bad.returncode == 2
    assert bad.stderr.startswith("kkinvest: intet forslag 'XX' i kataloget")


def test_leaving_runs_the_atexit_handlers(tmp_path) -> None:
    """What the interpreter's exit would still do (a temporary folder's finalizer, say) is
    done: the atexit handlers run, and what they write is flushed."""
    marker = tmp_path / "ran"
    folder = tmp_path / "temporary"
    before = (
        "import atexit, tempfile, weakref, shutil, os\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ja'))\n"
        f"os.mkdir({str(folder)!r})\n"
        "class Holder: pass\n"
        "holder = Holder()\n"
        f"weakref.finalize(holder, shutil.rmtree, {str(folder)!r})\n"
        "atexit.register(lambda: print('sidst', flush=False))\n"
    )
    done = _main_in_a_process(["payback", "BC06"], before)
    assert done.returncode == 0
    assert marker.read_text() == "ja"
    assert not folder.exists()
    assert done.stdout.rstrip().endswith("sidst")


def test_a_thread_still_running_gets_the_ordinary_exit(tmp_path) -> None:
    marker = tmp_path / "thread"
    before = (
        "import threading, time\n"
        "def later():\n"
        "    time.sleep(0.3)\n"
        f"    open({str(marker)!r}, 'w').write('færdig')\n"
        "threading.Thread(target=later).start()\n"
    )
    done = _main_in_a_process(["payback", "BC06"], before)
    assert done.returncode == 0
    assert marker.read_text() == "færdig"


def test_a_text_exit_is_printed_with_exit_code_1() -> None:
    code = (
        "import sys\n"
        "from kkinvest.cli import _leave\n"
        "print('før')\n"
        "_leave('kkinvest: noget gik galt')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "før\n", "kkinvest: noget gik galt\n")


def test_an_export_leaves_no_temporary_file_behind(tmp_path) -> None:
    """The fast exit skips the interpreter's teardown, not the cleanup: after `export` (which
    has openpyxl write each sheet to a temporary file) the temporary folder is empty."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    target = tmp_path / "alle.xlsx"
    done = _main_in_a_process(
        ["export", "--xlsx", str(target)],
        env={**os.environ, "TMPDIR": str(temp), "KKINVEST_NO_CACHE": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 10_000
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alle.xlsx", "tmp"]


@pytest.mark.parametrize(
    ("command", "closed", "code"),
    [
        ("payback BC06", ">&-", 0),
        ("payback BC06 --json", ">&-", 0),
        ("--version", ">&-", 0),
        ("payback BCXX", ">&-", 2),
        ("payback BC06", "2>&-", 0),
        ("payback BCXX", "2>&-", 2),
    ],
)
def test_a_closed_stdout_or_stderr_is_no_traceback(command: str, closed: str, code: int) -> None:
    """`kkinvest list >&-` ended in a traceback from the exit's flush (sys.stdout is None);
    what goes to a closed stream is dropped, the exit code is the command's own."""
    done = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m kkinvest {command} {closed}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == code
    assert "Traceback" not in done.stderr + done.stdout
    if code == 2 and closed == ">&-":
        assert done.stderr.startswith("kkinvest: intet forslag 'BCXX'")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", ["payback BC06", "payback BC06 --json", "list"])
def test_a_full_disk_for_the_output_names_the_output(command: str) -> None:
    done = subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m kkinvest {command} > /dev/full"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "kkinvest: standardoutput: disken er fuld; frigør plads og prøv igen\n"
