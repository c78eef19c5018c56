"""`kkinvest npv`, `sensitivity`, `rates` and `indices`: present value, risk and price levels,
next to the payback the municipality decides on (never instead of it)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated

import typer

from kkinvest.cli.common import (
    BasisName,
    DataOption,
    Exit,
    JsonOption,
    app,
    catalogue,
    complete_ids,
    find,
    out,
    out_json,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level

if TYPE_CHECKING:
    from kkinvest.calc.npv import Schedule
    from kkinvest.calc.sensitivity import Uplift
    from kkinvest.model import Catalogue, Proposal

IdArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="ID", help="Forslaget, fx BC06.", show_default=False, autocompletion=complete_ids
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help="Alle forslag i kataloget.")]
YearsOption = Annotated[
    int | None,
    typer.Option(
        "--years",
        metavar="N",
        min=1,
        max=200,
        help="Horisonten i år fra år 1; standard: forslagets levetid (lifetime), ellers 10 år.",
        show_default=False,
    ),
]
RateOption = Annotated[
    str | None,
    typer.Option(
        "--rate",
        metavar="PCT",
        help="Én fast rente i % for alle år (fx 3,5); standard: Finansministeriets "
        "diskonteringsrente for forslagets budgetår (se kkinvest rates).",
        show_default=False,
    ),
]
PaybackLinesOption = Annotated[
    bool,
    typer.Option(
        "--payback-lines",
        help="Tæl kun de implementeringslinjer, tilbagebetalingstiden tæller med.",
    ),
]
BasisOption = Annotated[
    BasisName,
    typer.Option(
        metavar="service|total",
        help="service: baseret på serviceeffektivisering; total: baseret på totaløkonomi.",
    ),
]


def _out_plain_json(value: object) -> None:
    """JSON that the renderer already made plain (numbers, text, lists, dicts): written
    directly, without jsonout's walk over every value (a second or so on 1.000 proposals)."""
    import json
    import sys

    sys.stdout.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")


def _percent(text: str, option: str, low: Decimal, high: Decimal) -> Decimal:
    """A percentage as typed: 3,5 (or 3.5). '2.500' is refused, not read: a Dane means two
    thousand five hundred, Python two and a half."""
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text.strip()):
        whole = text.strip().replace(".", "")
        decimal = text.strip().replace(".", ",")
        raise Exit(
            f"{option}: {text!r} kan læses både som {whole} og som {decimal}; "
            f"skriv {whole} eller {decimal.rstrip('0').rstrip(',')}"
        )
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise Exit(f"{option}: {text!r} er ikke et tal (fx 3,5)") from None
    if not value.is_finite() or not low <= value <= high:
        raise Exit(f"{option}: {text} skal ligge mellem {low} og {high}")
    return value


def _chosen(cat: Catalogue, proposal_id: str | None, all_: bool, command: str) -> list[Proposal]:
    if all_:
        if not cat.proposals:
            raise Exit("kataloget har ingen forslag")
        return list(cat.proposals)
    if proposal_id is None:
        raise Exit(f"angiv et forslag (fx kkinvest {command} BC06) eller --all")
    return [find(cat, proposal_id)]


def _schedules(rate: str | None) -> tuple[list[Schedule], Schedule | None]:
    from kkinvest.calc.npv import flat_schedule
    from kkinvest.io.economics_in import load_rates

    if rate is not None:
        return [], flat_schedule(_percent(rate, "--rate", Decimal(0), Decimal(100)))
    return load_rates(), None


def _schedule_of(proposal: Proposal, schedules: list[Schedule], fixed: Schedule | None) -> Schedule:
    from kkinvest.calc.npv import schedule_for

    return fixed if fixed is not None else schedule_for(proposal.budget, schedules)


@app.command()
def npv(
    proposal_id: IdArgument = None,
    all_proposals: AllOption = False,
    years: YearsOption = None,
    rate: RateOption = None,
    payback_lines: PaybackLinesOption = False,
    basis: BasisOption = BasisName.SERVICE,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Nutidsværdi: hvert års besparelse minus implementeringsomkostninger, diskonteret;
    svaret først, så tabellen og den diskonterede tilbagebetalingstid."""
    from kkinvest.calc.npv import flows, horizon_for, value_of
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.render import economics

    with reported():
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        chosen = _chosen(cat, proposal_id, all_proposals, "npv")
        schedules, fixed = _schedules(rate)
        chosen_basis = Basis(basis.value)
        rows = []
        for proposal in chosen:
            schedule = _schedule_of(proposal, schedules, fixed)
            f = flows(proposal, chosen_basis, all_lines=not payback_lines)
            horizon = horizon_for(proposal, years)
            pv = value_of(
                f,
                schedule,
                chosen_basis,
                years=horizon.years,
                all_lines=not payback_lines,
                source=horizon.source,
            )
            rows.append((proposal, pv, compute_payback(proposal, chosen_basis)))
        if json:
            data_rows = [economics.npv_data(p, pv, pb) for p, pv, pb in rows]
            _out_plain_json(data_rows if all_proposals else data_rows[0])
        elif all_proposals:
            out(economics.npv_overview(rows))
        else:
            out(economics.npv_report(*rows[0]))


@app.command()
def sensitivity(
    proposal_id: IdArgument = None,
    all_proposals: AllOption = False,
    realisation: Annotated[
        str | None,
        typer.Option(
            metavar="PCT",
            help="Et ekstra scenarie: så mange % af effektiviseringerne (de varige linjers "
            "besparelser) realiseres.",
        ),
    ] = None,
    delay: Annotated[
        int | None,
        typer.Option(metavar="N", min=0, max=50, help="… effektiviseringerne N år forsinket."),
    ] = None,
    running: Annotated[
        str | None,
        typer.Option(
            metavar="PCT",
            help="… de nye driftsudgifter (de varige linjers merudgifter) PCT % højere.",
        ),
    ] = None,
    overrun: Annotated[
        str | None,
        typer.Option(metavar="PCT", help="… investeringen PCT % over budget."),
    ] = None,
    uplift: Annotated[
        str | None,
        typer.Option(
            metavar="TYPE",
            help="Et ekstra scenarie: Green Books optimism bias for projekttypen (øvre "
            "grænser), hver på sine linjer: investeringen og de nye driftsudgifter (se "
            "kkinvest rates).",
            show_default=False,
        ),
    ] = None,
    max_years: Annotated[
        int | None,
        typer.Option(
            "--max-years",
            metavar="N",
            min=1,
            max=100,
            help="Skifteværdier også for tilbagebetaling inden for N år.",
        ),
    ] = None,
    years: YearsOption = None,
    rate: RateOption = None,
    payback_lines: PaybackLinesOption = False,
    basis: BasisOption = BasisName.SERVICE,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Følsomhed: tilbagebetalingstid og nutidsværdi i scenarier (effektiviseringer 100/90/80/70 %
    og 1-2 år forsinket, nye driftsudgifter +10/25 %, investering +10/25/50 %) og skifteværdierne
    for hver del, løst eksakt."""
    from kkinvest.calc.payback import Basis
    from kkinvest.calc.sensitivity import STANDARD, Scenario
    from kkinvest.calc.sensitivity import sensitivity as compute
    from kkinvest.render import economics

    with reported():
        scenarios = list(STANDARD)
        if realisation is not None or delay is not None or overrun is not None or running:
            extra = Scenario(
                realisation=Decimal(100)
                if realisation is None
                else _percent(realisation, "--realisation", Decimal(0), Decimal(1000)),
                delay=delay or 0,
                overrun=Decimal(0)
                if overrun is None
                else _percent(overrun, "--overrun", Decimal(-100), Decimal(10000)),
                running=Decimal(0)
                if running is None
                else _percent(running, "--running", Decimal(-100), Decimal(10000)),
            )
            if extra not in scenarios:
                scenarios.append(extra)
        if uplift is not None:
            scenarios.append(_uplift(uplift).scenario())
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        chosen = _chosen(cat, proposal_id, all_proposals, "sensitivity")
        schedules, fixed = _schedules(rate)
        results = [
            compute(
                p,
                _schedule_of(p, schedules, fixed),
                Basis(basis.value),
                years=years,
                all_lines=not payback_lines,
                scenarios=scenarios,
                max_years=max_years,
            )
            for p in chosen
        ]
        if json:
            data_rows = [economics.sensitivity_data(s) for s in results]
            _out_plain_json(data_rows if all_proposals else data_rows[0])
        elif all_proposals:
            out(economics.sensitivity_overview(results))
        else:
            out(economics.sensitivity_report(results[0]))


def _uplift(name: str) -> Uplift:
    from kkinvest.io.economics_in import load_uplifts

    uplifts = load_uplifts()
    wanted = name.strip().casefold()
    found = next((u for u in uplifts if u.name.casefold() == wanted), None)
    if found is None:
        known = ", ".join(u.name for u in uplifts)
        raise Exit(f"--uplift: ukendt projekttype {name!r}; kendte: {known}")
    return found


@app.command()
def rates(json: JsonOption = False) -> None:
    """Diskonteringsrenterne (Finansministeriets samfundsøkonomiske) og Green Books
    optimism-bias-tillæg, med kilde og dato."""
    from kkinvest.io.economics_in import load_rates, load_uplifts
    from kkinvest.render import economics

    with reported():
        schedules = load_rates()
        uplifts = load_uplifts()
        if json:
            out_json(
                [
                    {
                        "name": s.name,
                        "title": s.title,
                        "valid_from": s.valid_from,
                        "source": s.source,
                        "date": s.date,
                        "bands": [
                            {
                                "from_year": b.from_year,
                                "to_year": b.to_year,
                                "rate": economics.number(b.rate, 4),
                            }
                            for b in s.bands
                        ],
                    }
                    for s in schedules
                ]
            )
        else:
            # One out(): one note on stderr if both are wider than the terminal.
            out(economics.rates_table(schedules), economics.uplifts_table(uplifts))


@app.command()
def indices(data: DataOption = None, json: JsonOption = False) -> None:
    """Prisindeksene til --price-level: de medfølgende og katalogets egne, med kilde og dato."""
    from kkinvest.io.economics_in import load_indices
    from kkinvest.io.folders import data_path
    from kkinvest.render import economics

    with reported():
        found, sources = load_indices(data_path(data))
        if json:
            out_json(
                [
                    {
                        "name": i.name,
                        "title": i.title,
                        "default": i.default,
                        "source": i.source,
                        "date": i.date,
                        "note": i.note,
                        "file": sources.get(i.name),
                        "growth": None
                        if i.growth is None
                        else {str(y): economics.number(v, 4) for y, v in i.growth.items()},
                        "levels": {str(y): economics.number(v, 4) for y, v in i.levels.items()},
                    }
                    for i in found
                ]
            )
        else:
            out(economics.indices_table(found, sources))
