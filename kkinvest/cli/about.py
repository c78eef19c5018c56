"""`kkinvest info` (what kkinvest is working with) and `kkinvest new` (a commented TOML skeleton
for a new proposal)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Callable

from kkinvest import __version__
from kkinvest.cli.common import (
    DataOption,
    Exit,
    ForceOption,
    JsonOption,
    app,
    catalogue,
    examples,
    out,
    out_json,
    reported,
)


def _origin(data: list[Path] | None) -> str:
    from kkinvest.io.folders import ENV_VAR

    if data:
        return "--data"
    return ENV_VAR if os.environ.get(ENV_VAR) else "indbygget"


@app.command(epilog=examples("kkinvest info", "kkinvest info --data mine/", "kkinvest info --json"))
def info(data: DataOption = None, json: JsonOption = False) -> None:
    """Vis versionen og kataloget i brug: hvor det kommer fra (--data, $KKINVEST_DATA eller det
    indbyggede), forslag pr. budgetår, nøgler, puljer og rækkesæt."""
    from kkinvest.io.folders import data_paths
    from kkinvest.registry import default_registry

    with reported():
        paths = data_paths(data)
        cat = catalogue(data)
        registry = default_registry()
        per_budget: dict[str, list[str]] = {}
        for p in cat.proposals:
            per_budget.setdefault(str(p.budget) if p.budget else "uden budgetår", []).append(p.id)
        facts: dict[str, Any] = {
            "version": __version__,
            "catalogue": [str(p) for p in paths],
            "origin": _origin(data),
            "proposals": {budget: ids for budget, ids in sorted(per_budget.items())},
            "keys": sorted(cat.keys),
            "pools": sorted(cat.pools),
            "row_sets": [s.name for s in registry.row_sets],
        }
        if json:
            out_json(facts)
            return
        from rich.table import Table
        from rich.text import Text

        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        origin = {"--data": "fra --data", "indbygget": "det indbyggede katalog"}.get(
            facts["origin"], f"fra ${facts['origin']}"
        )
        table.add_row("Version", f"kkinvest {__version__}")
        table.add_row("Katalog", Text(f"{', '.join(str(p) for p in paths)} ({origin})"))
        for budget, ids in facts["proposals"].items():
            table.add_row(f"Budget {budget}", Text(f"{len(ids)} forslag: {', '.join(ids)}"))
        table.add_row("Nøgler", Text(", ".join(facts["keys"]) or "ingen"))
        table.add_row("Puljer", Text(", ".join(f"budget {b}" for b in facts["pools"]) or "ingen"))
        table.add_row("Rækkesæt", Text(", ".join(facts["row_sets"]) or "ingen"))
        out(table)


SKELETON = """\
# {id}: et nyt forslag til budget {budget}. Beløb i 1.000 kr. {budget} p/l; besparelser
# negative, udgifter positive. Udfyld, og prøv det med: kkinvest show {id} --data {file}
id = "{id}"
title = "{title}"
# type: investering | innovation | effektivisering
kind = "{kind}"
budget = {budget}
# pris- og lønniveau for beløbene
price_level = {budget}
# udvalg og forvaltning: kort eller fuldt navn, fx "SUD" eller "Socialudvalget"
committee = "{committee}"
administration = "{administration}"
# pulje: investering | innovation | ingen
pool = "{pool}"

# Varige ændringer: én [[lines]] pr. linje i Tabel 1.
# section: varig | implementering; area: service | anlæg | overførsler
[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = {{ {saving} }}

# Implementeringsomkostninger: investeringen. En linje, dokumentet holder uden for
# tilbagebetalingstiden, får in_payback = false.
[[lines]]
section = "implementering"
label = "Implementering"
area = "service"
values = {{ {investment} }}

# Fordeling på udvalg (Tabel A-C): uden [split] lander alt på udvalget. En nøgle (se
# kkinvest keys) eller egne vægte: key = {{ weights = {{ BUF = 3, SOF = 1 }} }};
# omkostninger til en række (costs = "KIT") eller efter nøglen (costs = "key").
# [split]
# key = "intune"

# Dokumentets egne tal, til sammenligning (bruges aldrig til at regne):
# [stated]
# payback_service = 5
"""


@app.command(
    epilog=examples(
        "kkinvest new NY01",
        'kkinvest new NY01 --title "Digital post" --committee BIU --budget 2026',
    )
)
def new(
    proposal_id: Annotated[str, typer.Argument(metavar="ID", help="Forslagets nummer, fx NY01.")],
    title: Annotated[str | None, typer.Option(metavar="TEKST", help="Forslagets titel.")] = None,
    committee: Annotated[
        str | None, typer.Option(metavar="UDVALG", help="Udvalget, fx BIU eller Socialudvalget.")
    ] = None,
    administration: Annotated[
        str | None, typer.Option(metavar="FORVALTNING", help="Forvaltningen, fx BIF.")
    ] = None,
    budget: Annotated[int | None, typer.Option(metavar="ÅR", help="Budgetåret, fx 2026.")] = None,
    kind: Annotated[
        str, typer.Option(metavar="TYPE", help="investering, innovation eller effektivisering.")
    ] = "investering",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FIL", help="Filen (standard: ID.toml)."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Skriv et kommenteret TOML-skelet til et nyt forslag. Det, der ikke er givet som tilvalg,
    spørges der om (i en terminal)."""
    import sys
    from datetime import date

    from kkinvest.io.files import write_atomically
    from kkinvest.io.toml_in import parse_toml_bytes
    from kkinvest.registry import default_registry

    def ask(
        text: str,
        default: str,
        given: str | None,
        option: str,
        problem: Callable[[str], str | None],
    ) -> str:
        """An option's value, else the answer to a question (in a terminal), asked again after
        a typo; a wrong option value, or a wrong answer without a terminal, stops here."""
        if given is not None or not sys.stdin.isatty():
            value = default if given is None else given
            wrong = problem(value)
            if wrong:
                raise Exit(f"{option}: {wrong}" if given is not None else wrong)
            return value
        while True:
            value = str(typer.prompt(text, default=default))
            wrong = problem(value)
            if not wrong:
                return value
            typer.echo(f"{wrong}. Prøv igen (Ctrl-C afbryder).", err=True)

    with reported():
        registry = default_registry()
        path = output or Path(f"{proposal_id}.toml")
        if path.suffix.casefold() != ".toml":
            raise Exit(f"{path}: forslagsfilen skal have et navn, der ender på .toml")
        from kkinvest.model import unknown_name

        committees = [(r.code, r.name) for r in registry.rows if r.committee]
        admins = [(a.code, a.name) for a in registry.administrations]

        def no_committee(value: str) -> str | None:
            found = registry.committee(value)
            return None if found else unknown_name("udvalg", value, committees)

        def no_administration(value: str) -> str | None:
            found = registry.administration(value) or registry.committee(value)
            return None if found else unknown_name("forvaltning", value, admins)

        next_year = date.today().year + 1

        def no_year(value: str) -> str | None:
            ok = value.strip().isascii() and value.strip().isdigit() and len(value.strip()) == 4
            return None if ok else f"budgetåret skal være et årstal, fx {next_year}, ikke {value!r}"

        title = title or ask("Titel", "Nyt forslag", None, "--title", lambda _: None)
        committee = ask("Udvalg (fx BIU)", "BIU", committee, "--committee", no_committee)
        row = registry.committee(committee)
        assert row is not None  # checked by no_committee
        default_admin = next(
            (a.code for a in registry.administrations if a.row == row.code), row.code
        )
        administration = ask(
            "Forvaltning", default_admin, administration, "--administration", no_administration
        )
        given_year = None if budget is None else str(budget)
        year = int(ask("Budgetår", str(next_year), given_year, "--budget", no_year))
        pool = {"innovation": "innovation", "effektivisering": "none"}.get(kind, "investering")
        years = range(year, year + 4)
        text = SKELETON.format(
            id=proposal_id,
            title=title.replace('"', "'"),
            kind=kind,
            budget=year,
            committee=row.code,
            administration=administration,
            pool=pool,
            file=path,
            saving=", ".join(f"{y} = 0" for y in years),
            investment=f"{year} = 0",
        )
        from kkinvest.io.entries import parse_proposal

        parse_proposal(parse_toml_bytes(text.encode(), str(path)), str(path), registry)

        def write(target: Path) -> None:
            target.write_text(text, encoding="utf-8")

        write_atomically(path, write, force)
        typer.echo(f"Skrev {path}. Prøv: kkinvest show {proposal_id} --data {path}")
