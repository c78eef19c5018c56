"""`kkinvest check`: review a proposal the way Center for Økonomi would.

Every rule is a small pure function with one signature, `rule(proposal, context) -> findings`,
and `PROPOSAL_RULES` runs them in order; a new rule is one function (beancount's
`ops/validation.py` works the same way). Keys and the pool overview have rules of their own.

Severity: a figure that disagrees with what follows from the document's own lines is an error;
a difference of 1 (a cell rounded on its own) is a rounding note; things that look wrong but may
be deliberate (rows that do not add up to their printed total, a heading with other years, a
saving with a plus sign) are warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from kkinvest.calc.allocation import allocate_map
from kkinvest.calc.keys import (
    KeyProblem,
    find_key,
    key_shares,
    key_users,
    proposal_shares,
    row_shares,
    target_shares,
)
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.pools import Discrepancy, Overview, RoundingNote, reconcile
from kkinvest.calc.stated import area_total_differences, total_differences
from kkinvest.calc.tables import KvantumTable, collapse, implementation_by_row, parts, tables
from kkinvest.calc.totals import proposal_totals
from kkinvest.labels import PAYBACK_ROWS
from kkinvest.model import (
    Area,
    Claim,
    ClaimWhat,
    Key,
    Kind,
    Line,
    OtherTable,
    Pool,
    PoolName,
    Proposal,
    Section,
    StatedLine,
    StatedTable,
)
from kkinvest.money import ZERO, add_series, as_decimal, decimal_places, round_half_away
from kkinvest.registry import Registry, fold
from kkinvest.render.numbers import danish


class Severity(StrEnum):
    ERROR = "fejl"
    WARNING = "advarsel"
    NOTE = "bemærkning"


class Value(NamedTuple):
    """One year's (or one cell's) printed figure and the one that follows from the lines."""

    year: int | None
    stated: Decimal | None
    computed: Decimal | None
    row: str | None = None  # where one finding covers several rows

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.computed is None:
            return None
        return self.stated - self.computed


class Finding(NamedTuple):
    subject: str  # a proposal id, "Nøgle inventar-2018-2019" or "Puljeoversigt, budget 2023"
    severity: Severity
    rule: str
    where: str  # table and row, e.g. "Tabel 1, Samlet økonomisk påvirkning"
    message: str
    values: tuple[Value, ...] = ()


class Context:
    """What the checks share: the keys, the registry, and the tables computed so far."""

    def __init__(self, keys: Mapping[str, Key], registry: Registry) -> None:
        self.keys = keys
        self.registry = registry
        self.computed_tables: dict[str, dict[str, KvantumTable]] = {}

    def tables_for(self, proposal: Proposal, exact: bool = False) -> dict[str, KvantumTable]:
        """Tabel A-C at whole thousands, or (`exact`) at exact shares."""
        slot = f"{proposal.id}\x00exact" if exact else proposal.id
        if slot not in self.computed_tables:
            shares = proposal_shares(proposal, self.keys, self.registry)
            targets = target_shares(proposal, self.keys, self.registry)
            self.computed_tables[slot] = tables(proposal, shares, self.registry, targets, exact)
        return self.computed_tables[slot]

    def parts_for(
        self, proposal: Proposal, exact: bool
    ) -> dict[str, dict[str, dict[int, Decimal]]]:
        shares = proposal_shares(proposal, self.keys, self.registry)
        targets = target_shares(proposal, self.keys, self.registry)
        return parts(proposal, shares, self.registry, targets, exact)


Rule = Callable[[Proposal, Context], list[Finding]]


def _severity(values: Iterable[Value], worst: Severity = Severity.ERROR) -> Severity:
    """A difference of at most 1 everywhere is rounding; anything more is `worst`."""
    differences = [v.difference for v in values]
    if all(d is not None and abs(d) <= 1 for d in differences):
        return Severity.NOTE
    return worst


def _compare(
    stated: Mapping[int, Decimal],
    computed: Mapping[int, Decimal],
    years: Iterable[int] | None = None,
) -> tuple[Value, ...]:
    chosen = sorted(set(stated) | set(computed)) if years is None else sorted(years)
    return tuple(
        Value(year, stated.get(year, ZERO), computed.get(year, ZERO))
        for year in chosen
        if stated.get(year, ZERO) != computed.get(year, ZERO)
    )


def stated_totals(proposal: Proposal, context: Context) -> list[Finding]:
    """Tabel 1's printed totals rows against the sums of the document's own lines."""
    by_row: dict[str, list[Value]] = {}
    differences = total_differences(proposal, proposal_totals(proposal))
    for d in differences + area_total_differences(proposal):
        by_row.setdefault(d.label, []).append(Value(d.year, d.stated, d.computed))
    return [
        Finding(
            proposal.id,
            _severity(values),
            "totals",
            f"Tabel 1, {label}",
            "den trykte total stemmer ikke med summen af linjerne",
            tuple(values),
        )
        for label, values in by_row.items()
    ]


def stated_paybacks(proposal: Proposal, context: Context) -> list[Finding]:
    """The printed paybacks against the rule's; one payback printed for both bases ("Break
    Even") is right if either basis gives it, and reported once if neither does."""
    found = []
    computed_by = {basis: compute_payback(proposal, basis).years for basis in Basis}
    for basis in Basis:
        stated = getattr(proposal.stated, f"payback_{basis.value}")
        computed = computed_by[basis]
        if stated is not None and stated != computed:
            value = Value(None, Decimal(stated), None if computed is None else Decimal(computed))
            message = (
                "den trykte tilbagebetalingstid følger ikke af tabellens tal"
                if computed is not None
                else "dokumentet angiver en tilbagebetalingstid, men reglen giver ingen"
            )
            found.append(
                Finding(
                    proposal.id, Severity.ERROR, "payback", PAYBACK_ROWS[basis], message, (value,)
                )
            )
    stated = proposal.stated.payback
    if stated is not None and stated not in computed_by.values():
        service, total = computed_by[Basis.SERVICE], computed_by[Basis.TOTAL]
        message = (
            "den trykte tilbagebetalingstid følger ikke af tabellens tal (reglen giver "
            f"{_years_text(service)} på serviceeffektivisering og {_years_text(total)} "
            "på totaløkonomi)"
        )
        computed = service if service is not None else total
        value = Value(None, Decimal(stated), None if computed is None else Decimal(computed))
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "payback",
                "Tilbagebetalingstid (Break Even)",
                message,
                (value,),
            )
        )
    return found


def _years_text(years: int | None) -> str:
    return "ingen" if years is None else f"{years} år"


def _section_and_area(table: OtherTable) -> tuple[Section | None, Area | None]:
    """What a table's total is a total of: as recorded, else read from its total's label
    ("Investeringer totalt, anlæg", "Varige ændringer totalt, service")."""
    if table.section is not None:
        return table.section, table.area
    label = fold(table.total_label or "")
    section = None
    if "investering" in label or "implementering" in label:
        section = Section.IMPLEMENTATION
    elif "varig" in label:
        section = Section.PERMANENT
    if section is None:
        return None, None
    suffix, named = _named_area(label)
    area = table.area or named
    if suffix and area is None:
        return None, None  # a total of something Tabel 1 does not hold ("finansposter")
    return section, area


def _named_area(label: str) -> tuple[str, Area | None]:
    """What a (folded) total label names after its last comma, and the area that is, if any
    ("investeringer totalt, anlæg" -> anlæg)."""
    suffix = label.rpartition(",")[2].strip() if "," in label else ""
    return suffix, next((a for a in Area if suffix == a.value), None)


def _agreeing(printed: StatedLine, line: Line) -> bool:
    """True where a line printed under another label has Tabel 1's values in most years."""
    years = set(printed.values) | set(line.values)
    same = [y for y in years if printed.values.get(y, ZERO) == line.value(y)]
    return any(printed.values.get(y, ZERO) != 0 for y in same) and 2 * len(same) > len(years)


def _match(
    printed: StatedLine, lines: Sequence[Line], section: Section | None, taken: set[str]
) -> tuple[Line | None, str]:
    """The Tabel 1 line a printed line is: named by `same_as`, by its label, or found by
    values that agree in most years (among the lines no other line of the table names); and
    how it was found ("" for the same label)."""
    by_label = {fold(line.label): line for line in lines}
    if printed.same_as is not None:
        return by_label.get(fold(printed.same_as)), "same_as"
    if fold(printed.label) in by_label:
        return by_label[fold(printed.label)], ""
    candidates = [
        line
        for line in lines
        if (section is None or line.section is section)
        and fold(line.label) not in taken
        and _agreeing(printed, line)
    ]
    return (candidates[0], "values") if len(candidates) == 1 else (None, "")


def _total_label_area(proposal: Proposal, table: OtherTable, where: str) -> list[Finding]:
    """A total row named for another area than the table's ("Serviceinvesteringer i
    forslaget" totalled as "Investeringer totalt, anlæg")."""
    _, named = _named_area(fold(table.total_label or ""))
    if table.area is None or named is None or named is table.area:
        return []
    return [
        Finding(
            proposal.id,
            Severity.WARNING,
            "other-area",
            where,
            f"totalrækken nævner {named.value}, men tabellen er {table.area.value}",
        )
    ]


def other_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """A line printed in another table with other values than in Tabel 1 (matched by label,
    by `same_as`, or by values that agree in most years), another table's total against its
    own lines, and against Tabel 1's total of the same section and area."""
    found = []
    for table in proposal.stated.tables:
        section, area = _section_and_area(table)
        differing: set[int] = set()
        taken = {fold(p.same_as or p.label) for p in table.lines}
        for printed in table.lines:
            line, how = _match(printed, proposal.lines, section, taken)
            where = f"{table.title}, {printed.label}"
            if line is None:
                if how == "same_as":
                    found.append(
                        Finding(
                            proposal.id,
                            Severity.WARNING,
                            "same-line",
                            where,
                            f"same_as nævner {printed.same_as!r}, som ikke er en linje i Tabel 1",
                        )
                    )
                continue
            values = _compare(printed.values, line.values)
            differing |= {v.year for v in values if v.year is not None}
            if values:
                message = (
                    "linjen står med andre tal end i Tabel 1 (dokumentet: denne tabel; "
                    "beregnet: Tabel 1)"
                )
                if how:
                    message += f"; i Tabel 1 hedder den {line.label!r}"
                found.append(
                    Finding(proposal.id, _severity(values), "same-line", where, message, values)
                )
        if table.total is None:
            continue
        where = f"{table.title}, {table.total_label or 'total'}"
        found.extend(_total_label_area(proposal, table, where))
        values = _compare(table.total, add_series(p.values for p in table.lines))
        if values and table.lines:
            message = "tabellens total stemmer ikke med summen af dens linjer"
            found.append(Finding(proposal.id, _severity(values), "totals", where, message, values))
        if section is None:
            continue
        tabel_1 = add_series(
            line.values
            for line in proposal.lines
            if line.section is section and line.counts and (area is None or line.area is area)
        )
        years = sorted((set(table.total) | set(tabel_1)) - differing)
        values = _compare(table.total, tabel_1, years)
        if values:
            what = (
                "varige ændringer"
                if section is Section.PERMANENT
                else "implementeringsomkostninger"
            )
            found.append(
                Finding(
                    proposal.id,
                    _severity(values),
                    "other-total",
                    where,
                    f"totalen stemmer ikke med Tabel 1's {what}"
                    + (f" ({area.value})" if area else "")
                    + " (dokumentet: denne tabel; beregnet: Tabel 1's linjer)",
                    values,
                )
            )
    return found


def _stated_tables(proposal: Proposal) -> list[tuple[str, StatedTable]]:
    pairs = [
        ("A", proposal.stated.tabel_a),
        ("B", proposal.stated.tabel_b),
        ("C", proposal.stated.tabel_c),
    ]
    return [(name, table) for name, table in pairs if table is not None]


def _label(name: str, stated: StatedTable) -> str:
    """The table as the document names it, and which of A/B/C it is if it names it otherwise."""
    printed = stated.title.split(".")[0].strip() if stated.title else f"Tabel {name}"
    return printed if printed == f"Tabel {name}" else f"{printed} (som Tabel {name})"


def _committee_label(stated: StatedTable, number: int) -> str:
    return stated.title or f"Fordeling på udvalg {number}"


Rows = dict[str, dict[int, Decimal]]


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
        printed.setdefault(target, []).append(_row_name(code, registry))
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
        values = _compare(printed, mine.get(code, {}), years)
        if values:
            found.append(
                Finding(
                    proposal.id,
                    _severity(values),
                    "technical-cell",
                    f"{label}, {names.get(code) or _row_name(code, registry)}",
                    "cellen afviger fra den beregnede fordeling" + note,
                    values,
                )
            )
    found.extend(_sub_row_findings(proposal, context, label, stated))
    found.extend(_percent_findings(proposal, label, stated, exact, registry))
    if stated.total is None:
        return found
    total = {y: computed.total.get(y, ZERO) for y in years}
    wrong_total = _compare(stated.total, total, years)
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
    sums = _compare(stated.total, printed_rows, [y for y in years if y not in wrong_years])
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


def _row_name(code: str, registry: Registry) -> str:
    row = registry.any_row(code)
    return row.name if row is not None else code


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
        name = _row_name(code, registry)
        for sub_label, printed in subs.items():
            part = _sub_part(sub_label)
            if part is None:
                continue
            years = sorted(printed)
            mine = _at_precision({target: printed}, whole[part], exact[part], years)[target]
            values = _compare(printed, mine, years)
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        _severity(values),
                        "technical-sub-row",
                        f"{label}, {name}, {sub_label}",
                        "underrækken afviger fra forslagets linjer fordelt på udvalg",
                        values,
                    )
                )
        if code in stated.rows:
            values = _compare(stated.rows[code], add_series(subs.values()))
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
                wrong.append(Value(None, percent, mine, _row_name(code, registry)))
        if wrong:
            found.append(
                Finding(
                    proposal.id,
                    _severity(wrong),
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
    stated_tables = _stated_tables(proposal)
    if not stated_tables:
        return found  # nothing published to compare: no need to compute the tables
    computed_tables = context.tables_for(proposal)
    exact_tables = context.tables_for(proposal, exact=True)
    for name, stated in stated_tables:
        message = (
            "Total-rækken er ikke forslagets varige ændring"
            if name != "C"
            else "Total-rækken skal være 0"
        )
        found.extend(
            _split_table_findings(
                proposal,
                context,
                _label(name, stated),
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
    tables = [(_label(n, t), t) for n, t in _stated_tables(proposal)]
    tables += [
        (_committee_label(t, number), t)
        for number, t in enumerate(proposal.stated.committee_tables, start=1)
    ]
    for label, table in tables:
        if table.collapsed:
            continue
        codes = dict.fromkeys([*table.rows, *table.sub_rows, *table.percent])
        outside = [code for code in codes if code not in allowed]
        if outside:
            names = ", ".join(_row_name(code, context.registry) for code in outside)
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
        label = _committee_label(stated, number)
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


def _all_stated_tables(
    proposal: Proposal,
) -> list[tuple[str, list[int] | None, int | None, set[int]]]:
    """Every stated table: its label, heading years, heading p/l and the years of its values."""
    result = []
    for name, table in _stated_tables(proposal):
        years = {y for values in table.rows.values() for y in values}
        result.append((_label(name, table), table.heading_years, table.price_level, years))
    for number, table in enumerate(proposal.stated.committee_tables, start=1):
        years = {y for values in table.rows.values() for y in values} | set(table.total or {})
        label = _committee_label(table, number)
        result.append((label, table.heading_years, table.price_level, years))
    for other in proposal.stated.tables:
        years = {y for line in other.lines for y in line.values} | set(other.total or {})
        result.append((other.title, other.heading_years, other.price_level, years))
    stated = proposal.stated
    result.append(("Tabel 1", stated.heading_years, stated.price_level, set(proposal.years)))
    return result


def heading_years(proposal: Proposal, context: Context) -> list[Finding]:
    """A table heading whose years are not the years its values belong to (BC03's Tabel A-C),
    or whose price level is not the proposal's."""
    found = []
    for label, heading, level, actual_years in _all_stated_tables(proposal):
        actual = sorted(actual_years)
        if heading is not None and heading != actual:
            span = f"{heading[0]}–{heading[-1]}" if heading else "ingen år"
            values_span = f"{actual[0]}–{actual[-1]}" if actual else "ingen"
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "heading-years",
                    label,
                    f"overskriften siger {span}, men tallene hører til {values_span}",
                )
            )
        if level is not None and proposal.price_level is not None and level != proposal.price_level:
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "heading-price-level",
                    label,
                    f"overskriften angiver {level} p/l, men forslaget er i "
                    f"{proposal.price_level} p/l",
                    (Value(None, Decimal(level), Decimal(proposal.price_level)),),
                )
            )
    return found


def claimed_key(proposal: Proposal, context: Context) -> list[Finding]:
    """Fixed split amounts against the key the text says they follow (BC01's floor area)."""
    split = proposal.split
    if split is None or split.fixed is None or split.claimed_key is None:
        return []
    try:
        shares = row_shares(key_shares(split.claimed_key, context.keys), context.registry)
    except KeyProblem:
        return []
    totals = add_series(split.fixed.values())
    by_key = {year: allocate_map(total, shares) for year, total in totals.items()}
    percent = ", ".join(f"{row} {danish(as_decimal(s) * 100, 1)} %" for row, s in shares.items())
    values = tuple(
        Value(year, split.fixed.get(row, {}).get(year, ZERO), by_key[year].get(row, ZERO), row)
        for row in sorted(set(split.fixed) | set(shares), key=context.registry.row_codes.index)
        for year in sorted(totals)
        if split.fixed.get(row, {}).get(year, ZERO) != by_key[year].get(row, ZERO)
    )
    if not values or _severity(values) is Severity.NOTE:
        return []
    return [
        Finding(
            proposal.id,
            Severity.WARNING,
            "claimed-key",
            "Fordeling på udvalg",
            f"de faste beløb følger ikke den nøgle, teksten angiver ({percent}); "
            "dokumentet: de faste beløb, beregnet: fordelt efter nøglen",
            values,
        )
    ]


def fixed_split(proposal: Proposal, context: Context) -> list[Finding]:
    """Fixed split amounts (recorded as printed) that do not add up to the permanent change."""
    split = proposal.split
    if split is None or split.fixed is None:
        return []
    net = add_series(
        line.values for line in proposal.lines if line.section is Section.PERMANENT and line.counts
    )
    values = _compare(add_series(split.fixed.values()), net)
    if not values:
        return []
    return [
        Finding(
            proposal.id,
            _severity(values),
            "fixed-split",
            "Fordeling på udvalg, i alt",
            "de faste beløb summer ikke til forslagets varige ændring "
            "(dokumentet: rækkernes sum; beregnet: den varige ændring)",
            values,
        )
    ]


UNITS = {"1.000 kr.": Decimal(1), "kr.": Decimal("0.001"), "mio. kr.": Decimal(1000)}
UNITS["mia. kr."] = Decimal(1_000_000)


def _claimed_figure(proposal: Proposal, claim: Claim) -> tuple[Decimal | None, str]:
    """What follows from the lines for a claim (in 1.000 kr., or years), and what it is."""
    counted = [line for line in proposal.lines if line.counts or claim.with_memo]
    area = claim.area
    if claim.what is ClaimWhat.INVESTMENT:
        lines = [
            line
            for line in counted
            if line.section is Section.IMPLEMENTATION and (area is None or line.area is area)
        ]
        if claim.year is not None:
            spent = sum((line.value(claim.year) for line in lines), ZERO)
            return spent, f"implementeringsomkostningerne i {claim.year}"
        return sum((sum(line.values.values(), ZERO) for line in lines), ZERO), "investeringen"
    if claim.what is ClaimWhat.SAVING:
        net = add_series(
            line.values
            for line in counted
            if line.section is Section.PERMANENT and (area is None or line.area is area)
        )
        if not net:
            return None, "den varige besparelse"
        last = max(net)
        year = last if claim.year is None or claim.year > last else claim.year
        return -net.get(year, ZERO), f"den varige besparelse i {year}"
    if claim.what is ClaimWhat.PAYBACK:
        bases = [Basis(claim.basis)] if claim.basis else list(Basis)
        results = [compute_payback(proposal, basis).years for basis in bases]
        if claim.value in results:
            return claim.value, "tilbagebetalingstiden"
        first = next((r for r in results if r is not None), None)
        return (None if first is None else Decimal(first)), "tilbagebetalingstiden"
    if claim.what is ClaimWhat.LINE:
        wanted = fold(claim.line or "")
        line = next((x for x in proposal.lines if fold(x.label) == wanted), None)
        if line is None:
            return None, f"linjen {claim.line!r}"
        if claim.year is None:  # the line's total over its years
            return abs(sum(line.values.values(), ZERO)), f"linjen {line.label!r} i alt"
        return abs(line.value(claim.year)), f"linjen {line.label!r} i {claim.year}"
    tentative = proposal.tentative
    if tentative is None or tentative.potential_saving is None:
        return None, "det potentielle provenu"
    potential = abs(tentative.potential_saving)
    return potential, "det potentielle provenu i den tentative businesscase"


def _holds(claim: Claim, figure: Decimal, low_to: Decimal | None = None) -> tuple[bool, Decimal]:
    """True where the figure, at the claim's unit and precision, is what the text says (or
    within the range it gives); and the figure as the text would print it."""
    if claim.unit == "år":
        shown = figure
    else:
        shown = round_half_away(figure / UNITS[claim.unit], decimal_places(claim.value))
    low, high = sorted((claim.value, claim.value_to or claim.value))
    if low_to is not None:  # a range against a range: both ends
        other = round_half_away(low_to / UNITS[claim.unit], decimal_places(claim.value))
        return (shown, other) == (low, high), shown
    return low <= shown <= high, shown


def claims(proposal: Proposal, context: Context) -> list[Finding]:
    """Figures the text states ("en samlet investering på 9,8 mio. kr.") against what follows
    from the lines, at the precision the text prints."""
    found = []
    for number, claim in enumerate(proposal.stated.claims, start=1):
        figure, what = _claimed_figure(proposal, claim)
        where = f"Teksten{', ' + claim.where if claim.where else ''}"
        if figure is None:
            found.append(
                Finding(
                    proposal.id,
                    Severity.NOTE,
                    "claim",
                    where,
                    f"påstand {number} ({claim.what.value}) kan ikke efterprøves: "
                    f"{what} findes ikke i forslaget",
                )
            )
            continue
        upper = None
        if claim.what is ClaimWhat.POTENTIAL and proposal.tentative is not None:
            upper = proposal.tentative.potential_saving_to
            upper = None if upper is None else abs(upper)
        ok, shown = _holds(claim, figure, upper)
        if ok:
            continue
        unit = "" if claim.unit == "år" else f" {claim.unit}"
        quoted = f" («{claim.text}»)" if claim.text else ""
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "claim",
                where,
                f"teksten angiver {what} anderledes end tallene{quoted}; enhed:{unit or ' år'}",
                (Value(None, claim.value, shown),),
            )
        )
    return found


def header(proposal: Proposal, context: Context) -> list[Finding]:
    """Header facts left empty: no budget year, no price level ("Angiv p/l"), an unfilled
    "Fremstillende forvaltning"; never guessed, always said."""
    found = []
    missing = [
        (proposal.budget, "Budgetår", "forslaget angiver intet budgetår"),
        (proposal.price_level, "Angiv p/l", "pris- og lønniveau er ikke angivet"),
        (
            proposal.administration,
            "Fremstillende forvaltning",
            'fremstillende forvaltning er ikke udfyldt ("Vælg forvaltning")'
            if proposal.administration_unfilled
            else "fremstillende forvaltning er ikke angivet",
        ),
    ]
    for value, where, message in missing:
        if value is None:
            found.append(Finding(proposal.id, Severity.WARNING, "header", where, message))
    return found


def _split_rows(proposal: Proposal, context: Context) -> set[str]:
    """The committees (rows, group units folded into ØU) that get a share of the split."""
    registry = context.registry
    rows: set[str] = set()
    split = proposal.split
    if split is not None and split.fixed is not None:
        rows |= {code for code, values in split.fixed.items() if any(values.values())}
    else:
        rows |= set(proposal_shares(proposal, context.keys, registry))
        for shares in target_shares(proposal, context.keys, registry).values():
            rows |= set(shares)
        costs = split.costs if split is not None else None
        rows |= {t for t in (costs, *(x.split for x in proposal.lines)) if t in registry.row_codes}
    folded = set()
    for code in rows:
        row = registry.any_row(code)
        folded.add(row.collapse_into or code if row is not None else code)
    return folded


def affected(proposal: Proposal, context: Context) -> list[Finding]:
    """An administration whose committee gets a share of the split but is not ticked under
    "Berørte forvaltninger", and a ticked one whose committee gets none."""
    if proposal.affected is None:
        return []
    registry = context.registry
    try:
        split_rows = _split_rows(proposal, context)
    except KeyProblem:
        return []
    ticked = {registry.administration(code).row: code for code in proposal.affected}  # type: ignore[union-attr]
    found = []
    names = [_row_name(r, registry) for r in registry.row_codes if r in split_rows - set(ticked)]
    if names:
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "affected",
                "Berørte forvaltninger",
                "får en andel af fordelingen, men forvaltningen er ikke krydset af: "
                + ", ".join(names),
            )
        )
    own = registry.administration(proposal.administration or "")
    unused = [
        ticked[r] for r in ticked if r not in split_rows and (own is None or ticked[r] != own.code)
    ]
    if unused:
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "affected",
                "Berørte forvaltninger",
                "krydset af, men udvalget får ingen andel af fordelingen: " + ", ".join(unused),
            )
        )
    return found


SAVING_WORDS = ("besparelse", "effektivisering", "gevinst", "mindreudgift")


def _looks_like_saving(line: Line) -> bool:
    label = line.label.casefold()
    return any(word in label for word in SAVING_WORDS)


def signs(proposal: Proposal, context: Context) -> list[Finding]:
    """Amounts whose sign cannot be right: a negative implementation cost, a saving with a plus
    sign."""
    found = []
    for line in proposal.lines:
        if line.section is Section.IMPLEMENTATION and any(v < 0 for v in line.values.values()):
            found.append(
                Finding(
                    proposal.id,
                    Severity.ERROR,
                    "sign",
                    f"Implementeringsomkostninger, {line.label}",
                    "en implementeringsomkostning er negativ (omkostninger angives med +)",
                )
            )
        if (
            line.section is Section.PERMANENT
            and _looks_like_saving(line)
            and any(v > 0 for v in line.values.values())
        ):
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "sign",
                    f"Varige ændringer, {line.label}",
                    "en besparelse står med positivt fortegn (besparelser angives med -)",
                )
            )
    return found


ALLOWED_POOLS = {
    Kind.INVESTMENT: {PoolName.INVESTMENT, PoolName.NONE},
    Kind.INNOVATION: {PoolName.INNOVATION, PoolName.NONE},
    Kind.EFFICIENCY: {PoolName.NONE},
}


def kind_and_pool(proposal: Proposal, context: Context) -> list[Finding]:
    """An innovation proposal with permanent savings; a proposal asking a pool it cannot ask."""
    found = []
    if proposal.kind is Kind.INNOVATION and any(
        line.section is Section.PERMANENT and line.counts and any(line.values.values())
        for line in proposal.lines
    ):
        found.append(
            Finding(
                proposal.id,
                Severity.WARNING,
                "kind",
                "Varige ændringer",
                "et innovationsforslag har varige ændringer (dem hører hjemme i et senere "
                "investeringsforslag)",
            )
        )
    if proposal.pool not in ALLOWED_POOLS[proposal.kind]:
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "pool",
                "Pulje",
                f"et {proposal.kind.value}sforslag kan ikke søge {proposal.pool.value}spuljen",
            )
        )
    return found


def inline_key_percent(proposal: Proposal, context: Context) -> list[Finding]:
    """A proposal's own key printed only as percentages (split.key = { percent = ... }) whose
    percentages do not add up to 100 %."""
    split = proposal.split
    if split is None or isinstance(split.key, str) or split.key is None:
        return []
    if not split.key.percent:
        return []
    found = _percent_sum(proposal.id, split.key.percent, "Fordelingsnøgle (procent), i alt")
    return found


PROPOSAL_RULES: tuple[Rule, ...] = (
    stated_totals,
    stated_paybacks,
    other_tables,
    technical_tables,
    committee_tables,
    row_set,
    heading_years,
    claimed_key,
    fixed_split,
    inline_key_percent,
    claims,
    header,
    affected,
    signs,
    kind_and_pool,
)


def check_proposal(proposal: Proposal, context: Context) -> list[Finding]:
    return [finding for rule in PROPOSAL_RULES for finding in rule(proposal, context)]


def keys_to_check(
    keys: Mapping[str, Key],
    proposals: Iterable[Proposal],
    skip_unused: Iterable[str] = (),
    registry: Registry | None = None,
) -> list[Key]:
    """The keys `check` reviews: all, except those in `skip_unused` (the keys kkinvest ships,
    when the user gives a catalogue of their own; or every key, for one budget year) that none
    of `proposals` uses — directly, as part of a composite key, for its costs or for a line."""
    proposals = list(proposals)
    used = set(key_users(proposals, keys))
    for proposal in proposals:
        for name in target_shares_names(proposal, registry):
            try:
                used.add(find_key(name, keys, proposal.budget).name)
            except KeyProblem:
                continue
    skip = set(skip_unused)
    return [key for name, key in keys.items() if name in used or name not in skip]


def target_shares_names(proposal: Proposal, registry: Registry | None) -> list[str]:
    """The key names a proposal sends costs or lines to."""
    named = [line.split for line in proposal.lines if line.split is not None]
    if proposal.split is not None and proposal.split.costs is not None:
        named.append(proposal.split.costs)
    return [n for n in named if n != "key" and (registry is None or registry.row(n) is None)]


def _percent_sum(subject: str, percents: Mapping[str, Decimal], where: str) -> list[Finding]:
    """Printed percentages that do not add up to 100 % (a note within rounding)."""
    printed = sum(percents.values(), ZERO)
    if printed == 100:
        return []
    places = max(decimal_places(v) for v in percents.values())
    slack = Decimal(len(percents)) * Decimal("0.5").scaleb(-places)
    severity = Severity.NOTE if abs(printed - 100) <= slack else Severity.ERROR
    return [
        Finding(
            subject,
            severity,
            "key-percent",
            where,
            "de trykte procenter summer ikke til 100 %",
            (Value(None, printed, Decimal(100)),),
        )
    ]


def _unit_name(code: str, registry: Registry) -> str:
    admin = registry.administration(code)
    if admin is not None:
        return admin.code
    return _row_name(code, registry)


def check_key(key: Key, keys: Mapping[str, Key], registry: Registry) -> list[Finding]:
    """Printed percentages that do not add up to 100 %, or do not match the key's weights; a
    key given only as percentages that do not add up. Every finding names its rows."""
    subject = f"Nøgle {key.name}"
    found = []
    if key.percent:
        found.extend(_percent_sum(subject, key.percent, "Procentvis fordeling (vægtene), i alt"))
    if key.stated_percent:
        places = max(decimal_places(v) for v in key.stated_percent.values())
        found.extend(_percent_sum(subject, key.stated_percent, "Procentvis fordeling, i alt"))
        shares = key_shares(key, keys)
        exact = {
            code: round_half_away(as_decimal(shares.get(code, Fraction(0))) * 100, places)
            for code in key.stated_percent
        }
        wrong = [
            Value(None, percent, exact[code], _unit_name(code, registry))
            for code, percent in key.stated_percent.items()
            if percent != exact[code]
        ]
        if wrong:
            found.append(
                Finding(
                    subject,
                    Severity.ERROR,
                    "key-percent",
                    "Procentvis fordeling",
                    "de trykte procenter passer ikke med nøglens vægte",
                    tuple(wrong),
                )
            )
    if key.stated_total is not None and key.weights is not None:
        total = sum(key.weights.values(), ZERO)
        if total != key.stated_total:
            found.append(
                Finding(
                    subject,
                    Severity.ERROR,
                    "key-total",
                    "I alt",
                    "den trykte sum af vægtene passer ikke",
                    (Value(None, key.stated_total, total),),
                )
            )
    return found


def check_pool(
    ov: Overview, found: Sequence[Discrepancy], notes: Sequence[RoundingNote]
) -> list[Finding]:
    """The pool overview's printed figures against the computed ones (as `kkinvest pool`)."""
    subject = f"Puljeoversigt, budget {ov.budget}"
    result = []
    for d in found:
        stated, computed = _decimal(d.printed), _decimal(d.computed)
        message = "det trykte tal stemmer ikke med det beregnede"
        if d.printed_rows is not None:
            message += f" (de trykte rækker summer til {danish(d.printed_rows, 1)})"
        if isinstance(d.printed, str) or isinstance(d.computed, str):
            message += f": trykt {d.printed}, beregnet {d.computed}"
        result.append(
            Finding(
                subject,
                Severity.ERROR,
                "pool",
                f"{d.table}, {d.row}, {d.column}",
                message,
                (Value(None, stated, computed),),
            )
        )
    for n in notes:
        result.append(
            Finding(
                subject,
                Severity.NOTE,
                "pool-rounding",
                f"{n.table}, I alt, {n.column}",
                f"de trykte rækker summer til {danish(n.printed_rows, 1)}, men totalen "
                f"{danish(n.total, 1)} er den afrundede eksakte sum (en afrundingsdifference)",
            )
        )
    return result


def _decimal(value: Decimal | int | str | None) -> Decimal | None:
    if isinstance(value, int):
        return Decimal(value)
    return value if isinstance(value, Decimal) else None


def check_overview(ov: Overview, pool: Pool) -> list[Finding]:
    found, notes = reconcile(ov, pool)
    return check_pool(ov, found, notes)


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def price_level(proposal: Proposal, context: Context) -> list[Finding]:
    """A proposal must be written in its budget round's price level ("Forslaget skal
    udarbejdes i 2023 p/l"): budget 2023 asks for 2023 p/l. Added last (issue 15)."""
    del context
    if proposal.price_level is None or proposal.budget is None:
        return []  # a missing budget year or p/l is reported by its own rule
    if proposal.price_level == proposal.budget:
        return []
    return [
        Finding(
            proposal.id,
            Severity.ERROR,
            "price_level",
            "Tabel 1, enhed",
            f"Forslaget skal udarbejdes i {proposal.budget} p/l (budget {proposal.budget}); "
            f"det er opgjort i {proposal.price_level} p/l. Omregn med kkinvest show "
            f"{proposal.id} --price-level {proposal.budget} [--index NAVN].",
        )
    ]


PROPOSAL_RULES = (*PROPOSAL_RULES, price_level)
