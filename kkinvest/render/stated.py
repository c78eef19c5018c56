"""The document's own tables as printed (`[stated]`), for `kkinvest show`.

Each table keeps its own heading: its title, its unit and price level ("1.000 kr. 2016 p/l")
and the years its heading prints — where those are not the years the values belong to, both
are shown. Cells are printed with the decimals they were printed with; sub-rows are indented
under their row, percentages get a column of their own. Header facts (the ticked
administrations, "Der søges om midler fra"), the tentative business case and the claims of the
text come first. Nothing here is computed: `kkinvest check` compares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.text import Text

from kkinvest.model import CLAIM_WORDS, OtherTable, Proposal, Stated, StatedTable
from kkinvest.money import decimal_places
from kkinvest.registry import Registry
from kkinvest.render.layout import number_column, plain_table
from kkinvest.render.numbers import danish


def _cell(value: Decimal | None) -> str:
    """As printed: a dash for zero, as many decimals as the value has."""
    if value is None:
        return ""
    if value == 0:
        return "-"
    return danish(value, decimal_places(value))


def _heading(proposal: Proposal, level: int | None, heading: Sequence[int] | None) -> str:
    shown = level if level is not None else proposal.price_level
    unit = f"1.000 kr. {shown} p/l" if shown is not None else "1.000 kr. (p/l ikke angivet)"
    if heading:
        unit += f"; overskriftens år: {heading[0]}–{heading[-1]}"
    return unit


def _row_name(code: str, registry: Registry) -> str:
    row = registry.any_row(code)
    return row.name if row is not None else code


def split_table(
    proposal: Proposal, table: StatedTable, name: str, registry: Registry
) -> RenderableType:
    """A table by committee as printed: rows, sub-rows, percentages, the Total row."""
    years = sorted(
        {y for values in table.rows.values() for y in values}
        | {y for subs in table.sub_rows.values() for values in subs.values() for y in values}
        | set(table.total or {})
    )
    percent = bool(table.percent or table.sub_percent or table.total_percent is not None)
    out = plain_table(table.title or name)
    out.add_column(_heading(proposal, table.price_level, table.heading_years))
    if percent:
        number_column(out, "%")
    for year in years:
        number_column(out, str(year))
    codes = list(dict.fromkeys([*table.rows, *table.sub_rows, *table.percent]))
    for code in codes:
        values = table.rows.get(code, {})
        share = [_cell(table.percent.get(code))] if percent else []
        out.add_row(_row_name(code, registry), *share, *(_cell(values.get(y)) for y in years))
        for label, sub in table.sub_rows.get(code, {}).items():
            sub_share = [_cell(table.sub_percent.get(code, {}).get(label))] if percent else []
            out.add_row(f"  {label}", *sub_share, *(_cell(sub.get(y)) for y in years))
    if table.total is not None:
        share = [_cell(table.total_percent)] if percent else []
        out.add_row(
            Text("Total", style="bold"),
            *share,
            *(_cell(table.total.get(y)) for y in years),
        )
    return out


def other_table(proposal: Proposal, table: OtherTable) -> RenderableType:
    """Another table repeating Tabel 1's lines, as printed, with "Bevilling, profitcenter"."""
    years = sorted({y for line in table.lines for y in line.values} | set(table.total or {}))
    centres = any(line.profit_center for line in table.lines)
    out = plain_table(table.title)
    out.add_column(_heading(proposal, table.price_level, table.heading_years), ratio=3)
    if centres:  # a narrow column: the figures and the labels need the width
        out.add_column("Bevilling,\nprofitcenter", ratio=1, max_width=13)
    for year in years:
        number_column(out, str(year))
    for line in table.lines:
        label = line.label + (f" (= {line.same_as})" if line.same_as else "")
        centre = [line.profit_center or ""] if centres else []
        out.add_row(label, *centre, *(_cell(line.values.get(y)) for y in years))
    if table.total is not None:
        out.add_row(
            Text(table.total_label or "I alt", style="bold"),
            *([""] if centres else []),
            *(_cell(table.total.get(y)) for y in years),
        )
    return out


def facts(proposal: Proposal, registry: Registry) -> list[str]:
    """The header facts and the tentative business case, one line each."""
    lines = []
    if proposal.affected is not None:
        names = [
            admin.name
            for code in proposal.affected
            if (admin := registry.administration(code)) is not None
        ]
        lines.append("Berørte forvaltninger: " + (", ".join(names) or "ingen krydset af"))
    if proposal.funds_from:
        lines.append(f"Der søges om midler fra: {proposal.funds_from}")
    if proposal.row_set:
        lines.append(f"Rækkesæt: {proposal.row_set}")
    t = proposal.tentative
    if t is not None:
        if t.expected_spend is not None:
            lines.append(f"Forventet forbrug: {danish(t.expected_spend)} (1.000 kr.)")
        if t.investment_budget is not None:
            lines.append(f"Investeringsforslag forventes til budget {t.investment_budget}")
        if t.potential_saving is not None:
            span = danish(t.potential_saving)
            if t.potential_saving_to is not None:
                span += f"–{danish(t.potential_saving_to)}"
            lines.append(f"Potentiel varig besparelse: {span} (1.000 kr.)")
        if t.criteria:
            lines.append("Prioriteringskriterier: " + ", ".join(t.criteria))
    return lines


def _claims(stated: Stated) -> list[str]:
    lines = []
    for claim in stated.claims:
        value = _cell(claim.value)
        if claim.value_to is not None:
            value += f"–{_cell(claim.value_to)}"
        where = f" ({claim.where})" if claim.where else ""
        text = f" «{claim.text}»" if claim.text else ""
        lines.append(f"Teksten{where}: {CLAIM_WORDS[claim.what]} {value} {claim.unit}{text}")
    return lines


def stated_parts(proposal: Proposal, registry: Registry) -> list[RenderableType]:
    """Everything `[stated]` and the header facts hold beyond Tabel 1, as printed."""
    parts: list[RenderableType] = [Text(line) for line in facts(proposal, registry)]
    stated = proposal.stated
    if stated.payback is not None:
        parts.append(Text(f"Tilbagebetalingstid (Break Even), dokumentet: {stated.payback} år"))
    named: Mapping[str, StatedTable | None] = {
        "Tabel A": stated.tabel_a,
        "Tabel B": stated.tabel_b,
        "Tabel C": stated.tabel_c,
    }
    parts.extend(other_table(proposal, table) for table in stated.tables)
    parts.extend(
        split_table(proposal, table, name, registry)
        for name, table in named.items()
        if table is not None
    )
    parts.extend(
        split_table(proposal, table, f"Fordeling på udvalg {n}", registry)
        for n, table in enumerate(stated.committee_tables, start=1)
    )
    parts.extend(Text(line) for line in _claims(stated))
    return parts


def stated_group(proposal: Proposal, registry: Registry) -> Group | None:
    parts = stated_parts(proposal, registry)
    return (
        Group(Text("Dokumentets egne tabeller (som trykt)", style="bold"), *parts)
        if parts
        else None
    )
