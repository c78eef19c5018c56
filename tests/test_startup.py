"""Start-up (issue 12): `kkinvest payback BC06` imports and builds the one command it runs, and
that lean app answers exactly as the whole app does. Times are measured in benchmarks/, never
asserted here; these tests pin the behaviour the times come from.
"""

from __future__ import annotations

import subprocess
import sys

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
        "import kkinvest.cli\n"
        "try:\n"
        "    kkinvest.cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
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
        "import kkinvest.cli\n"
        "try:\n"
        "    kkinvest.cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_threshold()[0], gc.get_stats()[0]['collections'], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    threshold, collections = map(int, done.stderr.split()[-2:])
    assert threshold == 50_000
    assert collections < 20  # at Python's default of 700: about ninety
