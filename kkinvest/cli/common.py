"""The Typer app and what every command shares: options, error reporting, output, loading.

Commands live in the modules beside this one, one module per group, and import what they need
inside their functions: `kkinvest --help` loads no pydantic, and only the Excel commands load
openpyxl. No calculation happens in the command line.
"""

import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer._click import exceptions as clickx
from typer._click.core import Command, Context
from typer.core import TyperGroup, TyperOption
from typer.models import CommandInfo

from kkinvest import __version__
from kkinvest.cli import danish  # Typer's and Click's own words in Danish, on import
from kkinvest.io.problems import InputError, os_problem, printable

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kkinvest.calc.payback import Basis, Payback
    from kkinvest.io.catalogue import FileRead, Known
    from kkinvest.model import Catalogue, Proposal

SKIP_UNREADABLE = "--skip-unreadable"
DEBUG = "--debug"


class Settings:
    """What the command line says beyond a command's own parameters."""

    skip_unreadable = False


def usage_line(exc: clickx.UsageError, args: Sequence[str] = ()) -> str:
    """A usage error as one line (its words made Danish by kkinvest.cli.danish), with where
    to read more: the command's help when the command line names one (Click's parser raises
    an option's errors without saying whose option it was)."""
    from kkinvest.cli import command_named

    lines = exc.format_message().strip().splitlines()
    named = command_named(args)
    command = getattr(exc, "command_path", None) or (
        exc.ctx.command_path
        if exc.ctx is not None
        else (f"kkinvest {named}" if named else "kkinvest")
    )
    first = danish.translate(lines[0]) if lines else str(exc)
    extra = re.match(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", first)
    if extra:  # Click 8.3 writes "argument(s)", which kkinvest.cli.danish does not match
        first = f"uventet ekstra argument: {extra.group(1)}"
    return f"kkinvest: {first.rstrip('.')} (se {command} --help)"


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


def _is_path(param: Any) -> bool:
    descriptor = getattr(param, "type_descriptor", None)
    return "Path" in str(getattr(descriptor, "annotation", ""))


def _refuse_empty_paths(command: Command, args: Sequence[str], path: str) -> None:
    """An empty file or folder name ('' or "") is an error: Typer would read it as '.', the
    current folder (`--data ""` would load whatever lies there)."""
    options = {
        opt: param
        for param in command.params
        if isinstance(param, TyperOption)
        for opt in (*param.opts, *param.secondary_opts)
    }
    positional_path = any(not isinstance(p, TyperOption) and _is_path(p) for p in command.params)
    previous: str | None = None
    for arg in args:
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if equals and name in options and _is_path(options[name]) and not value:
            previous, arg = name, ""
        if arg == "":
            option = options.get(previous or "")
            if option is not None and _is_path(option):
                message = f"tilvalget {previous} har et tomt filnavn; angiv en fil eller mappe"
            elif option is None and positional_path:
                message = "et tomt filnavn ('') er givet; angiv en fil eller mappe"
            else:
                previous = arg
                continue
            exc = clickx.UsageError(message)
            exc.command_path = path  # type: ignore[attr-defined]
            raise exc
        previous = arg if arg.startswith("-") and arg in options else None


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
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except clickx.UsageError as exc:
            typed = args[0] if args else ""
            if "Did you mean" not in exc.message and typed.lower() in self.commands:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean '{typed.lower()}'?"
            raise
        if command is not None:
            _refuse_repeated(command, rest, f"{ctx.command_path} {name}")
            _refuse_empty_paths(command, rest, f"{ctx.command_path} {name}")
        return name, command, rest

    def format_commands(self, ctx: Context, formatter: Any) -> None:
        """The command list of `kkinvest -h`, each command's first paragraph whole and wrapped
        (Click cuts it at the terminal's width and ends it in '...')."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            first = (command.short_help or command.help or "").split("\n\n")[0]
            rows.append((name, " ".join(first.split())))
        if rows:
            with formatter.section(typer.core._("Commands")):  # type: ignore[attr-defined]
                formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from kkinvest.io import problems

        given = list(sys.argv[1:] if args is None else args)
        cut = given.index("--") if "--" in given else len(given)
        Settings.skip_unreadable = SKIP_UNREADABLE in given[:cut]
        problems.Settings.debug = DEBUG in given[:cut]
        twice = [o for o in (SKIP_UNREADABLE, DEBUG) if given[:cut].count(o) > 1]
        if twice:  # as every other option given twice
            typer.echo(
                f"kkinvest: tilvalget {twice[0]} er givet to gange; giv det én gang "
                f"(se {prog_name or 'kkinvest'} --help)",
                err=True,
            )
            code = 2
        else:
            given = [
                a for i, a in enumerate(given) if i >= cut or a not in (SKIP_UNREADABLE, DEBUG)
            ]
            global _AFTER
            _AFTER = []
            try:
                code = self._run(given, prog_name or "kkinvest", complete_var, extra)
            finally:
                after, _AFTER = _AFTER, None
            code = _after_output(after, code)
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(
        self, args: list[str], prog_name: str, complete_var: str | None, extra: dict[str, Any]
    ) -> int:
        def say(line: str) -> None:
            typer.echo(printable(line), err=True)

        try:
            with _stoppable():
                result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            return result if isinstance(result, int) else 0
        except clickx.NoArgsIsHelpError as exc:
            say(exc.format_message())
            return 2
        except clickx.UsageError as exc:
            say(usage_line(exc, args))
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
            # An error that names no file came from writing the output (`> /dev/full`): every
            # file kkinvest reads or writes itself is named where it fails.
            where = None if exc.filename else "standardoutput"
            say(f"kkinvest: {os_problem(exc, where)}")
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
        except Exception:
            if "_KKINVEST_COMPLETE" in os.environ:  # a shell's malformed completion request:
                return 1  # no candidates, and never a traceback into the command line
            raise


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
    help="Tilbagebetalingstid, puljeoverblik og fordeling på udvalg for investerings- og "
    "innovationsforslag i Københavns Kommune. Beløb i 1.000 kr.",
    epilog="\b\nEksempler:\n  kkinvest payback BC06\n  kkinvest pool --budget 2023\n"
    "  kkinvest payback BC06 -h     hjælp til én kommando",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command_name(info: CommandInfo) -> str:
    """The name a registered command is called by, as Typer names it."""
    from typer.main import get_command_name

    callback = info.callback
    return info.name or get_command_name(callback.__name__ if callback else "")


def examples(*lines: str) -> str:
    """A command's examples, for its help (printed as written, not rewrapped)."""
    return "\b\nEksempler:\n" + "\n".join(f"  {line}" for line in lines)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Proposal ids from the catalogue in use, for shell completion."""
    try:
        cat = _completion_catalogue(ctx)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [p.id for p in cat.proposals if p.id.casefold().startswith(incomplete.casefold())]


def complete_keys(ctx: typer.Context, incomplete: str) -> list[str]:
    """Key names and key families, for shell completion."""
    try:
        cat = _completion_catalogue(ctx)
    except Exception:  # completion must never print a traceback into the shell
        return []
    names = sorted({*cat.keys, *(k.family for k in cat.keys.values() if k.family)})
    return [name for name in names if name.startswith(incomplete.casefold())]


def _completion_catalogue(ctx: typer.Context) -> "Catalogue":
    from kkinvest.io.catalogue import load_catalogue
    from kkinvest.io.folders import data_paths

    data = ctx.params.get("data")
    return load_catalogue(data_paths([Path(d) for d in data] if data else None))


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        metavar="STI",
        help="En forslagsfil (.toml, .xlsx, .docx) eller en mappe med forslag (søges igennem "
        "med undermapper); kan gives flere gange, 'builtin' er det indbyggede katalog. "
        "Standard: $KKINVEST_DATA, ellers det indbyggede katalog.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Skriv JSON til maskiner.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Erstat outputfilen, hvis den findes.")]
XlsxOption = Annotated[bool, typer.Option("--xlsx", help="Skriv en Excel-projektmappe (.xlsx).")]
BudgetOption = Annotated[
    int | None,
    typer.Option(metavar="ÅR", help="Kun forslagene fra dette budgetår, fx 2023."),
]
IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="Forslagets nummer, fx BC06.", autocompletion=complete_ids),
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID...",
        help="Forslagenes numre, fx BC01 BC06; standard: alle.",
        autocompletion=complete_ids,
        show_default=False,
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        metavar="NØGLE",
        help="En nøgle eller nøglefamilie (intune = den nyeste Intune-nøgle før forslagets "
        "budgetår); standard: forslagets egen.",
        autocompletion=complete_keys,
    ),
]


def _no_pager(value: bool) -> None:
    global _PAGER
    if value:
        _PAGER = False


_PAGER = True
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Skriv alt direkte, også når det er længere end terminalen.",
        callback=_no_pager,
    ),
]


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
    from kkinvest.model import MissingField

    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(f"kkinvest: {problem}", err=True)
        raise typer.Exit(2) from None
    except Exit as exc:
        typer.echo(printable(f"kkinvest: {exc}"), err=True)
        raise typer.Exit(exc.code) from None
    except (KeyProblem, MissingField) as exc:  # found only when used: a key, a committee
        typer.echo(printable(f"kkinvest: {exc}"), err=True)
        raise typer.Exit(2) from None


def out(*renderables: "RenderableType") -> None:
    """Print to stdout; in a terminal, output longer than the screen goes through a pager
    (less, or $PAGER) unless --no-pager."""
    from rich.console import Console, Group

    from kkinvest.render.layout import rendered

    console = Console(highlight=False, markup=False, emoji=False)
    if console.width < 1:  # COLUMNS=0: rich would print nothing at all; take 80 as for garbage
        console.width = 80
    parts, wide = rendered(console, renderables)
    if wide:  # never a column cropped silently: printed whole (crop=False), and said so
        typer.echo(f"kkinvest: bemærk: {wide}", err=True)
    group = Group(*parts)
    if _PAGER and console.is_terminal and sys.stdin.isatty():
        lines = console.render_lines(group, pad=False)
        if len(lines) > console.height:
            os.environ.setdefault("LESS", "-FRX")
            with console.pager(styles=True):
                console.print(group, crop=False)
            return
    console.print(group, crop=False)


T = TypeVar("T")


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """`items`, with a progress bar on stderr when there are many (a terminal only)."""
    if total < 500 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


def out_json(value: Any) -> None:
    from kkinvest.render.jsonout import dumps

    sys.stdout.write(dumps(value) + "\n")


_AFTER: list[Callable[[], None]] | None = None
"""What to do when the running command has printed its output (None: no command runs)."""


def after_output(work: Callable[[], None]) -> None:
    """Do `work` when the command has printed its output, or at once outside a command. The
    catalogue cache is written so (io/cache.py): pickling 10.000 proposals takes a second
    nobody need wait for before seeing the answer."""
    if _AFTER is None:
        work()
    else:
        _AFTER.append(work)


def _after_output(work: list[Callable[[], None]], code: int) -> int:
    """Flush the output, then do `work` (a Ctrl-C now stops it: exit code 130)."""
    if not work:
        return code
    with suppress(Exception):  # a closed pipe is reported when kkinvest ends
        sys.stdout.flush()
    try:
        for one in work:
            one()
    except KeyboardInterrupt:
        return code or 130
    return code


def catalogue(data: Path | list[Path] | None, proposals: bool = False) -> "Catalogue":
    """The catalogue in use; with `proposals`, one without proposals is an error naming the
    folder (a command about proposals has nothing to say about none)."""
    from kkinvest.io.cache import cached_catalogue
    from kkinvest.io.folders import data_paths

    def load(known: "Known | None") -> "tuple[Catalogue, dict[str, FileRead]]":
        from kkinvest.io.catalogue import load_reads  # heavy: only when the cache cannot answer

        return load_reads(paths, skip_unreadable=skip, known=known)

    paths, skip = data_paths(data), Settings.skip_unreadable
    cat = cached_catalogue(paths, skip, load, later=after_output)
    notes(cat)
    if proposals and not cat.proposals:
        where = ", ".join(str(p) for p in paths)
        raise Exit(f"ingen forslag i {where}: kkinvest læser *.toml, *.xlsx og *.docx")
    return cat


def notes(cat: "Catalogue") -> None:
    """The catalogue's notes (`bemærk`: something skipped or guessed, the figures stand) and
    its readers' warnings (`advarsel`: the figures read may be wrong), one line each."""
    for note in cat.notes:
        typer.echo(printable(f"kkinvest: bemærk: {note}"), err=True)
    warn(cat.warnings)


def warn(warnings: Iterable[object]) -> None:
    """A reader's warnings: the figures as read may not be the document's (tracked changes
    read as accepted, a printed total the lines do not give, a sign settled from the totals,
    a guessed area). Their own word, so a script or a reader can tell them from notes."""
    for warning in warnings:
        typer.echo(printable(f"kkinvest: advarsel: {warning}"), err=True)


def find(cat: "Catalogue", proposal_id: str) -> "Proposal":
    proposal = cat.find(proposal_id)
    if proposal is None:
        near = cat.suggest(proposal_id)
        hint = (
            f"mente du {' eller '.join(near)}?"
            if near
            else "kendte numre: " + ", ".join(p.id for p in cat.proposals)
        )
        raise Exit(f"intet forslag {proposal_id!r} i kataloget; {hint}")
    return proposal


def paybacks(proposal: "Proposal", all_lines: bool = False) -> "dict[Basis, Payback]":
    from kkinvest.calc.payback import Basis, compute_payback

    return {basis: compute_payback(proposal, basis, all_lines=all_lines) for basis in Basis}


def known_budget(cat: "Catalogue", budget: int) -> None:
    if budget not in cat.budgets:
        known = ", ".join(str(b) for b in cat.budgets)
        raise Exit(
            f"--budget: ingen forslag eller pulje for budget {budget}; kataloget har {known}"
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kkinvest {__version__}")
        raise typer.Exit()


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


def _install_completion(value: Shell | None) -> None:
    if value is not None:
        from typer._completion_shared import install

        shell, path = install(shell=value.value, prog_name="kkinvest")
        typer.echo(f"Fuldførelse for {shell} er installeret i {path}.")
        typer.echo("Den virker, når terminalen er startet igen.")
        raise typer.Exit()


def _show_completion(value: Shell | None) -> None:
    if value is not None:
        from typer._completion_shared import get_completion_script

        typer.echo(
            get_completion_script(
                prog_name="kkinvest", complete_var="_KKINVEST_COMPLETE", shell=value.value
            )
        )
        raise typer.Exit()


if "_KKINVEST_COMPLETE" in os.environ:  # the shell asks for completions: Typer's classes
    from typer._completion_classes import completion_init

    completion_init()


@app.callback(epilog=app.info.epilog)
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Vis versionen."),
    ] = False,
    install_completion: Annotated[
        Shell | None,
        typer.Option(
            metavar="bash|zsh|fish",
            callback=_install_completion,
            is_eager=True,
            help="Installér fuldførelse med Tab (kommandoer, forslagsnumre, nøgler) i skallen.",
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            metavar="bash|zsh|fish",
            callback=_show_completion,
            is_eager=True,
            help="Vis fuldførelsesscriptet til skallen, så du selv kan installere det.",
        ),
    ] = None,
    skip_unreadable: Annotated[
        bool,
        typer.Option(
            SKIP_UNREADABLE,
            help="Spring filer og mapper, der ikke kan læses, over med en advarsel for hver "
            "(også efter kommandoen: kkinvest pool --skip-unreadable).",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            DEBUG,
            help="Vis også bibliotekernes egen (engelske) fejltekst efter kkinvests linje, når "
            "en fil ikke kan læses (også efter kommandoen).",
        ),
    ] = False,
) -> None:
    """kkinvest: investerings- og innovationsforslag, beregnet som skabelonerne foreskriver.
    Beløb i 1.000 kr."""
