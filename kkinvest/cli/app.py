"""The Typer app and what every command shares: options, error reporting, output, loading.

Commands live in the modules beside this one, one module per group, and import what they need
inside their functions: `kkinvest --help` loads no pydantic, and only the Excel commands load
openpyxl. No calculation happens in the command line.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as clickx
from typer._click.core import Command, Context
from typer.core import TyperGroup, TyperOption

from kkinvest import __version__
from kkinvest.io.problems import InputError, os_problem

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kkinvest.calc.payback import Basis, Payback
    from kkinvest.model import Catalogue, Proposal

SKIP_UNREADABLE = "--skip-unreadable"


class Settings:
    """What the command line says beyond a command's own parameters."""

    skip_unreadable = False


_USAGE = (
    (re.compile(r"^No such option: (\S+)"), "ukendt tilvalg {0}"),
    (re.compile(r"^No such command '(.*)'\.(?: Did you mean (.*)\?)?"), "ukendt kommando {0!r}"),
    (re.compile(r"^Missing argument '(.*)'"), "mangler argumentet {0}"),
    (re.compile(r"^Missing option '(.*)'"), "mangler tilvalget {0}"),
    (
        re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)"),
        "for mange argumenter: {0}",
    ),
    (re.compile(r"^Option '(.*)' requires an argument"), "tilvalget {0} skal have en værdi"),
    (
        re.compile(r"^Invalid value for '(.*)': (?:Value error, )?'(.*)' is not one of (.*)\."),
        "{0}: {1!r} er ikke en af {2}",
    ),
    (
        re.compile(r"^Invalid value for '(.*)': .*(?:valid integer|int_parsing).*"),
        "{0}: forventede et helt tal",
    ),
    (re.compile(r"^Invalid value for '(.*)': (?:Value error, )?(.*)"), "{0}: ugyldig værdi: {1}"),
)


def usage_line(exc: clickx.UsageError) -> str:
    """A usage error as one Danish line, with where to read more."""
    message = exc.format_message().strip().splitlines()[0] if exc.format_message() else ""
    for pattern, danish in _USAGE:
        match = pattern.match(message)
        if match:
            text = danish.format(*(g or "" for g in match.groups()))
            suggestion = getattr(exc, "possibilities", None)
            if pattern.pattern.startswith("^No such command") and match.group(2):
                text += f"; mente du {match.group(2)}?"
            elif suggestion:
                text += f"; mente du {' eller '.join(sorted(suggestion))}?"
            message = text
            break
    command = getattr(exc, "command_path", None) or (
        exc.ctx.command_path if exc.ctx is not None else "kkinvest"
    )
    return f"kkinvest: {message} (se {command} --help)"


def _refuse_repeated(command: Command, args: Sequence[str], path: str) -> None:
    """An option given twice is an error: Click would silently keep the last one."""
    names: dict[str, str] = {}
    for param in command.params:
        if isinstance(param, TyperOption) and not param.multiple and not param.count:
            for opt in (*param.opts, *param.secondary_opts):
                names[opt] = param.name or opt
    seen: dict[str, str] = {}
    for arg in args:
        if arg == "--":
            break
        opt = arg.split("=", 1)[0] if arg.startswith("--") else arg
        name = names.get(opt)
        if name is None:
            continue
        if name in seen:
            exc = clickx.UsageError(f"tilvalget {opt} er givet to gange; giv det én gang")
            exc.command_path = path  # type: ignore[attr-defined]
            raise exc
        seen[name] = arg


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): unwind, so temporary files go."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextmanager
def _stoppable() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the program like Ctrl-C does (in the main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


class Group(TyperGroup):
    """The one error path: every error from the user's input, the file system or the
    environment becomes one `kkinvest:` line and exit code 2; Ctrl-C is exit 130, silently."""

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _refuse_repeated(command, rest, f"{ctx.command_path} {name}")
        return name, command, rest

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        cut = given.index("--") if "--" in given else len(given)
        Settings.skip_unreadable = SKIP_UNREADABLE in given[:cut]
        given = [a for i, a in enumerate(given) if i >= cut or a != SKIP_UNREADABLE]
        code = self._run(given, prog_name or "kkinvest", complete_var, extra)
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(
        self, args: list[str], prog_name: str, complete_var: str | None, extra: dict[str, Any]
    ) -> int:
        def say(line: str) -> None:
            typer.echo(line, err=True)

        try:
            with _stoppable():
                result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            return result if isinstance(result, int) else 0
        except clickx.NoArgsIsHelpError as exc:
            say(exc.format_message())
            return 2
        except clickx.UsageError as exc:
            say(usage_line(exc))
            return 2
        except clickx.ClickException as exc:
            say(f"kkinvest: {exc.format_message()}")
            return exc.exit_code
        except (KeyboardInterrupt, typer.Abort):
            return 130
        except Terminated as exc:
            return 128 + exc.signum
        except InputError as exc:
            for problem in exc.problems:
                say(f"kkinvest: {problem}")
            return 2
        except BrokenPipeError:
            return _broken_pipe()
        except OSError as exc:
            say(f"kkinvest: {os_problem(exc)}")
            return 2
        except RecursionError:
            say("kkinvest: inddata er indlejret for dybt til at kunne læses")
            return 2
        except MemoryError:
            say("kkinvest: der er ikke hukommelse nok til inddata; del dem op i mindre filer")
            return 2
        except ArithmeticError as exc:  # Decimal's overflow and invalid operation
            say(f"kkinvest: et beløb er uden for det, der kan regnes med ({type(exc).__name__})")
            return 2


def _broken_pipe() -> int:
    """The reader of our output went away (`kkinvest list | head`): stop quietly."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


app = typer.Typer(
    cls=Group,
    name="kkinvest",
    help="Payback, pool totals and committee splits for investment proposals "
    "in Københavns Kommune. Amounts in 1.000 kr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="A proposal file or a folder of them (searched recursively). "
        "Default: $KKINVEST_DATA, else the built-in catalogue.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
XlsxOption = Annotated[bool, typer.Option("--xlsx", help="Write an Excel workbook (.xlsx).")]


class BasisName(StrEnum):
    """The payback bases, for the command line (kkinvest.calc.payback.Basis in the calculators)."""

    SERVICE = "service"
    TOTAL = "total"


class Exit(Exception):
    """Stop with a message on stderr and an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def reported() -> Iterator[None]:
    """Bad input becomes one line per problem on stderr and exit code 2."""
    from kkinvest.calc.keys import KeyProblem

    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(f"kkinvest: {problem}", err=True)
        raise typer.Exit(2) from None
    except Exit as exc:
        typer.echo(f"kkinvest: {exc}", err=True)
        raise typer.Exit(exc.code) from None
    except KeyProblem as exc:  # a key that resolves nowhere, found only when used
        typer.echo(f"kkinvest: {exc}", err=True)
        raise typer.Exit(2) from None


def out(renderable: RenderableType) -> None:
    from rich.console import Console

    Console(highlight=False).print(renderable)


def out_json(value: Any) -> None:
    from kkinvest.render.jsonout import dumps

    sys.stdout.write(dumps(value) + "\n")


def catalogue(data: Path | None) -> Catalogue:
    from kkinvest.io.catalogue import data_path, load_catalogue

    cat = load_catalogue(data_path(data), skip_unreadable=Settings.skip_unreadable)
    notes(cat)
    return cat


def notes(cat: Catalogue) -> None:
    for note in cat.notes:
        typer.echo(f"kkinvest: note: {note}", err=True)


def find(cat: Catalogue, proposal_id: str) -> Proposal:
    proposal = cat.find(proposal_id)
    if proposal is None:
        near = cat.suggest(proposal_id)
        hint = (
            f"did you mean {' or '.join(near)}?"
            if near
            else "known ids: " + ", ".join(p.id for p in cat.proposals)
        )
        raise Exit(f"no proposal {proposal_id!r} in the catalogue; {hint}")
    return proposal


def paybacks(proposal: Proposal, all_lines: bool = False) -> dict[Basis, Payback]:
    from kkinvest.calc.payback import Basis, compute_payback

    return {basis: compute_payback(proposal, basis, all_lines=all_lines) for basis in Basis}


def known_budget(cat: Catalogue, budget: int) -> None:
    if budget not in cat.budgets:
        known = ", ".join(str(b) for b in cat.budgets)
        raise Exit(f"--budget: no proposals or pool for budget {budget}; the catalogue has {known}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kkinvest {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    skip_unreadable: Annotated[
        bool,
        typer.Option(
            SKIP_UNREADABLE,
            help="Spring filer og mapper, der ikke kan læses, over med en advarsel for hver "
            "(også efter kommandoen: kkinvest pool --skip-unreadable).",
        ),
    ] = False,
) -> None:
    """kkinvest: investment and innovation proposals, computed the way the templates define."""
