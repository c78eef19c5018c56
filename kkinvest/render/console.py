"""Terminal output: rich tables in the documents' layout and Danish labels.

Every function returns a rich renderable; the command line prints it. Amounts are shown in the
Danish format (`1.898`, `-8.500`); an amount that a line has no value for is left blank, as in
the documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.payback import HORIZON, Basis, NoPayback, Payback
from kkinvest.calc.stated import Difference
from kkinvest.calc.tables import KvantumTable
from kkinvest.calc.totals import Totals
from kkinvest.labels import (
    AREA_LABELS,
    IMPLEMENTATION_HEADING,
    PAYBACK_ROWS,
    PERMANENT_HEADING,
    TABEL_1,
    TOTAL_ROWS,
)
from kkinvest.model import Key, Kind, Line, Proposal, Section
from kkinvest.money import as_decimal
from kkinvest.registry import Registry
from kkinvest.render.numbers import danish


def unit(proposal: Proposal) -> str:
    return f"1.000 kr. {proposal.price_level} p/l"


def years_text(years: int, year: int) -> str:
    return f"{years} år ({year})"


def payback_answer(proposal: Proposal, payback: Payback) -> str:
    """The answer in one line: 'Tilbagebetalingstid: 6 år (2028)', or why there is none."""
    if payback.years is not None and payback.year is not None:
        return f"Tilbagebetalingstid: {years_text(payback.years, payback.year)}"
    return f"Ingen tilbagebetalingstid: {no_payback_reason(proposal, payback)}"


def no_payback_reason(proposal: Proposal, payback: Payback) -> str:
    investment = danish(payback.investment)
    match payback.reason:
        case NoPayback.NO_PERMANENT_CHANGE:
            what = "et innovationsforslag" if proposal.kind is Kind.INNOVATION else "forslaget"
            return (
                f"{what} har ingen varige ændringer, så der er ingen besparelse at betale "
                "investeringen tilbage med."
            )
        case NoPayback.NO_INVESTMENT:
            return (
                "forslaget har ingen implementeringsomkostninger, så der er ingen investering "
                "at betale tilbage."
            )
        case NoPayback.NEVER:
            last = payback.table[-1]
            return (
                f"de varige ændringer dækker aldrig investeringen på {investment} "
                f"(fra {last.year} er besparelsen {danish(last.saving)} om året)."
            )
        case _:
            return (
                f"besparelserne dækker ikke investeringen på {investment} inden for "
                f"{payback.horizon} år."
            )


SHORT_REASONS = {
    NoPayback.NO_PERMANENT_CHANGE: "ingen varige ændringer",
    NoPayback.NO_INVESTMENT: "ingen investering",
    NoPayback.NEVER: "dækker aldrig investeringen",
    NoPayback.HORIZON: f"ikke inden for {HORIZON} år",
}


def _payback_cell(payback: Payback) -> str:
    return "–" if payback.years is None else str(payback.years)


def _row_label(line: Line) -> Text:
    text = Text(line.label)
    if not line.in_payback:
        text.append(" *")
    if line.memo:
        text.append(" (til orientering)", style="italic")
        text.stylize("dim")
    return text


def _amounts(values: dict[int, Decimal] | None, years: Sequence[int]) -> list[str]:
    values = values or {}
    return [danish(values.get(year)) for year in years]


def tabel1(
    proposal: Proposal,
    totals: Totals,
    paybacks: dict[Basis, Payback],
    differences: Sequence[Difference],
) -> Table:
    """The proposal's Tabel 1, computed totals and paybacks, with the printed figures beside
    them where the document disagrees with its own lines."""
    years = proposal.years
    table = Table(
        title=f"{proposal.id} {proposal.title}\n{TABEL_1}",
        title_justify="left",
        show_lines=False,
    )
    table.add_column(unit(proposal))
    table.add_column("Styringsområde")
    for year in years:
        table.add_column(str(year), justify="right")

    def add_stated(field: str) -> None:
        stated = getattr(proposal.stated, field)
        if stated is not None and any(d.field == field for d in differences):
            differing = {d.year for d in differences if d.field == field}
            cells = [
                Text(danish(stated.get(year)), style="bold red" if year in differing else "")
                for year in years
            ]
            table.add_row(Text("  dokumentet angiver", style="italic"), "", *cells)

    sections = (
        (Section.PERMANENT, PERMANENT_HEADING, "total_permanent", totals.permanent),
        (
            Section.IMPLEMENTATION,
            IMPLEMENTATION_HEADING,
            "total_implementation",
            totals.implementation,
        ),
    )
    for section, heading, field, summed in sections:
        lines = proposal.lines_in(section)
        if not lines:
            continue
        table.add_row(Text(heading, style="bold"))
        for line in (line for line in lines if line.counts):
            table.add_row(_row_label(line), AREA_LABELS[line.area], *_amounts(line.values, years))
        table.add_row(Text(TOTAL_ROWS[field], style="bold"), "", *_amounts(summed, years))
        add_stated(field)
        for line in (line for line in lines if line.memo):  # for information, after the total
            table.add_row(_row_label(line), AREA_LABELS[line.area], *_amounts(line.values, years))
    table.add_row(
        Text(TOTAL_ROWS["total_impact"], style="bold"), "", *_amounts(totals.impact, years)
    )
    add_stated("total_impact")
    table.add_section()
    for basis, payback in paybacks.items():
        table.add_row(PAYBACK_ROWS[basis], "", _payback_cell(payback))
        stated = getattr(proposal.stated, f"payback_{basis.value}")
        if any(d.field == f"payback_{basis.value}" for d in differences):
            table.add_row(
                Text("  dokumentet angiver", style="italic"),
                "",
                Text(str(stated), style="bold red"),
            )
    return table


def show(
    proposal: Proposal,
    totals: Totals,
    paybacks: dict[Basis, Payback],
    differences: Sequence[Difference],
) -> Group:
    parts: list[RenderableType] = [tabel1(proposal, totals, paybacks, differences)]
    if any(not line.in_payback for line in proposal.lines):
        parts.append(Text("* indgår ikke i beregningen af tilbagebetalingstiden"))
    service = paybacks[Basis.SERVICE]
    if service.years is None:
        parts.append(Text(payback_answer(proposal, service)))
    for d in differences:
        where = f"{d.label} {d.year}" if d.year is not None else d.label
        computed = "ingen" if d.computed is None else danish(d.computed)
        source = "linjerne giver" if d.year is not None else "reglen giver"
        parts.append(
            Text(
                f"Forskel: {where}: dokumentet angiver {danish(d.stated)}; {source} {computed}.",
                style="yellow",
            )
        )
    return Group(*parts)


def payback_report(
    proposal: Proposal, payback: Payback, other: Payback, stated: int | None, all_lines: bool
) -> Group:
    """`kkinvest payback`: the answer first, then how it came about."""
    parts: list[RenderableType] = [
        Text(f"{proposal.id} {proposal.title}", style="bold"),
        Text(payback_answer(proposal, payback), style="bold"),
    ]
    basis_name = "serviceeffektivisering" if payback.basis is Basis.SERVICE else "totaløkonomi"
    other_name = "totaløkonomi" if payback.basis is Basis.SERVICE else "serviceeffektivisering"
    notes = [f"Baseret på {basis_name}."] if payback.years is not None else []
    if other.years != payback.years and other.years is not None and other.year is not None:
        notes.append(f"Baseret på {other_name}: {years_text(other.years, other.year)}.")
    elif payback.years is not None:
        notes.append(f"Baseret på {other_name} giver det samme.")
    if stated is not None and stated != payback.years:
        notes.append(f"Dokumentet angiver {stated} år; reglen giver {_payback_cell(payback)}.")
    if notes:
        parts.append(Text(" ".join(notes)))
    if payback.table:
        parts.append(
            Text(
                f"Investering i beregningen: {danish(payback.investment)} ({unit(proposal)}); "
                f"år 1 = {payback.first_year}, det første år med implementeringsomkostninger."
            )
        )
    if all_lines:
        parts.append(Text("Alle linjer er medregnet (--all-lines)."))
    for line in payback.left_out:
        amount = danish(sum(line.values.values(), Decimal(0)))
        parts.append(
            Text(
                f"Udeladt af beregningen: {line.label} ({AREA_LABELS[line.area].lower()}) {amount}"
                " — dokumentet lader den ikke indgå "
                "(in_payback = false; --all-lines tæller den med)."
            )
        )
    if payback.table:
        parts.append(payback_table(proposal, payback))
        if any(row.extrapolated for row in payback.table):
            parts.append(Text("* fremskrevet: tabellens sidste år videreført uændret"))
    return Group(*parts)


def payback_table(proposal: Proposal, payback: Payback) -> Table:
    table = Table(title=f"Tilbagebetaling, {unit(proposal)}", title_justify="left")
    for name in (
        "År",
        "Årstal",
        "Investering",
        "Akk. investering",
        "Besparelse",
        "Akk. besparelse",
        "Saldo",
    ):
        table.add_column(name, justify="right")
    for row in payback.table:
        style = "bold green" if row.number == payback.years else None
        table.add_row(
            str(row.number),
            f"{row.year}{' *' if row.extrapolated else ''}",
            danish(row.investment),
            danish(row.cumulative_investment),
            danish(row.saving),
            danish(row.cumulative_saving),
            danish(row.balance),
            style=style,
        )
    return table


SHORT_KINDS = {Kind.INVESTMENT: "inv.", Kind.INNOVATION: "innov.", Kind.EFFICIENCY: "eff."}
SHORT_POOLS = {"investering": "inv.", "innovation": "innov.", "none": "–"}


def proposal_list(rows: Sequence[tuple[Proposal, Totals, Payback]]) -> Table:
    table = Table(
        title="Forslag, 1.000 kr.",
        title_justify="left",
        caption="Type og pulje: inv. = investering, innov. = innovation, eff. = effektivisering. "
        "Invest.: implementeringsomkostninger i alt. Varig eff.: besparelse ved fuld indfasning "
        "(tabellens sidste år). "
        "Tilb.: tilbagebetalingstid i år (serviceeffektivisering).",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
    )
    for name in ("Nr.", "Udv.", "Type", "Pulje"):
        table.add_column(name, no_wrap=True)
    table.add_column("Forslag", min_width=16)
    for name in ("Invest.", "Varig eff.", "Tilb."):
        table.add_column(name, justify="right", no_wrap=True)
    for proposal, totals, payback in rows:
        table.add_row(
            proposal.id,
            proposal.committee,
            SHORT_KINDS[proposal.kind],
            SHORT_POOLS[proposal.pool.value],
            proposal.title,
            danish(totals.investment),
            danish(totals.full_phase_in_saving) if totals.permanent else "",
            _payback_cell(payback),
        )
    return table


def payback_overview(rows: Sequence[tuple[Proposal, Payback, Payback]]) -> Table:
    """`kkinvest payback --all`: one row per proposal."""
    table = Table(title="Tilbagebetalingstid, år", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag", min_width=16)
    for name in ("Service", "Total", "Dokumentet"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Bemærkning", no_wrap=True)
    for proposal, service, total in rows:
        stated = proposal.stated
        printed = "/".join(
            "–" if v is None else str(v) for v in (stated.payback_service, stated.payback_total)
        )
        differs = (stated.payback_service not in (None, service.years)) or (
            stated.payback_total not in (None, total.years)
        )
        note = "" if service.reason is None else SHORT_REASONS[service.reason]
        if differs:
            note = (note + "; " if note else "") + "dokumentet afviger"
        table.add_row(
            proposal.id,
            proposal.title,
            _payback_cell(service),
            _payback_cell(total),
            Text(printed, style="bold red" if differs else ""),
            note,
        )
    return table


def _row_name(code: str, registry: Registry) -> str:
    row = registry.row(code)
    if row is not None:
        return row.name
    admin = registry.administration(code)
    return admin.name if admin is not None else code


def _percent(share: Fraction) -> str:
    return danish(as_decimal(share) * 100, 2) + " %"


def keys_overview(keys: Sequence[Key]) -> Table:
    table = Table(title="Fordelingsnøgler", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("Nøgle", "Dato", "Beskrivelse", "Kilde"):
        table.add_column(name)
    for key in keys:
        table.add_row(key.name, key.date or "", key.title or "", key.source or "")
    return table


def key_shares_table(
    columns: Sequence[tuple[str, Mapping[str, Fraction]]], registry: Registry
) -> Table:
    """Shares in % per Kvantum row, one column per key."""
    table = Table(title="Andele pr. udvalg", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Udvalg")
    for name, _ in columns:
        table.add_column(name, justify="right")
    for row in registry.rows:
        cells = [_percent(shares[row.code]) if row.code in shares else "" for _, shares in columns]
        if any(cells):
            table.add_row(row.name, *cells)
    return table


def allocation_table(
    title: str,
    shares: Mapping[str, Fraction],
    weights: Mapping[str, Decimal] | None,
    columns: Sequence[str],
    amounts: Mapping[str, Mapping[str, Decimal]],
    registry: Registry,
    by_administration: bool,
) -> Table:
    """`kkinvest allocate`: each row's weight, share in % and amounts, and the total."""
    table = Table(title=title, title_justify="left")
    table.add_column("Forvaltning" if by_administration else "Udvalg")
    table.add_column("Vægt", justify="right")
    table.add_column("Andel", justify="right")
    for column in columns:
        table.add_column(column, justify="right")
    for code, share in shares.items():
        weight = danish(weights[code]) if weights and code in weights else ""
        name = _row_name(code, registry)
        table.add_row(
            name if name == code else f"{name} ({code})",
            weight,
            _percent(share),
            *(danish(amounts[column][code]) for column in columns),
        )
    total_weight = danish(sum(weights.values(), Decimal(0))) if weights else ""
    table.add_row(
        Text("Total", style="bold"),
        total_weight,
        _percent(sum(shares.values(), Fraction(0))),
        *(Text(danish(sum(amounts[c].values(), Decimal(0))), style="bold") for c in columns),
        end_section=True,
    )
    return table


def kvantum_table(
    table: KvantumTable,
    proposal: Proposal,
    registry: Registry,
    stated_total: Mapping[int, Decimal] | None = None,
) -> Group:
    """Tabel A, B or C in the document's layout: the rows, the appropriation column, the years,
    a bold Total row; the document's own Total beside it where that differs."""
    centers = proposal.split.profit_centers if proposal.split else {}
    out = Table(title=f"{table.title}\n{unit(proposal)}", title_justify="left")
    out.add_column("Udvalg")
    out.add_column("Bevilling, profitcenter mv.")
    for year in table.years:
        out.add_column(str(year), justify="right")
    for code, values in table.rows.items():
        shown = any(values.get(year, 0) != 0 for year in table.years)
        cells = [_kvantum_cell(values.get(year)) for year in table.years] if shown else []
        out.add_row(_row_name(code, registry), centers.get(code, "") if shown else "", *cells)
    total = table.total
    out.add_row(
        Text("Total", style="bold"),
        "",
        *(Text(_kvantum_cell(total[year]), style="bold") for year in table.years),
        end_section=True,
    )
    parts: list[RenderableType] = [out]
    if stated_total is not None:
        differing = [
            year for year in table.years if stated_total.get(year, Decimal(0)) != total[year]
        ]
        for year in differing:
            parts.append(
                Text(
                    f"Forskel: Total {year}: dokumentet angiver "
                    f"{danish(stated_total.get(year, Decimal(0)))}; linjerne giver "
                    f"{danish(total[year])}.",
                    style="yellow",
                )
            )
    return Group(*parts)


def _kvantum_cell(amount: Decimal | None) -> str:
    """The documents print '-' for zero in the technical tables."""
    return "-" if amount is None or amount == 0 else danish(amount)
