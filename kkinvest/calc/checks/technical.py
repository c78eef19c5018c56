"""The technical tables (Tabel A/B/C and tables by committee) against the split kkinvest
computes, and against their own printed totals, sub-rows and percentages.

Worked (BC03 Tabel A 2025, seed 000): printed TMU -15 where the key gives -16 (a note, 1 off);
rows printed add to -1.024 against the printed total -1.025 (a warning).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Rows,
    Severity,
    Value,
    committee_label,
    compare,
    row_name,
    severity_of,
    stated_tables,
    table_label,
)
from kkinvest.calc.keys import (
    proposal_shares,
    target_shares,
)
from kkinvest.calc.tables import KvantumTable, collapse, implementation_by_row
from kkinvest.model import (
    Proposal,
    Section,
    StatedTable,
)
from kkinvest.money import ZERO, add_series, decimal_places, round_half_away
from kkinvest.registry import Registry, fold


def _printed_rows(stated: StatedTable) -> Rows:
    """The rows as printed: a row printed only as sub-rows is their sum; a row printed only as
    a percentage ("100 %") with the amount in the total row is that share of the total."""
    rows: Rows = {code: dict(values) for code, values in stated.rows.items()}
    for code, subs in stated.sub_rows.items():
        if code not in rows:
            rows[code] = add_series(subs.values())
    if stated.total is not None:
        for code, percent in stated.percent.items():
            if code not in rows:
                rows[code] = {
                    year: round_half_away(total * percent / 100, decimal_places(total))
                    for year, total in stated.total.items()
                }
    return rows


def _fold_row_sets(rows: Rows, registry: Registry) -> tuple[Rows, bool, dict[str, str]]:
    """Rows of older row sets added into the row of today's set each counts as; True where one
    of them includes the group units (compare with them folded into Økonomiudvalget); and the
    name to report each compared row by (the printed row's, where one row was folded)."""
    folded: Rows = {}
    printed: dict[str, list[str]] = {}
    with_units = False
    for code, values in rows.items():
        row = registry.any_row(code)
        with_units = with_units or (row is not None and row.with_group_units)
        target = registry.compared_as(code)
        folded[target] = add_series([folded.get(target, {}), values])
        printed.setdefault(target, []).append(row_name(code, registry))
    names = {
        target: codes[0] if len(codes) == 1 else " + ".join(codes)
        for target, codes in printed.items()
    }
    return folded, with_units, names


def _group_units_folded(stated_rows: Rows, computed: KvantumTable, registry: Registry) -> bool:
    """True where the document splits Økonomiudvalget's share over the group units but the
    computed table (the key) has nothing there: compare with the group units folded into ØU."""
    units = [row.code for row in registry.rows if row.collapse_into]
    printed = any(any(stated_rows.get(unit, {}).values()) for unit in units)
    mine = any(any(computed.rows.get(unit, {}).values()) for unit in units)
    return printed and not mine


def _at_precision(printed: Rows, whole: Rows, exact: Rows, years: Iterable[int]) -> Rows:
    """The computed cells to compare with: where the document prints decimals, the exact
    share rounded to as many decimals; else the split at whole thousands."""
    result: Rows = {}
    for code in set(printed) | set(whole):
        cells = printed.get(code, {})
        result[code] = {}
        for year in years:
            places = decimal_places(cells[year]) if year in cells else 0
            if places:
                result[code][year] = round_half_away(exact.get(code, {}).get(year, ZERO), places)
            else:
                result[code][year] = whole.get(code, {}).get(year, ZERO)
    return result


def _split_table_findings(
    proposal: Proposal,
    context: Context,
    label: str,
    stated: StatedTable,
    computed: KvantumTable,
    exact: KvantumTable,
    total_message: str,
) -> list[Finding]:
    """One printed split table against the computed one: cells, the Total row, the printed rows
    against their own printed total, sub-rows and percentages."""
    registry = context.registry
    found: list[Finding] = []
    rows, with_units, names = _fold_row_sets(_printed_rows(stated), registry)
    note = ""
    if stated.collapsed or with_units:
        computed, exact = collapse(computed, registry), collapse(exact, registry)
    elif _group_units_folded(rows, computed, registry):
        computed, exact = collapse(computed, registry), collapse(exact, registry)
        rows = collapse(KvantumTable(computed.name, (), rows), registry).rows
        note = (
            " (dokumentet fordeler Økonomiudvalgets andel på koncernenhederne; sammenlignet samlet)"
        )
    years = sorted({y for values in rows.values() for y in values} | set(stated.total or {}))
    mine = _at_precision(rows, computed.rows, exact.rows, years)
    for code, printed in rows.items():
        values = compare(printed, mine.get(code, {}), years)
        if values:
            found.append(
                Finding(
                    proposal.id,
                    severity_of(values),
                    "technical-cell",
                    f"{label}, {names.get(code) or row_name(code, registry)}",
                    "cellen afviger fra den beregnede fordeling" + note,
                    values,
                )
            )
    found.extend(_sub_row_findings(proposal, context, label, stated))
    found.extend(_percent_findings(proposal, label, stated, exact, registry))
    if stated.total is None:
        return found
    total = {y: computed.total.get(y, ZERO) for y in years}
    wrong_total = compare(stated.total, total, years)
    if wrong_total:
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "technical-total",
                f"{label}, Total",
                total_message,
                wrong_total,
            )
        )
    wrong_years = {v.year for v in wrong_total}
    printed_rows = add_series(rows.values())
    sums = compare(stated.total, printed_rows, [y for y in years if y not in wrong_years])
    if sums:
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "technical-sum",
                f"{label}, Total",
                "de trykte rækker summer ikke til tabellens trykte total "
                "(dokumentet: total; beregnet: rækkernes sum)",
                sums,
            )
        )
    return found


SUB_SAVINGS = ("effektiv", "besparelse", "gevinst")


SUB_COSTS = ("omkostning", "udgift", "drift")


def _sub_part(label: str) -> str | None:
    folded = fold(label)
    if any(word in folded for word in SUB_SAVINGS):
        return "savings"
    if any(word in folded for word in SUB_COSTS):
        return "costs"
    return None


def _sub_row_findings(
    proposal: Proposal, context: Context, label: str, stated: StatedTable
) -> list[Finding]:
    """Sub-rows ("Effektivisering", "Omkostning") against the saving and cost lines split
    the proposal's way, and against the row they belong to where that is printed too."""
    if not stated.sub_rows:
        return []
    registry = context.registry
    whole, exact = context.parts_for(proposal, False), context.parts_for(proposal, True)
    found: list[Finding] = []
    for code, subs in stated.sub_rows.items():
        target = registry.compared_as(code)
        name = row_name(code, registry)
        for sub_label, printed in subs.items():
            part = _sub_part(sub_label)
            if part is None:
                continue
            years = sorted(printed)
            mine = _at_precision({target: printed}, whole[part], exact[part], years)[target]
            values = compare(printed, mine, years)
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        severity_of(values),
                        "technical-sub-row",
                        f"{label}, {name}, {sub_label}",
                        "underrækken afviger fra forslagets linjer fordelt på udvalg",
                        values,
                    )
                )
        if code in stated.rows:
            values = compare(stated.rows[code], add_series(subs.values()))
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        Severity.WARNING,
                        "technical-sub-sum",
                        f"{label}, {name}",
                        "underrækkerne summer ikke til rækken (dokumentet: rækken; "
                        "beregnet: underrækkernes sum)",
                        values,
                    )
                )
    return found


def _percent_findings(
    proposal: Proposal,
    label: str,
    stated: StatedTable,
    exact: KvantumTable,
    registry: Registry,
) -> list[Finding]:
    """Printed percentages against each row's share of the table's total (at the precision
    printed), and against 100 % together."""
    found: list[Finding] = []
    percents = dict(stated.percent)
    for code, subs in stated.sub_percent.items():
        if code not in percents:
            percents[code] = sum(subs.values(), ZERO)
    if not percents:
        return found
    folded: dict[str, Decimal] = {}
    for code, percent in percents.items():
        target = registry.compared_as(code)
        folded[target] = folded.get(target, ZERO) + percent
    grand = sum(exact.total.values(), ZERO)
    if grand:
        wrong = []
        for code, percent in folded.items():
            share = sum(exact.rows.get(code, {}).values(), ZERO) / grand * 100
            mine = round_half_away(share, decimal_places(percent))
            if mine != percent:
                wrong.append(Value(None, percent, mine, row_name(code, registry)))
        if wrong:
            found.append(
                Finding(
                    proposal.id,
                    severity_of(wrong),
                    "technical-percent",
                    f"{label}, procent",
                    "den trykte procent er ikke rækkens andel af tabellens total",
                    tuple(wrong),
                )
            )
    printed = sum(percents.values(), ZERO)
    if printed != 100:
        places = max(decimal_places(p) for p in percents.values())
        slack = Decimal(len(percents)) * Decimal("0.5").scaleb(-places)
        severity = Severity.NOTE if abs(printed - 100) <= slack else Severity.WARNING
        found.append(
            Finding(
                proposal.id,
                severity,
                "technical-percent",
                f"{label}, procent i alt",
                "de trykte procenter summer ikke til 100 %",
                (Value(None, printed, Decimal(100)),),
            )
        )
    if stated.total_percent is not None and stated.total_percent != 100:
        found.append(
            Finding(
                proposal.id,
                Severity.NOTE,
                "technical-percent",
                f"{label}, Total, procent",
                "totalens trykte procent er ikke 100 %",
                (Value(None, stated.total_percent, Decimal(100)),),
            )
        )
    return found


def technical_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """The published Tabel A/B/C against the computed ones: cells (1 off is a rounding note,
    more an error; cells printed with decimals at the precision printed), printed rows
    against their own printed total (a warning), the Total row against the net change (an
    error), sub-rows and percentages. Rows of older row sets are compared as the row they
    count as."""
    found: list[Finding] = []
    printed = stated_tables(proposal)
    if not printed:
        return found  # nothing published to compare: no need to compute the tables
    computed_tables = context.tables_for(proposal)
    exact_tables = context.tables_for(proposal, exact=True)
    for name, stated in printed:
        message = (
            "Total-rækken er ikke forslagets varige ændring"
            if name != "C"
            else "Total-rækken skal være 0"
        )
        found.extend(
            _split_table_findings(
                proposal,
                context,
                table_label(name, stated),
                stated,
                computed_tables[name],
                exact_tables[name],
                message,
            )
        )
    return found


def row_set(proposal: Proposal, context: Context) -> list[Finding]:
    """Rows of a stated table that are not in the proposal's row set (the one it names, else
    the one of its budget year): a note, as the table may be older or newer than the budget."""
    chosen = context.registry.row_set_for(proposal.budget, proposal.row_set)
    if chosen is None:
        return []
    allowed = set(chosen.rows)
    found = []
    tables = [(table_label(n, t), t) for n, t in stated_tables(proposal)]
    tables += [
        (committee_label(t, number), t)
        for number, t in enumerate(proposal.stated.committee_tables, start=1)
    ]
    for label, table in tables:
        if table.collapsed:
            continue
        codes = dict.fromkeys([*table.rows, *table.sub_rows, *table.percent])
        outside = [code for code in codes if code not in allowed]
        if outside:
            names = ", ".join(row_name(code, context.registry) for code in outside)
            found.append(
                Finding(
                    proposal.id,
                    Severity.NOTE,
                    "row-set",
                    label,
                    f"rækker uden for rækkesættet {chosen.name}: {names}",
                )
            )
    return found


def committee_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """Tables by committee other than A-C: the permanent change by committee (as Tabel A) and
    the investment by committee ("Fordeling af anlægsinvesteringer") against the
    implementation lines: each line with a split of its own at its row, the others at the
    proposing committee; the Total against Tabel 1's implementation costs (of the area)."""
    found: list[Finding] = []
    for number, stated in enumerate(proposal.stated.committee_tables, start=1):
        label = committee_label(stated, number)
        if stated.section is Section.PERMANENT and stated.sub_rows and not stated.rows:
            # printed only as sub-rows (BC03's Table 7: savings by the key, costs at their
            # row): each sub-row against its part, not their sums against Tabel A
            found.extend(_sub_row_findings(proposal, context, label, stated))
            continue
        if stated.section is Section.PERMANENT:
            found.extend(
                _split_table_findings(
                    proposal,
                    context,
                    label,
                    stated,
                    context.tables_for(proposal)["A"],
                    context.tables_for(proposal, exact=True)["A"],
                    "Total-rækken er ikke forslagets varige ændring",
                )
            )
            continue
        shares = proposal_shares(proposal, context.keys, context.registry)
        targets = target_shares(proposal, context.keys, context.registry)
        rows = implementation_by_row(proposal, shares, context.registry, stated.area, targets)
        years = tuple(sorted({y for values in rows.values() for y in values}))
        computed = KvantumTable(
            "I", years, {**{code: {} for code in context.registry.row_codes}, **rows}
        )
        found.extend(
            _split_table_findings(
                proposal,
                context,
                label,
                stated,
                computed,
                computed,
                "Total-rækken er ikke forslagets implementeringsomkostninger"
                + (f" ({stated.area.value})" if stated.area else ""),
            )
        )
    return found
