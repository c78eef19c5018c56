"""The technical tables (Tabel A/B/C and tables by committee) against the split kkinvest
computes, and against their own printed totals, sub-rows and percentages.

Worked (BC03 Tabel A 2025, seed 000): printed TMU -15 where the key gives -16 (a note, 1 off);
rows printed add to -1.024 against the printed total -1.025 (a warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from kkinvest.calc.allocation import allocate_map
from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Rows,
    Severity,
    Value,
    committee_label,
    compare,
    percent_sum,
    row_name,
    severity_of,
    stated_tables,
    table_label,
)
from kkinvest.calc.keys import (
    proposal_shares,
    target_shares,
)
from kkinvest.calc.tables import (
    KvantumTable,
    collapse,
    implementation_by_row,
    unsplit_implementation,
    unsplit_tables,
)
from kkinvest.calc.tables import _is_cost as is_cost
from kkinvest.model import (
    Area,
    MissingField,
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


def _row_shares(proposal: Proposal, context: Context) -> dict[str, dict[str, Decimal]]:
    """Per committee the proposal's row set prints in several rows with the split between
    them recorded (`shares`), each row's share (%) of the committee's amount."""
    chosen = context.registry.row_set_for(proposal.budget, proposal.row_set)
    return {} if chosen is None else chosen.row_shares(context.registry)


def _shared_rows(
    codes: Iterable[str], shares: Mapping[str, Mapping[str, Decimal]], registry: Registry
) -> dict[str, dict[str, Decimal]]:
    """The committees printed in two or more of `codes` whose split between those rows is
    recorded: per committee, each printed row's share (%). A committee printed in one row
    only, or with a row the shares do not name, is compared as a whole only."""
    printed: dict[str, list[str]] = {}
    for code in codes:
        printed.setdefault(registry.compared_as(code), []).append(code)
    found: dict[str, dict[str, Decimal]] = {}
    for committee, members in printed.items():
        recorded = shares.get(committee, {})
        if len(members) > 1 and all(code in recorded for code in members):
            found[committee] = {code: recorded[code] for code in members}
    return found


def _by_shares(
    whole: Mapping[int, Decimal],
    exact: Mapping[int, Decimal],
    shares: Mapping[str, Decimal],
    years: Iterable[int],
    places: int,
) -> Rows:
    """A committee's computed amount split over its rows by their recorded shares, at the
    table's precision: at whole thousands the committee's whole amount by largest remainder
    (so the rows add up to it), with decimals each row's exact share rounded.

    Worked: BIU -55 with EI 40 % and BIU's own row 60 %: EI -22, BIU -33; at two decimals
    BIU's exact -55,55 gives EI -22,22 and BIU -33,33."""
    weights: dict[str, Decimal] = {**shares, "": 100 - sum(shares.values(), ZERO)}
    split: Rows = {code: {} for code in shares}
    for year in years:
        if places:
            for code, share in shares.items():
                split[code][year] = round_half_away(exact.get(year, ZERO) * share / 100, places)
        else:
            parts = allocate_map(whole.get(year, ZERO), weights)
            for code in shares:
                split[code][year] = parts[code]
    return split


def _share_findings(
    proposal: Proposal,
    where: Mapping[str, str],
    printed: Mapping[str, Mapping[int, Decimal]],
    shared: Mapping[str, Mapping[str, Decimal]],
    computed: Mapping[str, tuple[Mapping[int, Decimal], Mapping[int, Decimal]]],
    places: int,
    rule: str,
) -> list[Finding]:
    """Each row (named as in `where`) of a committee printed in several rows against its
    recorded share of the committee's computed amount (`computed`: at whole thousands and
    exact, by committee)."""
    found: list[Finding] = []
    for committee, shares in shared.items():
        whole, exact = computed[committee]
        years = sorted({y for code in shares for y in printed.get(code, {})})
        mine = _by_shares(whole, exact, shares, years, places)
        for code, share in shares.items():
            if code not in printed:
                continue
            values = compare(printed[code], mine[code], years)
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        severity_of(values),
                        rule,
                        where[code],
                        "rækken er ikke sin andel ({0} %) af udvalgets beløb, som teksten "
                        "fordeler det (dokumentet: rækken; beregnet: andelen af udvalgets "
                        "beregnede beløb)",
                        values,
                        (share,),
                    )
                )
    return found


def _group_units_folded(stated_rows: Rows, computed: KvantumTable, registry: Registry) -> bool:
    """True where the document splits Økonomiudvalget's share over the group units but the
    computed table (the key) has nothing there: compare with the group units folded into ØU."""
    units = [row.code for row in registry.rows if row.collapse_into]
    printed = any(any(stated_rows.get(unit, {}).values()) for unit in units)
    mine = any(any(computed.rows.get(unit, {}).values()) for unit in units)
    return printed and not mine


def _places(stated: StatedTable) -> int:
    """The table's printed precision: the most decimals any of its amounts has (a table printed
    to two decimals prints -56,00 beside -56,33, and a file may keep the first as -56)."""
    amounts = [v for values in stated.rows.values() for v in values.values()]
    amounts += [v for subs in stated.sub_rows.values() for s in subs.values() for v in s.values()]
    amounts += list((stated.total or {}).values())
    return max((decimal_places(amount) for amount in amounts), default=0)


def _unit(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _at_precision(whole: Rows, exact: Rows, years: Iterable[int], places: int) -> Rows:
    """The computed cells to compare with, at the table's precision: a table printed with
    decimals against the exact shares rounded to as many decimals, one printed at whole
    thousands against the split at whole thousands (largest remainder)."""
    if not places:
        return {code: {y: values.get(y, ZERO) for y in years} for code, values in whole.items()}
    return {
        code: {y: round_half_away(values.get(y, ZERO), places) for y in years}
        for code, values in exact.items()
    }


def _as_made(amount: Decimal, percent: Decimal, total: Decimal, places: int) -> Decimal | None:
    """None where `amount` can be the printed `percent` of the printed `total` at the table's
    precision — the percentage read as the rounded figure it is, the amount rounded to add up
    (one unit of the last place) — else `percent` × `total` as the table would print it.

    Worked: 62 % of -338 is -209,56; a percentage printed 62 stands for 61,5-62,5 %, so any
    amount within 338 × 0,5 % + 1 = 2,69 of it was made that way: -210 is, -215 is not."""
    made = total * percent / 100
    slack = abs(total) * Decimal("0.5").scaleb(-decimal_places(percent)) / 100 + _unit(places)
    return None if abs(amount - made) <= slack else round_half_away(made, places)


def _kind_totals(proposal: Proposal) -> dict[str, Mapping[int, Decimal]]:
    """Tabel 1's saving lines and cost lines, added up: the totals a sub-row's percentage is a
    share of ("Effektivisering" of the savings, "Omkostning" of the costs)."""
    permanent = [x for x in proposal.lines if x.section is Section.PERMANENT and x.counts]
    return {
        "savings": add_series(x.values for x in permanent if not is_cost(x)),
        "costs": add_series(x.values for x in permanent if is_cost(x)),
    }


def _own_arithmetic(
    proposal: Proposal, context: Context, label: str, stated: StatedTable, places: int
) -> list[Finding]:
    """The document against itself, before any key: each amount printed beside a percentage
    against that percentage of the printed total — a row's of the table's total, a sub-row's
    of Tabel 1's lines of its kind — at the table's precision, sub-row by sub-row."""
    registry = context.registry
    found: list[Finding] = []
    checks: list[tuple[str, Mapping[int, Decimal], Decimal, Mapping[int, Decimal]]] = []
    for code, percent in stated.percent.items():
        if code in stated.rows and stated.total is not None:
            checks.append((row_name(code, registry), stated.rows[code], percent, stated.total))
    totals = _kind_totals(proposal)
    for code, subs in stated.sub_percent.items():
        for sub_label, percent in subs.items():
            part = _sub_part(sub_label)
            sub_row = stated.sub_rows.get(code, {}).get(sub_label)
            if part is None or sub_row is None:
                continue
            where = f"{row_name(code, registry)}, {sub_label}"
            checks.append((where, sub_row, percent, totals[part]))
    for where, amounts, percent, total in checks:
        values = []
        for year, amount in sorted(amounts.items()):
            made = _as_made(amount, percent, total.get(year, ZERO), places)
            if made is not None:
                values.append(Value(year, amount, made))
        if values:
            found.append(
                Finding(
                    proposal.id,
                    Severity.ERROR,
                    "technical-own",
                    f"{label}, {where}",
                    "beløbet er ikke den trykte procent ({0} %) af totalen (dokumentet: "
                    "beløbet; beregnet: procenten af totalen, som tabellen trykker den)",
                    tuple(values),
                    (percent,),
                )
            )
    return found


def _target(code: str, registry: Registry, collapsed: bool) -> str:
    """The row of today's set a printed row is compared as (group units into ØU if folded)."""
    target = registry.compared_as(code)
    row = registry.row(target)
    return row.collapse_into or target if collapsed and row is not None else target


def not_recorded(proposal: Proposal, costs_too: bool) -> str | None:
    """Why the format cannot say how every permanent line is split, or None where it can: the
    savings need a key (or a split of their own), and where costs count on their own (Tabel B
    and C, cost sub-rows) the costs need a place. A proposal without a split is one
    administration's (all on its committee); fixed amounts are taken as given."""
    split = proposal.split
    if split is None or split.fixed is not None:
        return None
    lines = [
        x for x in proposal.lines if x.section is Section.PERMANENT and x.counts and x.split is None
    ]
    if split.key is None and any(not is_cost(x) for x in lines):
        return "forslaget angiver ingen fordelingsnøgle for besparelserne"
    costs = [x.label for x in lines if is_cost(x)]
    if costs_too and split.costs is None and costs:
        named = ", ".join(repr(label) for label in costs)
        return f"forslaget angiver ikke, hvilket udvalg der bærer omkostningerne ({named})"
    return None


def investment_not_recorded(proposal: Proposal, area: Area | None) -> str | None:
    """Why the format cannot say which committee carries every implementation line (of `area`),
    or None where it can: a line with a split of its own goes there, and a proposal without a
    split is one administration's (all on its committee). Where the proposal is split over
    several committees, a line without a split of its own could be any of theirs.

    Worked: savings split equally over KFU and BUU, and "Projektledelse" (anlæg, 500) with no
    split of its own: a table printing KFU 250 and BUU 250 is not compared with kkinvest's
    guess (all 500 on the proposing committee); the reason names 'Projektledelse'."""
    if proposal.split is None:
        return None
    open_lines = [
        x.label
        for x in proposal.lines
        if x.section is Section.IMPLEMENTATION
        and x.counts
        and x.split is None
        and (area is None or x.area is area)
    ]
    if not open_lines:
        return None
    named = ", ".join(repr(label) for label in open_lines)
    return f"forslaget angiver ikke, hvilket udvalg der bærer investeringen ({named})"


def _split_table_findings(
    proposal: Proposal,
    context: Context,
    label: str,
    stated: StatedTable,
    computed: KvantumTable,
    exact: KvantumTable,
    total_message: str,
    recorded: bool = True,
) -> list[Finding]:
    """One printed split table: first against itself (amounts against their printed
    percentages, rows against the printed total, sub-rows against their row), then — where
    the format records how every line is split — against the key: percentages against the
    key's shares, the cells printed without a percentage against the computed split, at the
    table's precision; and the Total row against the net change."""
    registry = context.registry
    places = _places(stated)
    found = _own_arithmetic(proposal, context, label, stated, places)
    rows, with_units, names = _fold_row_sets(_printed_rows(stated), registry)
    note = ""
    collapsed = stated.collapsed or with_units
    if collapsed:
        computed, exact = collapse(computed, registry), collapse(exact, registry)
    elif _group_units_folded(rows, computed, registry):
        collapsed = True
        computed, exact = collapse(computed, registry), collapse(exact, registry)
        rows = collapse(KvantumTable(computed.name, (), rows), registry).rows
        note = (
            " (dokumentet fordeler Økonomiudvalgets andel på koncernenhederne; sammenlignet samlet)"
        )
    years = sorted({y for values in rows.values() for y in values} | set(stated.total or {}))
    if recorded:
        mine = _at_precision(computed.rows, exact.rows, years, places)
        with_percent = {_target(code, registry, collapsed) for code in stated.percent}
        row_targets = {_target(code, registry, collapsed) for code in stated.rows}
        only_sub_rows = {_target(c, registry, collapsed) for c in stated.sub_rows} - row_targets
        for code, printed in rows.items():
            if code in with_percent or code in only_sub_rows:
                continue  # made from its percentage or its sub-rows: those are compared
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
        unfolded = _printed_rows(stated)
        alone = {c: v for c, v in unfolded.items() if c in stated.rows and c not in stated.percent}
        shared = _shared_rows(unfolded, _row_shares(proposal, context), registry)
        targets = {c: _target(c, registry, collapsed) for c in shared}
        found.extend(
            _share_findings(
                proposal,
                {code: f"{label}, {row_name(code, registry)}" for code in alone},
                alone,
                shared,
                {c: (computed.rows.get(t, {}), exact.rows.get(t, {})) for c, t in targets.items()},
                places,
                "technical-row-share",
            )
        )
    found.extend(_sub_row_findings(proposal, context, label, stated, places, recorded))
    found.extend(_percent_findings(proposal, context, label, stated, exact, recorded))
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
    proposal: Proposal,
    context: Context,
    label: str,
    stated: StatedTable,
    places: int,
    recorded: bool = True,
) -> list[Finding]:
    """Sub-rows ("Effektivisering", "Omkostning") against the row they belong to where that
    is printed too; and (where the split is recorded) those printed without a percentage
    against the saving and cost lines split the proposal's way, at the table's precision —
    the rows of one committee ("... - EI" beside the committee) added up per kind."""
    if not stated.sub_rows:
        return []
    registry = context.registry
    found: list[Finding] = []
    folded: dict[tuple[str, str], Rows] = {}
    by_row: dict[tuple[str, str], Rows] = {}  # the same, by row: a row's sub-rows of the kind
    names: dict[str, dict[str, list[str]]] = {}  # a row's sub-row labels by kind
    for code, subs in stated.sub_rows.items():
        for sub_label, printed in subs.items():
            part = _sub_part(sub_label)
            if part is not None:
                key = (registry.compared_as(code), part)
                folded.setdefault(key, {})[f"{row_name(code, registry)}, {sub_label}"] = printed
                rows = by_row.setdefault(key, {})
                rows[code] = add_series([rows.get(code, {}), printed])
                names.setdefault(code, {}).setdefault(part, []).append(sub_label)
        if code in stated.rows:
            values = compare(stated.rows[code], add_series(subs.values()))
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        Severity.WARNING,
                        "technical-sub-sum",
                        f"{label}, {row_name(code, registry)}",
                        "underrækkerne summer ikke til rækken (dokumentet: rækken; "
                        "beregnet: underrækkernes sum)",
                        values,
                    )
                )
    if not recorded:
        return found
    with_percent = {
        (registry.compared_as(code), _sub_part(sub_label))
        for code, subs in stated.sub_percent.items()
        for sub_label in subs
    }
    whole, exact = context.parts_for(proposal, False), context.parts_for(proposal, True)
    for (target, part), members in folded.items():
        if (target, part) in with_percent:
            continue  # made from its percentage: the percentage is compared with the key
        together = add_series(members.values())
        years = sorted(together)
        mine = _at_precision(whole[part], exact[part], years, places).get(target, {})
        values = compare(together, mine, years)
        if values:
            found.append(
                Finding(
                    proposal.id,
                    severity_of(values),
                    "technical-sub-row",
                    f"{label}, {' + '.join(members)}",
                    "underrækken afviger fra forslagets linjer fordelt på udvalg",
                    values,
                )
            )
    shares = _row_shares(proposal, context)
    for (target, part), rows in by_row.items():
        if (target, part) in with_percent:
            continue
        shared = _shared_rows(rows, shares, registry)
        found.extend(
            _share_findings(
                proposal,
                {
                    code: f"{label}, {row_name(code, registry)}, {' + '.join(names[code][part])}"
                    for code in rows
                },
                rows,
                shared,
                {c: (whole[part].get(c, {}), exact[part].get(c, {})) for c in shared},
                places,
                "technical-row-share",
            )
        )
    return found


def _percent_findings(
    proposal: Proposal,
    context: Context,
    label: str,
    stated: StatedTable,
    exact: KvantumTable,
    recorded: bool = True,
) -> list[Finding]:
    """Printed percentages against 100 % together (a row's among the rows, a sub-row's among
    the sub-rows of its kind); and, where the split is recorded, against the key: a row's
    against its share of the table's total, a sub-row's against its committee's share of the
    lines of its kind, rows of one committee added up — each at the precision printed."""
    registry = context.registry
    found: list[Finding] = []
    groups: list[tuple[str, str, dict[str, Decimal], Mapping[str, Mapping[int, Decimal]]]] = []
    if stated.percent:
        groups.append(("procent", "", dict(stated.percent), exact.rows))
    by_part: dict[str, dict[str, Decimal]] = {}
    for code, subs in stated.sub_percent.items():
        for sub_label, percent in subs.items():
            part = _sub_part(sub_label)
            if part is not None:
                by_part.setdefault(part, {})[code] = percent
    if by_part:
        parts = context.parts_for(proposal, True) if recorded else {}
        for part, percents in by_part.items():
            word = SUB_WORDS[part]
            groups.append((f"procent, {word}", f" ({word})", percents, parts.get(part, {})))
    row_shares = _row_shares(proposal, context)
    for where, kind, percents, shares in groups:
        if recorded:
            found.extend(
                _against_key(proposal, registry, f"{label}, {where}", percents, shares, row_shares)
            )
        found.extend(
            percent_sum(
                proposal.id,
                f"{label}, {where} i alt",
                percents,
                "technical-percent",
                Severity.WARNING,
                kind,
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


SUB_WORDS = {"savings": "effektivisering", "costs": "omkostning"}


def _against_key(
    proposal: Proposal,
    registry: Registry,
    where: str,
    percents: Mapping[str, Decimal],
    rows: Mapping[str, Mapping[int, Decimal]],
    shares: Mapping[str, Mapping[str, Decimal]],
) -> list[Finding]:
    """Printed percentages (rows of one committee added up) against each committee's share of
    `rows` together, at the precision printed; and where the split between a committee's rows
    is recorded (`shares`), each row's percentage against its share of the committee's.

    Worked: BIU's share 50 %, EI 40 % of it: "BIU - EI" printed 20 is right, 25 is not."""
    folded: dict[str, Decimal] = {}
    for code, percent in percents.items():
        target = registry.compared_as(code)
        folded[target] = folded.get(target, ZERO) + percent
    grand = sum((v for values in rows.values() for v in values.values()), ZERO)
    if not grand:
        return []
    wrong = []
    exact: dict[str, Decimal] = {}
    for code, percent in folded.items():
        exact[code] = sum(rows.get(code, {}).values(), ZERO) / grand * 100
        mine = round_half_away(exact[code], decimal_places(percent))
        if mine != percent:
            wrong.append(Value(None, percent, mine, row_name(code, registry)))
    found = []
    if wrong:
        found.append(
            Finding(
                proposal.id,
                severity_of(wrong),
                "technical-percent",
                where,
                "den trykte procent er ikke udvalgets andel efter nøglen",
                tuple(wrong),
            )
        )
    for committee, parts in _shared_rows(percents, shares, registry).items():
        for code, part in parts.items():
            printed = percents[code]
            mine = round_half_away(exact[committee] * part / 100, decimal_places(printed))
            if mine != printed:
                found.append(
                    Finding(
                        proposal.id,
                        Severity.ERROR,
                        "technical-row-share",
                        f"{where}, {row_name(code, registry)}",
                        "den trykte procent er ikke rækkens andel ({0} %) af udvalgets andel "
                        "efter nøglen, som teksten fordeler den",
                        (Value(None, printed, mine),),
                        (part,),
                    )
                )
    return found


def technical_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """The published Tabel A/B/C: each against itself first (amounts against their printed
    percentages, rows against the printed total, sub-rows against their row), then against
    the computed split where the format records how every line is split (cells and
    percentages at the table's precision; 1 off is a rounding note, more an error), and the
    Total row against the net change (an error). Rows of older row sets are compared as the
    row they count as; where the split is not recorded, one note says what was not checked."""
    found: list[Finding] = []
    printed = stated_tables(proposal)
    if not printed:
        return found  # nothing published to compare: no need to compute the tables
    computed_tables, exact_tables, no_split = _tables(proposal, context)
    unchecked: dict[tuple[str, str], list[str]] = {}
    for name, stated in printed:
        message = (
            "Total-rækken er ikke forslagets varige ændring"
            if name != "C"
            else "Total-rækken skal være 0"
        )
        label = table_label(name, stated)
        reason = no_split or not_recorded(proposal, costs_too=name != "A" or bool(stated.sub_rows))
        if reason is not None:
            unchecked.setdefault((KEY_QUESTION, reason), []).append(label)
        found.extend(
            _split_table_findings(
                proposal,
                context,
                label,
                stated,
                computed_tables[name],
                exact_tables[name],
                message,
                reason is None,
            )
        )
    return found + _unchecked(proposal, unchecked)


KEY_QUESTION = "om tabellen følger fordelingsnøglen"
INVESTMENT_QUESTION = "om tabellen følger forslagets fordeling af investeringen"
NO_COMMITTEE = (
    "forslaget angiver intet udvalg (committee), og linjerne uden egen fordeling hører til det"
)
"""Why a table is not compared with kkinvest's split where the proposal names no committee."""


def _tables(
    proposal: Proposal, context: Context
) -> tuple[dict[str, KvantumTable], dict[str, KvantumTable], str | None]:
    """Tabel A-C at whole thousands and exact, and None; where the split needs the committee
    the proposal does not name, the tables with the whole amount unsplit (their totals hold,
    no cell is compared) and the reason (`not_given` reports the committee itself)."""
    try:
        return context.tables_for(proposal), context.tables_for(proposal, exact=True), None
    except MissingField:
        unsplit = unsplit_tables(proposal, context.registry)
        fixed = proposal.split is not None and proposal.split.fixed is not None
        return unsplit, unsplit, None if fixed else NO_COMMITTEE


def _unchecked(
    proposal: Proposal, unchecked: Mapping[tuple[str, str], Sequence[str]]
) -> list[Finding]:
    """One note per question and reason: the tables (each named once) whose split was not
    compared with kkinvest's, and why."""
    return [
        Finding(
            proposal.id,
            Severity.NOTE,
            "technical-unchecked",
            ", ".join(labels),
            f"ikke kontrolleret: {question}; {reason} "
            "(tabellens egen regning og Total-rækken er kontrolleret)",
        )
        for (question, reason), labels in unchecked.items()
    ]


def row_set(proposal: Proposal, context: Context) -> list[Finding]:
    """Rows of a stated table that are not in the proposal's row set (the one it names, else
    the one of its budget year): a note, as the table may be older or newer than the budget.

    Worked: a budget 2023 proposal whose Tabel A prints "Beskæftigelses- og
    Integrationsudvalget - EI" (a row of the 2016 set): a note naming it."""
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
    implementation lines, each at the row of its own split (all at the proposing committee
    for a proposal without a split); the Total against Tabel 1's implementation costs (of the
    area). Where a line of a split proposal has no split of its own, the format cannot say
    whose it is: the rows are then not compared with kkinvest's, and one note says why."""
    found: list[Finding] = []
    unchecked: dict[tuple[str, str], list[str]] = {}
    for number, stated in enumerate(proposal.stated.committee_tables, start=1):
        label = committee_label(stated, number)
        if stated.section is Section.PERMANENT:
            whole, exact, no_split = _tables(proposal, context)
            reason = no_split or not_recorded(proposal, costs_too=bool(stated.sub_rows))
            if reason is not None:
                unchecked.setdefault((KEY_QUESTION, reason), []).append(label)
        if stated.section is Section.PERMANENT and stated.sub_rows and not stated.rows:
            # printed only as sub-rows (BC03's Table 7, the older documents' split of the
            # potential: savings by the key, costs at their row): each sub-row against its
            # percentage and its part, not their sums against Tabel A
            places, recorded = _places(stated), reason is None
            found.extend(_own_arithmetic(proposal, context, label, stated, places))
            found.extend(_sub_row_findings(proposal, context, label, stated, places, recorded))
            found.extend(_percent_findings(proposal, context, label, stated, exact["A"], recorded))
            continue
        if stated.section is Section.PERMANENT:
            found.extend(
                _split_table_findings(
                    proposal,
                    context,
                    label,
                    stated,
                    whole["A"],
                    exact["A"],
                    "Total-rækken er ikke forslagets varige ændring",
                    reason is None,
                )
            )
            continue
        investment = investment_not_recorded(proposal, stated.area)
        try:
            shares = proposal_shares(proposal, context.keys, context.registry)
            targets = target_shares(proposal, context.keys, context.registry)
            rows = implementation_by_row(proposal, shares, context.registry, stated.area, targets)
        except MissingField:
            investment = NO_COMMITTEE
            rows = unsplit_implementation(proposal, stated.area)
        if investment is not None:
            unchecked.setdefault((INVESTMENT_QUESTION, investment), []).append(label)
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
                investment is None,
            )
        )
    return found + _unchecked(proposal, unchecked)
