"""`kkinvest keys`, `allocate` and `tables`: distribution keys and the split over committees."""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import typer

from kkinvest.cli.common import (
    BudgetOption,
    DataOption,
    Exit,
    JsonOption,
    KeyOption,
    NoPagerOption,
    app,
    catalogue,
    complete_ids,
    examples,
    find,
    out,
    out_json,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level


class By(StrEnum):
    COMMITTEE = "committee"
    ADMINISTRATION = "administration"


class TableName(StrEnum):
    A = "A"
    B = "B"
    C = "C"


@app.command(epilog=examples("kkinvest keys", "kkinvest keys --json"))
def keys(
    data: DataOption = None, json: JsonOption = False, no_pager: NoPagerOption = False
) -> None:
    """Vis fordelingsnøglerne: kilde, dato, hvilke forslag der bruger dem og til hvad
    (besparelser, omkostninger, en linjes egen fordeling), og andelene pr. udvalg i %."""
    from kkinvest.calc.keys import key_shares, key_uses, row_shares
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = catalogue(data)
        registry = default_registry()
        columns = [
            (key.name, row_shares(key_shares(key, cat.keys), registry)) for key in cat.keys.values()
        ]
        uses = key_uses(cat.proposals, cat.keys, cat.registry or registry)
        if json:
            out_json(
                [
                    {
                        "name": key.name,
                        "title": key.title,
                        "source": key.source,
                        "date": key.date,
                        "family": key.family,
                        "shares": dict(shares),
                        "used_by": list(dict.fromkeys(u.proposal for u in uses.get(key.name, []))),
                        "uses": uses.get(key.name, []),
                    }
                    for key, (_, shares) in zip(cat.keys.values(), columns, strict=True)
                ]
            )
        else:
            out(
                console.keys_overview(list(cat.keys.values()), uses),
                console.key_shares_table(columns, registry),
            )


def _amounts(amounts: list[str], years: list[str]) -> dict[str, Decimal]:
    """The columns to split: --amount values (1, 2, ...) or --year YEAR=AMOUNT pairs."""
    columns: dict[str, Decimal] = {}
    for number, text in enumerate(amounts, start=1):
        columns[str(number) if len(amounts) > 1 else "Beløb"] = _number(text, "--amount")
    from kkinvest.model import as_year

    for pair in years:
        year, sep, amount = pair.partition("=")
        if not sep or not (year.strip().isascii() and year.strip().isdigit()):
            raise Exit(f"--year: {pair!r} er ikke ÅR=BELØB (fx 2025=-1895)")
        try:  # the years a proposal may have: 02025 and 0 are refused, as in a file
            shown = str(as_year(year.strip()))
        except ValueError as exc:
            raise Exit(f"--year: {exc}") from None
        if shown in columns:
            raise Exit(f"--year: året {shown} er givet to gange; giv hvert år én gang")
        columns[shown] = _number(amount, "--year")
    return columns


def _number(text: str, option: str) -> Decimal:
    from kkinvest.money import bounded
    from kkinvest.numbers import parse_danish

    try:
        number = parse_danish(text)
    except ValueError:
        raise Exit(f"{option}: {text!r} er ikke et tal (fx -3791 eller -3.791)") from None
    try:
        return bounded(number)
    except ValueError as exc:
        raise Exit(f"{option}: {exc}") from None


@app.command(
    epilog=examples(
        "kkinvest allocate --key intune --amount -3791",
        "kkinvest allocate --key intune --year 2025=-1895 --year 2026=-3791",
        "kkinvest allocate --key intune BC02 --by administration",
    )
)
def allocate(
    proposal_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="Fordel dette forslags samlede varige ændring.",
            autocompletion=complete_ids,
        ),
    ] = None,
    key: KeyOption = None,
    amount: Annotated[
        list[str] | None,
        typer.Option(metavar="BELØB", help="Et beløb at fordele (kan gentages), fx -3791."),
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ÅR=BELØB", help="Et beløb i et år, til en række af år (kan gentages)."
        ),
    ] = None,
    by: Annotated[
        By,
        typer.Option(
            metavar="committee|administration",
            help="Vis udvalg (Kvantum-rækkerne) eller forvaltninger.",
        ),
    ] = By.COMMITTEE,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Fordel et beløb, en række af år eller et forslags varige ændring efter en nøgle (største
    rest med beløbets egne decimaler, så rækkerne summer præcist)."""
    from rich.text import Text

    from kkinvest.calc.allocation import allocate_map
    from kkinvest.calc.keys import (
        KeyProblem,
        administration_shares,
        by_row,
        family_rule,
        find_key,
        key_description,
        key_shares,
        proposal_shares,
        row_shares,
    )
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = catalogue(data, proposals=proposal_id is not None)
        registry = default_registry()
        columns = _amounts(amount or [], year or [])
        proposal = find(cat, proposal_id) if proposal_id else None
        if proposal is not None:
            if columns:
                raise Exit("giv enten et forslagsnummer eller --amount/--year, ikke begge")
            net = proposal_totals(proposal).permanent
            columns = {str(y): v for y, v in net.items()}
        if not columns:
            raise Exit("intet at fordele: giv --amount, --year eller et forslagsnummer")
        if key is None and proposal is None:
            raise Exit(
                "giv --key (fx --key intune) eller et forslagsnummer for at bruge dets nøgle"
            )
        if key is None and proposal is not None and proposal.split and proposal.split.fixed:
            raise Exit(
                f"{proposal.id} angiver sin fordeling som faste beløb: "
                f"se kkinvest tables {proposal.id}"
            )
        try:
            budget = proposal.budget if proposal is not None else None
            if key is not None:
                named = find_key(key, cat.keys, budget)
                shares, weights = key_shares(named, cat.keys, budget=budget), named.given_weights
                title, rule = named.name, family_rule(key, named, budget)
            else:
                assert proposal is not None
                shares = proposal_shares(proposal, cat.keys, registry)
                weights, title = None, f"{proposal.id}s fordeling"
                rule = key_description(proposal, cat.keys).removeprefix("Fordelingsnøgle: ")
        except KeyProblem as exc:
            raise Exit(f"--key: {exc}") from None
        if by is By.COMMITTEE:
            shares = row_shares(shares, registry)
            weights = by_row(weights, registry) if weights is not None else None
        else:
            shares = administration_shares(shares, registry)
        split = {column: allocate_map(total, shares) for column, total in columns.items()}
        if json:
            out_json(
                {
                    "key": title,
                    "key_rule": rule,
                    "by": by,
                    "proposal": proposal.id if proposal else None,
                    "shares": dict(shares),
                    "amounts": split,
                    "totals": columns,
                }
            )
        else:
            heading = f"Fordeling efter {title}" + (
                f" – {proposal.id}, varig ændring" if proposal else ""
            )
            out(
                console.allocation_table(
                    heading,
                    shares,
                    weights,
                    list(columns),
                    split,
                    registry,
                    by is By.ADMINISTRATION,
                ),
                Text(f"Fordelingsnøgle: {rule}."),
            )


@app.command(
    epilog=examples(
        "kkinvest tables BC03",
        "kkinvest tables BC02 --table A --collapse",
        "kkinvest tables --budget 2025",
    )
)
def tables(
    proposal_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Forslagenes numre, fx BC03; eller --budget ÅR.",
            autocompletion=complete_ids,
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        list[TableName] | None,
        typer.Option("--table", metavar="A|B|C", help="Kun denne tabel (kan gentages)."),
    ] = None,
    collapse: Annotated[
        bool,
        typer.Option(
            "--collapse", help="Læg koncernenhederne ind under Økonomiudvalget (7 rækker)."
        ),
    ] = False,
    budget: BudgetOption = None,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Vis Tabel A, B og C (de tekniske tabeller til Kvantum) i dokumenternes layout, med den
    fordelingsnøgle der er brugt."""
    from rich.console import Group
    from rich.text import Text

    from kkinvest.calc.keys import key_description, proposal_key, proposal_shares, target_shares
    from kkinvest.calc.tables import collapse as collapse_table
    from kkinvest.calc.tables import rounding_gaps
    from kkinvest.calc.tables import tables as kvantum_tables
    from kkinvest.cli.proposals import chosen_proposals
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        registry = cat.registry or default_registry()
        if not proposal_ids and budget is None:
            raise Exit("giv et forslagsnummer (fx kkinvest tables BC03) eller --budget ÅR")
        wanted = [t.value for t in table] if table else ["A", "B", "C"]
        results: list[Any] = []
        for proposal in chosen_proposals(cat, proposal_ids, budget):
            shares = proposal_shares(proposal, cat.keys, registry)
            computed = kvantum_tables(
                proposal, shares, registry, target_shares(proposal, cat.keys, registry)
            )
            chosen = {name: computed[name] for name in wanted}
            if collapse:
                chosen = {name: collapse_table(t, registry) for name, t in chosen.items()}
            named = proposal_key(proposal, cat.keys)
            if json:
                results.append(
                    {
                        "id": proposal.id,
                        "price_level": proposal.price_level,
                        "key": named.name if named else None,
                        "key_rule": key_description(proposal, cat.keys),
                        "collapsed": collapse,
                        "tables": {
                            name: {
                                "title": t.title,
                                "years": t.years,
                                "rows": t.rows,
                                "total": t.total,
                            }
                            for name, t in chosen.items()
                        },
                    }
                )
                continue
            parts: list[Any] = [
                Text(f"{proposal.id} {proposal.title}", style="bold"),
                Text(key_description(proposal, cat.keys)),
            ]
            for name, t in chosen.items():
                stated = getattr(proposal.stated, f"tabel_{name.lower()}")
                parts.append(
                    console.kvantum_table(t, proposal, registry, stated.total if stated else None)
                )
            if len(chosen) == 3:
                gaps = rounding_gaps(chosen["A"], chosen["B"], chosen["C"])
                if gaps:
                    parts.append(console.rounding_gap_note(gaps))
            results.append(Group(*parts))
        if json:
            out_json(results[0] if proposal_ids and len(results) == 1 else results)
        else:
            out(*console.separated(results))
