"""The command line: `kkinvest` (and `python -m kkinvest`).

`kkinvest.cli.common.app` is the Typer app; the command modules register their commands on it when
imported. `COMMANDS` says which module holds which command, in the order `--help` lists them, so
that `kkinvest payback BC06` imports and builds one command, not all of them (start-up, issue
12). `from kkinvest.cli import app` gives the app with every command registered. The command
modules do without `from __future__ import annotations`: Typer reads every parameter's
annotation when it builds a command, and evaluating them from strings costs start-up.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import typer

__all__ = ["COMMANDS", "app", "main"]

COMMANDS = {
    "list": "proposals",
    "show": "proposals",
    "payback": "proposals",
    "keys": "splits",
    "allocate": "splits",
    "tables": "splits",
    "pool": "review",
    "check": "review",
    "schema": "review",
    "status": "followup",
    "ledger": "followup",
    "export": "excel",
    "template": "excel",
    "convert": "excel",
    "npv": "economics",
    "sensitivity": "economics",
    "rates": "economics",
    "indices": "economics",
    "info": "about",
    "new": "about",
    "import": "importer",
}
"""Every command and the module (in kkinvest.cli) that registers it, in --help's order."""

_ROOT_OPTIONS_WITH_VALUE = ("--install-completion", "--show-completion")


def full_app() -> typer.Typer:
    """The app with every command registered (for --help, did-you-mean and completion)."""
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"kkinvest.cli.{module}")
    from kkinvest.cli.common import app

    return app


def command_named(args: Sequence[str]) -> str | None:
    """The command `args` run, when it is plainly one of COMMANDS; else None (help, version,
    a mistyped name: the whole app answers those)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("--skip-unreadable", "--debug"):
            continue
        elif arg in _ROOT_OPTIONS_WITH_VALUE:
            skip = True
        elif arg.startswith("-"):
            return None
        else:
            return arg if arg in COMMANDS else None
    return None


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app that runs `args`: for a known command, one holding that command alone."""
    import os

    name = command_named(args)
    if name is None or "_KKINVEST_COMPLETE" in os.environ:
        return full_app()
    importlib.import_module(f"kkinvest.cli.{COMMANDS[name]}")
    import copy

    from kkinvest.cli.common import app, command_name

    lean = copy.copy(app)
    lean.registered_commands = [c for c in app.registered_commands if command_name(c) == name]
    return lean


GC_THRESHOLD = 50_000
"""Container objects allocated between two passes of the cyclic garbage collector (Python's
default is 700). kkinvest runs for a moment and keeps what it imports until it exits: at 700
the collector ran some ninety times while `payback BC06` started, about 5 % of its time, and
found almost nothing. Cycles are still collected, less often."""


def main() -> NoReturn:
    import gc

    gc.set_threshold(GC_THRESHOLD)
    _closed_streams_to_devnull()
    try:
        app_for(sys.argv[1:])()
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    if code in (130, 128 + 15, 128 + 1):  # Ctrl-C, SIGTERM, SIGHUP: stop, silently
        _quietly_exit(code)
    _leave(code)


def _closed_streams_to_devnull() -> None:
    """Started with stdout or stderr closed (`kkinvest list >&-`), Python has None there and
    every write would be a traceback: what goes to a closed stream is dropped instead, as a
    shell's `> /dev/null` would, and the exit code is the command's own."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _leave(code: Any) -> NoReturn:
    """End the process as `sys.exit(code)` would, without the interpreter's teardown.

    Tearing down every module of Typer, rich, pydantic and kkinvest one object at a time takes
    25-30 ms, longer than any command's own work: a process about to end need not do it. What
    the teardown does that matters is done here: the output is flushed and the `atexit`
    handlers run (among them every `weakref.finalize`, such as a temporary folder's removal).
    A thread still running, or Python's development mode (`-X dev`, which reports unclosed
    files at teardown), gets the ordinary exit."""
    import atexit
    import os
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("text"): the text on stderr, exit code 1
        print(code, file=sys.stderr)
        code = 1
    busy = any(t.is_alive() and not t.daemon for t in threading.enumerate()[1:])
    if busy or sys.flags.dev_mode:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # `kkinvest list | head`: the reader has gone
            code = code or 1
        except (OSError, ValueError):
            pass
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):  # what the handlers wrote
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)


def _quietly_exit(code: int) -> NoReturn:
    """Leave without the interpreter's shutdown, where a second Ctrl-C or a half-finished
    generator would print "Exception ignored ... Traceback" blocks. Our own temporary files
    are gone by now: the error unwound through the code that made them."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def __getattr__(name: str) -> Any:
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
