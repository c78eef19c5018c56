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
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from kkinvest.calc.allocation import allocate_map
from kkinvest.calc.keys import KeyProblem, key_shares, proposal_shares, row_shares, target_shares
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.pools import Discrepancy, Overview, RoundingNote, reconcile
from kkinvest.calc.stated import total_differences
from kkinvest.calc.tables import KvantumTable, collapse, tables
from kkinvest.calc.totals import proposal_totals
from kkinvest.labels import PAYBACK_ROWS
from kkinvest.model import Key, Kind, Line, Pool, PoolName, Proposal, Section, StatedTable
from kkinvest.money import ZERO, add_series, as_decimal, round_half_away
from kkinvest.registry import Registry, fold
from kkinvest.render.numbers import danish


class Severity(StrEnum):
    ERROR = "fejl"
    WARNING = "advarsel"
    NOTE = "bemærkning"


@dataclass(frozen=True)
class Value:
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


@dataclass(frozen=True)
class Finding:
    subject: str  # a proposal id, "Nøgle inventar-2018-2019" or "Puljeoversigt, budget 2023"
    severity: Severity
    rule: str
    where: str  # table and row, e.g. "Tabel 1, Samlet økonomisk påvirkning"
    message: str
    values: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Context:
    keys: Mapping[str, Key]
    registry: Registry
    computed_tables: dict[str, dict[str, KvantumTable]] = field(default_factory=dict)

    def tables_for(self, proposal: Proposal) -> dict[str, KvantumTable]:
        if proposal.id not in self.computed_tables:
            shares = proposal_shares(proposal, self.keys, self.registry)
            targets = target_shares(proposal, self.keys, self.registry)
            self.computed_tables[proposal.id] = tables(proposal, shares, self.registry, targets)
        return self.computed_tables[proposal.id]


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
    for d in total_differences(proposal, proposal_totals(proposal)):
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
    """The printed paybacks against the rule's."""
    found = []
    for basis in Basis:
        stated = getattr(proposal.stated, f"payback_{basis.value}")
        computed = compute_payback(proposal, basis).years
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
    return found


def other_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """A line printed in another table with other values than in Tabel 1, and another table's
    total against its own lines."""
    found = []
    tabel_1 = {fold(line.label): line for line in proposal.lines}
    for table in proposal.stated.tables:
        for printed in table.lines:
            line = tabel_1.get(fold(printed.label))
            if line is None:
                continue
            values = _compare(printed.values, line.values)
            if values:
                found.append(
                    Finding(
                        proposal.id,
                        _severity(values),
                        "same-line",
                        f"{table.title}, {printed.label}",
                        "linjen står med andre tal end i Tabel 1 (dokumentet: denne tabel; "
                        "beregnet: Tabel 1)",
                        values,
                    )
                )
        if table.total is not None:
            values = _compare(table.total, add_series(p.values for p in table.lines))
            if values:
                where = f"{table.title}, {table.total_label or 'total'}"
                message = "tabellens total stemmer ikke med summen af dens linjer"
                found.append(
                    Finding(proposal.id, _severity(values), "totals", where, message, values)
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


def _group_units_folded(stated: StatedTable, computed: KvantumTable, registry: Registry) -> bool:
    """True where the document splits Økonomiudvalget's share over the group units but the
    computed table (the key) has nothing there: compare with the group units folded into ØU."""
    units = [row.code for row in registry.rows if row.collapse_into]
    printed = any(any(stated.rows.get(unit, {}).values()) for unit in units)
    mine = any(any(computed.rows.get(unit, {}).values()) for unit in units)
    return printed and not mine


def technical_tables(proposal: Proposal, context: Context) -> list[Finding]:
    """The published Tabel A/B/C against the computed ones: cells (1 off is a rounding note,
    more an error), printed rows against their own printed total (a warning), and the Total row
    against the net change (an error)."""
    found: list[Finding] = []
    stated_tables = _stated_tables(proposal)
    if not stated_tables:
        return found  # nothing published to compare: no need to compute the tables
    computed_tables = context.tables_for(proposal)
    for name, stated in stated_tables:
        computed = computed_tables[name]
        label = _label(name, stated)
        rows = stated.rows
        note = ""
        if stated.collapsed:
            computed = collapse(computed, context.registry)
        elif _group_units_folded(stated, computed, context.registry):
            computed = collapse(computed, context.registry)
            rows = collapse(KvantumTable(name, (), stated.rows), context.registry).rows
            note = (
                " (dokumentet fordeler Økonomiudvalgets andel på koncernenhederne; "
                "sammenlignet samlet)"
            )
        years = sorted(
            {y for values in stated.rows.values() for y in values} | set(stated.total or {})
        )
        for code, printed in rows.items():
            values = _compare(printed, computed.rows.get(code, {}), years)
            if values:
                row_name = context.registry.row_by_code(code).name
                found.append(
                    Finding(
                        proposal.id,
                        _severity(values),
                        "technical-cell",
                        f"{label}, {row_name}",
                        "cellen afviger fra den beregnede fordeling" + note,
                        values,
                    )
                )
        if stated.total is None:
            continue
        total = {y: computed.total.get(y, ZERO) for y in years}
        wrong_total = _compare(stated.total, total, years)
        if wrong_total:
            found.append(
                Finding(
                    proposal.id,
                    Severity.ERROR,
                    "technical-total",
                    f"{label}, Total",
                    "Total-rækken er ikke forslagets varige ændring"
                    if name != "C"
                    else "Total-rækken skal være 0",
                    wrong_total,
                )
            )
        wrong_years = {v.year for v in wrong_total}
        printed_rows = add_series(stated.rows.values())
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


def heading_years(proposal: Proposal, context: Context) -> list[Finding]:
    """A table heading whose years are not the years its values belong to (BC03's Tabel A-C)."""
    found = []
    for name, stated in _stated_tables(proposal):
        if stated.heading_years is None:
            continue
        actual = sorted({y for values in stated.rows.values() for y in values})
        if stated.heading_years != actual:
            heading = f"{stated.heading_years[0]}–{stated.heading_years[-1]}"
            values_span = f"{actual[0]}–{actual[-1]}" if actual else "ingen"
            found.append(
                Finding(
                    proposal.id,
                    Severity.WARNING,
                    "heading-years",
                    _label(name, stated),
                    f"overskriften siger {heading}, men tallene hører til {values_span}",
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


PROPOSAL_RULES: tuple[Rule, ...] = (
    stated_totals,
    stated_paybacks,
    other_tables,
    technical_tables,
    heading_years,
    claimed_key,
    fixed_split,
    signs,
    kind_and_pool,
)


def check_proposal(proposal: Proposal, context: Context) -> list[Finding]:
    return [finding for rule in PROPOSAL_RULES for finding in rule(proposal, context)]


def check_key(key: Key, keys: Mapping[str, Key], registry: Registry) -> list[Finding]:
    """Printed percentages that do not add up to 100 %, or do not match the key's weights."""
    subject = f"Nøgle {key.name}"
    found = []
    if key.stated_percent:
        printed = sum(key.stated_percent.values(), ZERO)
        places = max(-int(v.as_tuple().exponent) for v in key.stated_percent.values())
        if printed != 100:
            value = Value(None, printed, Decimal(100))
            slack = Decimal(len(key.stated_percent)) * Decimal("0.5").scaleb(-places)
            severity = Severity.NOTE if abs(printed - 100) <= slack else Severity.ERROR
            found.append(
                Finding(
                    subject,
                    severity,
                    "key-percent",
                    "Procentvis fordeling, i alt",
                    "de trykte procenter summer ikke til 100 %",
                    (value,),
                )
            )
        shares = key_shares(key, keys)
        exact = {
            code: round_half_away(as_decimal(shares.get(code, Fraction(0))) * 100, places)
            for code in key.stated_percent
        }
        wrong = [
            Value(None, percent, exact[code])
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
