"""Terminal output: rich tables in the documents' layout and Danish labels.

Every function returns a rich renderable; the command line prints it. Amounts are shown in the
Danish format (`1.898`, `-8.500`); an amount that a line has no value for is left blank, as in
the documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.keys import KeyUse
from kkinvest.calc.payback import HORIZON, Basis, NoPayback, Payback
from kkinvest.formats.labels import (
    AREA_LABELS,
    IMPLEMENTATION_HEADING,
    PAYBACK_ROWS,
    PERMANENT_HEADING,
    TABEL_1,
    TOTAL_ROWS,
)
from kkinvest.model import Key, Kind, Line, Proposal, Section
from kkinvest.money import as_decimal, decimal_places
from kkinvest.render.layout import (
    Fitting,
    indented,
    legend,
    number_column,
    plain_table,
)
from kkinvest.render.numbers import danish

if TYPE_CHECKING:  # annotations only: `payback` need not import the tables' calculator
    from kkinvest.calc.stated import Difference
    from kkinvest.calc.tables import KvantumTable, RoundingGap
    from kkinvest.calc.totals import Totals
    from kkinvest.registry import Registry

SHORT_AREAS = {"service": "Serv.", "anlæg": "Anlæg", "overførsler": "Overf."}


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
) -> Fitting:
    """The proposal's Tabel 1, computed totals and paybacks, with the printed figures beside
    them where the document disagrees with its own lines. In a narrow terminal the
    Styringsområde column is abbreviated (Serv., Anlæg, Overf.)."""
    return Fitting(
        _tabel1(proposal, totals, paybacks, differences, short=False),
        _tabel1(proposal, totals, paybacks, differences, short=True),
    )


def _tabel1(
    proposal: Proposal,
    totals: Totals,
    paybacks: dict[Basis, Payback],
    differences: Sequence[Difference],
    short: bool,
) -> Table:
    years = proposal.years
    table = plain_table(f"{proposal.id} {proposal.title}\n{TABEL_1}")
    table.add_column(unit(proposal), ratio=1)
    table.add_column("Område" if short else "Styringsområde", no_wrap=True)
    for year in years:
        number_column(table, str(year))

    def area(line: Line) -> str:
        return SHORT_AREAS[line.area.value] if short else AREA_LABELS[line.area]

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
            table.add_row(_row_label(line), area(line), *_amounts(line.values, years))
        table.add_row(Text(TOTAL_ROWS[field], style="bold"), "", *_amounts(summed, years))
        add_stated(field)
        for line in (line for line in lines if line.memo):  # for information, after the total
            table.add_row(_row_label(line), area(line), *_amounts(line.values, years))
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
    table = plain_table(f"Tilbagebetaling, {unit(proposal)}")
    for name in (
        "År",
        "Årstal",
        "Investering",
        "Akk.\ninvestering",
        "Besparelse",
        "Akk.\nbesparelse",
        "Saldo",
    ):
        number_column(table, name)
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
USUAL_POOLS = {
    Kind.INVESTMENT: "investering",
    Kind.INNOVATION: "innovation",
    Kind.EFFICIENCY: "none",
}
"""The pool each kind of proposal asks; `list` names the pool only where it is another."""


def _kind_cell(proposal: Proposal) -> str:
    """'inv.', or 'inv. (innov.)' for a proposal that asks another pool than its kind's."""
    if proposal.kind is None or proposal.pool is None:  # loaded without: blank, or the pool
        return "" if proposal.pool is None else f"({SHORT_POOLS[proposal.pool.value]})"
    kind = SHORT_KINDS[proposal.kind]
    if proposal.pool.value == USUAL_POOLS[proposal.kind]:
        return kind
    return f"{kind} ({SHORT_POOLS[proposal.pool.value]})"


def proposal_list(rows: Sequence[tuple[Proposal, Totals, Payback]]) -> Group:
    """`kkinvest list`: one row per proposal; a long title wraps in its column."""
    table = plain_table("Forslag, 1.000 kr.")
    for name in ("Nr.", "Udv.", "Type"):
        table.add_column(name, no_wrap=True)
    table.add_column("Forslag", ratio=1, min_width=10)
    for name in ("Invest.", "Varig eff.", "Tilb."):
        number_column(table, name)
    for proposal, totals, payback in rows:
        table.add_row(
            proposal.id,
            proposal.committee or "",  # none named: blank, as the document leaves it
            _kind_cell(proposal),
            proposal.title,
            danish(totals.investment),
            _saving_cell(proposal, totals),
            _payback_cell(payback),
        )
    potential = (
        ("(…): potentiel varig besparelse i innovationsforslagets tentative businesscase.",)
        if any(p.potential_saving for p, _, _ in rows)
        else ()
    )
    return Group(
        table,
        legend(
            (
                "Type: inv. = investeringsforslag (investeringspuljen), innov. = "
                "innovationsforslag (innovationspuljen), eff. = effektivisering (ingen pulje); "
                "en anden pulje står i parentes.",
                "Invest.: implementeringsomkostninger i alt.",
                "Varig eff.: besparelse ved fuld indfasning (tabellens sidste år).",
                *potential,
                "Tilb.: tilbagebetalingstid i år (serviceeffektivisering).",
            )
        ),
    )


def _saving_cell(proposal: Proposal, totals: Totals) -> str:
    """The saving at full phase-in; for an innovation proposal its potential, in brackets."""
    if totals.permanent:
        return danish(totals.full_phase_in_saving)
    if proposal.potential_saving is not None:
        low, high = proposal.potential_saving
        return f"({danish(low)})" if low == high else f"({danish(low)}–{danish(high)})"
    return ""


def payback_overview(rows: Sequence[tuple[Proposal, Payback, Payback]]) -> Group:
    """`kkinvest payback --all`: one row per proposal; the remark wraps, the title ends in '…'."""
    table = plain_table("Tilbagebetalingstid, år")
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag", ratio=2, min_width=10)
    for name in ("Service", "Total", "Dok."):
        number_column(table, name)
    table.add_column("Bemærkning", ratio=1, min_width=12)
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
    return Group(
        table,
        legend(
            (
                "Service: baseret på serviceeffektivisering. Total: baseret på totaløkonomi.",
                "Dok.: dokumentets egne tal (service/total).",
            )
        ),
    )


def _row_name(code: str, registry: Registry) -> str:
    row = registry.row(code)
    if row is not None:
        return row.name
    admin = registry.administration(code)
    return admin.name if admin is not None else code


def _percent(share: Fraction) -> str:
    return danish(as_decimal(share) * 100, 2) + " %"


def keys_overview(keys: Sequence[Key], uses: Mapping[str, Sequence[KeyUse]]) -> Group:
    """Each key: name, family and date on one line, then its description, source and every
    use of it (savings, costs, a line's own split), indented (wrapped lines keep the indent)."""
    parts: list[RenderableType] = [Text("Fordelingsnøgler", style="bold")]
    for key in keys:
        head = Text(key.name, style="bold")
        facts = [f"familie {key.family}" if key.family else "", key.date or ""]
        if any(facts):
            head.append(f" ({', '.join(f for f in facts if f)})")
        parts.append(head)
        for label, value in (
            ("", key.title),
            ("Kilde: ", key.source),
            ("Bruges af: ", _uses_text(uses.get(key.name, ())) or "ingen forslag"),
        ):
            if value:
                parts.append(indented(Text(label + value), 2))
    return Group(*parts)


USE_WORDS = {"savings": "besparelser", "costs": "omkostninger", "line": "linjen"}


def _uses_text(uses: Sequence[KeyUse]) -> str:
    """ "BC02 (besparelser); MOBIL-2025 (besparelser, omkostninger, linjen 'Drift')"."""
    by_proposal: dict[str, list[str]] = {}
    for use in uses:
        word = USE_WORDS[use.use] + (f" {use.line!r}" if use.line else "")
        by_proposal.setdefault(use.proposal, []).append(word)
    return "; ".join(f"{pid} ({', '.join(words)})" for pid, words in by_proposal.items())


def key_shares_table(
    columns: Sequence[tuple[str, Mapping[str, Fraction]]], registry: Registry
) -> Table:
    """Shares in % per Kvantum row: one row per key, one column per row code, so any number
    of keys fits the width."""
    codes = [r.code for r in registry.rows if any(r.code in shares for _, shares in columns)]
    table = plain_table("Andele pr. udvalg, %")
    # A key's name is what --key takes, and intune-2022 and intune-2023 share 8 characters:
    # kept whole, like a proposal number.
    table.add_column("Nøgle", no_wrap=True)
    for code in codes:
        number_column(table, code)
    for name, shares in columns:
        cells = [danish(as_decimal(shares[c]) * 100, 2) if c in shares else "" for c in codes]
        table.add_row(name, *cells)
    return table


def _name_and_code(code: str, registry: Registry, short: bool) -> str:
    if short:
        return code
    name = _row_name(code, registry)
    return name if name == code else f"{name} ({code})"


def allocation_table(
    title: str,
    shares: Mapping[str, Fraction],
    weights: Mapping[str, Decimal] | None,
    columns: Sequence[str],
    amounts: Mapping[str, Mapping[str, Decimal]],
    registry: Registry,
    by_administration: bool,
) -> Fitting:
    """`kkinvest allocate`: each row's weight, share in % and amounts, and the total; with
    short codes where full names do not fit."""
    return Fitting(
        *(
            _allocation_table(
                title, shares, weights, columns, amounts, registry, by_administration, short
            )
            for short in (False, True)
        )
    )


def _allocation_table(
    title: str,
    shares: Mapping[str, Fraction],
    weights: Mapping[str, Decimal] | None,
    columns: Sequence[str],
    amounts: Mapping[str, Mapping[str, Decimal]],
    registry: Registry,
    by_administration: bool,
    short: bool,
) -> Table:
    table = plain_table(title)
    table.add_column("Forvaltning" if by_administration else "Udvalg", ratio=1)
    number_column(table, "Vægt")
    number_column(table, "Andel")
    for column in columns:
        number_column(table, column)
    places = {column: _places(amounts[column].values()) for column in columns}
    for code, share in shares.items():
        weight = danish(weights[code]) if weights and code in weights else ""
        table.add_row(
            _name_and_code(code, registry, short),
            weight,
            _percent(share),
            *(danish(amounts[column][code], places[column]) for column in columns),
        )
    total_weight = danish(sum(weights.values(), Decimal(0))) if weights else ""
    table.add_section()
    table.add_row(
        Text("Total", style="bold"),
        total_weight,
        _percent(sum(shares.values(), Fraction(0))),
        *(
            Text(danish(sum(amounts[c].values(), Decimal(0)), places[c]), style="bold")
            for c in columns
        ),
    )
    return table


def _places(amounts: Iterable[Decimal]) -> int:
    """The decimals the amounts are split at (the amount as typed: 1,5 is split in tenths),
    so the rows printed add up to the total printed."""
    return max([0, *(decimal_places(a) for a in amounts)])


def kvantum_table(
    table: KvantumTable,
    proposal: Proposal,
    registry: Registry,
    stated_total: Mapping[int, Decimal] | None = None,
    key_note: str | None = None,
) -> Group:
    """Tabel A, B or C in the document's layout: the rows, the appropriation column, the years,
    a bold Total row; the document's own Total beside it where that differs. Committee names
    become their codes (ØU, KIT, ...) where the names do not fit."""
    parts: list[RenderableType] = [
        Fitting(
            _kvantum(table, proposal, registry, short=False),
            _kvantum(table, proposal, registry, short=True),
        )
    ]
    if key_note:
        parts.append(Text(key_note))
    total = table.total
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


def rounding_gap_note(gaps: Sequence[RoundingGap]) -> Text:
    """Why Tabel B − Tabel C is not Tabel A in a few cells (each table rounded on its own)."""
    cells = ", ".join(
        f"{gap.row} {gap.year} ({'+' if gap.difference > 0 else ''}{danish(gap.difference)})"
        for gap in gaps
    )
    count = "én celle" if len(gaps) == 1 else f"{len(gaps)} celler"
    return Text(
        f"Tabel B − Tabel C afviger fra Tabel A med 1 i {count}: {cells}. Hver tabel er "
        "fordelt for sig i hele tusinder (største rest), så dens rækker summer præcist til dens "
        "total; uafrundet er B − C lig A."
    )


def _kvantum(table: KvantumTable, proposal: Proposal, registry: Registry, short: bool) -> Table:
    centers = proposal.split.profit_centers if proposal.split else {}
    out = plain_table(f"{table.title}\n{unit(proposal)}")
    out.add_column("Udvalg", ratio=1)
    out.add_column("Bevilling" if short else "Bevilling, profitcenter mv.", ratio=1)
    for year in table.years:
        number_column(out, str(year))
    for code, values in table.rows.items():
        shown = any(values.get(year, 0) != 0 for year in table.years)
        cells = [_kvantum_cell(values.get(year)) for year in table.years] if shown else []
        name = code if short else _row_name(code, registry)
        out.add_row(name, centers.get(code, "") if shown else "", *cells)
    out.add_section()
    out.add_row(
        Text("Total", style="bold"),
        "",
        *(Text(_kvantum_cell(table.total[year]), style="bold") for year in table.years),
    )
    return out


def _kvantum_cell(amount: Decimal | None) -> str:
    """The documents print '-' for zero in the technical tables."""
    return "-" if amount is None or amount == 0 else danish(amount)


def separated(parts: Sequence[RenderableType]) -> list[RenderableType]:
    """Several reports one after another, a blank line between them."""
    spaced: list[RenderableType] = []
    for number, part in enumerate(parts):
        if number:
            spaced.append(Text(""))
        spaced.append(part)
    return spaced
