"""The Typer app and what every command shares: options, error reporting, output, loading.

Commands live in the modules beside this one, one module per group, and import what they need
inside their functions: `kkinvest --help` loads no pydantic, and only the Excel commands load
openpyxl. No calculation happens in the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kkinvest import __version__
from kkinvest.cli import danish  # noqa: F401  (Typer's and Click's own words in Danish)
from kkinvest.io.problems import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kkinvest.calc.payback import Basis, Payback
    from kkinvest.model import Catalogue, Proposal

app = typer.Typer(
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


def _completion_catalogue(ctx: typer.Context) -> Catalogue:
    from kkinvest.io.catalogue import data_path, load_catalogue

    data = ctx.params.get("data")
    return load_catalogue(data_path(Path(data) if data else None))


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="STI",
        help="En forslagsfil eller en mappe med forslag (søges igennem med undermapper). "
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
    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(f"kkinvest: {problem}", err=True)
        raise typer.Exit(2) from None
    except Exit as exc:
        typer.echo(f"kkinvest: {exc}", err=True)
        raise typer.Exit(exc.code) from None


def out(*renderables: RenderableType) -> None:
    """Print to stdout; in a terminal, output longer than the screen goes through a pager
    (less, or $PAGER) unless --no-pager."""
    from rich.console import Console, Group

    console = Console(highlight=False)
    group = Group(*renderables)
    if _PAGER and console.is_terminal and sys.stdin.isatty():
        lines = console.render_lines(group, pad=False)
        if len(lines) > console.height:
            os.environ.setdefault("LESS", "-FRX")
            with console.pager(styles=True):
                console.print(group)
            return
    console.print(group)


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


def catalogue(data: Path | None) -> Catalogue:
    from kkinvest.io.catalogue import data_path, load_catalogue

    cat = load_catalogue(data_path(data))
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
            f"mente du {' eller '.join(near)}?"
            if near
            else "kendte numre: " + ", ".join(p.id for p in cat.proposals)
        )
        raise Exit(f"intet forslag {proposal_id!r} i kataloget; {hint}")
    return proposal


def paybacks(proposal: Proposal, all_lines: bool = False) -> dict[Basis, Payback]:
    from kkinvest.calc.payback import Basis, compute_payback

    return {basis: compute_payback(proposal, basis, all_lines=all_lines) for basis in Basis}


def known_budget(cat: Catalogue, budget: int) -> None:
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
) -> None:
    """kkinvest: investerings- og innovationsforslag, beregnet som skabelonerne foreskriver.
    Beløb i 1.000 kr."""
