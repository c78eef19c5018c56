"""What every check shares: a finding, its severity, the figures it compares, the context.

A rule is `rule(proposal, context) -> list[Finding]`. A `Value` holds the document's figure and
the one that follows from its own lines; a difference of at most 1 everywhere is rounding.

Worked: Value(2025, Decimal(-1025), Decimal(-1024)).difference == -1, and
severity_of([that value]) is Severity.NOTE; with -1.180 against -1.178 it is Severity.ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from kkinvest.calc.keys import (
    proposal_shares,
    target_shares,
)
from kkinvest.calc.tables import KvantumTable, parts, tables
from kkinvest.model import (
    DerivedBlock,
    Key,
    Proposal,
    StatedTable,
)
from kkinvest.model_followup import FollowUpBook
from kkinvest.money import ZERO, decimal_places
from kkinvest.registry import Registry


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
    message: str  # with "{0}", "{1}" ... where `figures` go
    values: tuple[Value, ...] = ()
    figures: tuple[Decimal, ...] = ()  # figures the message names, at their printed precision

    def text(self, write: Callable[[Decimal], str]) -> str:
        """The message with each figure written by `write` (formatting is the renderer's):
        "summer til {0}" with figures (Decimal("26.2"),) and the Danish writer is "summer til
        26,2"."""
        if not self.figures:
            return self.message
        return self.message.format(*(write(figure) for figure in self.figures))


def literal(text: object) -> str:
    """Text from a document inside a message that has figures: its braces kept as printed."""
    return str(text).replace("{", "{{").replace("}", "}}")


class Context:
    """What the checks share: the keys, the registry, and the tables computed so far."""

    def __init__(
        self,
        keys: Mapping[str, Key],
        registry: Registry,
        followup: FollowUpBook | None = None,
        year: int | None = None,
        derived: Sequence[DerivedBlock] = (),
        sources: Mapping[str, str] | None = None,
    ) -> None:
        self.keys = keys
        self.registry = registry
        self.followup = followup
        """Decisions and follow-up reports (kkinvest.calc.checks.followup)."""
        self.year = year
        """The spring status the follow-up is checked for; None: the newest report's year."""
        self.derived = derived
        """An exported workbook's computed blocks with their stamps (kkinvest.calc.checks.stale)."""
        self._derived_by_id: dict[str, list[DerivedBlock]] | None = None
        self.sources: Mapping[str, str] = sources or {}
        """The file each proposal came from, by id, as shown to users (for findings that ask
        the user to fill something in)."""
        self.computed_tables: dict[str, dict[str, KvantumTable]] = {}

    def tables_for(self, proposal: Proposal, exact: bool = False) -> dict[str, KvantumTable]:
        """Tabel A-C at whole thousands, or (`exact`) at exact shares."""
        slot = f"{proposal.id}\x00exact" if exact else proposal.id
        if slot not in self.computed_tables:
            shares = proposal_shares(proposal, self.keys, self.registry)
            targets = target_shares(proposal, self.keys, self.registry)
            self.computed_tables[slot] = tables(proposal, shares, self.registry, targets, exact)
        return self.computed_tables[slot]

    def derived_for(self, proposal_id: str) -> list[DerivedBlock]:
        """The computed blocks with a stamp of this proposal (indexed once: a workbook of
        1.000 proposals has some 3.000 blocks)."""
        if self._derived_by_id is None:
            self._derived_by_id = {}
            for block in self.derived:
                for stamped in block.stamps:
                    self._derived_by_id.setdefault(stamped, []).append(block)
        return self._derived_by_id.get(proposal_id, [])

    def parts_for(
        self, proposal: Proposal, exact: bool
    ) -> dict[str, dict[str, dict[int, Decimal]]]:
        shares = proposal_shares(proposal, self.keys, self.registry)
        targets = target_shares(proposal, self.keys, self.registry)
        return parts(proposal, shares, self.registry, targets, exact)


Rule = Callable[[Proposal, Context], list[Finding]]


def severity_of(values: Iterable[Value], worst: Severity = Severity.ERROR) -> Severity:
    """A difference of at most 1 everywhere is rounding; anything more is `worst`."""
    differences = [v.difference for v in values]
    if all(d is not None and abs(d) <= 1 for d in differences):
        return Severity.NOTE
    return worst


def compare(
    stated: Mapping[int, Decimal],
    computed: Mapping[int, Decimal],
    years: Iterable[int] | None = None,
    row: str | None = None,
) -> tuple[Value, ...]:
    """The years (all of either side's, or `years`) where the two differ, a missing year as
    0; `row` names the row on each value where one finding covers several."""
    chosen = sorted(set(stated) | set(computed)) if years is None else sorted(years)
    return tuple(
        Value(year, stated.get(year, ZERO), computed.get(year, ZERO), row)
        for year in chosen
        if stated.get(year, ZERO) != computed.get(year, ZERO)
    )


def years_text(years: int | None) -> str:
    return "ingen" if years is None else f"{years} år"


def stated_tables(proposal: Proposal) -> list[tuple[str, StatedTable]]:
    pairs = [
        ("A", proposal.stated.tabel_a),
        ("B", proposal.stated.tabel_b),
        ("C", proposal.stated.tabel_c),
    ]
    return [(name, table) for name, table in pairs if table is not None]


def table_label(name: str, stated: StatedTable) -> str:
    """The table as the document names it, and which of A/B/C it is if it names it otherwise."""
    printed = stated.title.split(".")[0].strip() if stated.title else f"Tabel {name}"
    return printed if printed == f"Tabel {name}" else f"{printed} (som Tabel {name})"


def committee_label(stated: StatedTable, number: int) -> str:
    return stated.title or f"Fordeling på udvalg {number}"


Rows = dict[str, dict[int, Decimal]]


def row_name(code: str, registry: Registry) -> str:
    row = registry.any_row(code)
    return row.name if row is not None else code


def percent_sum(
    subject: str,
    where: str,
    percents: Mapping[str, Decimal],
    rule: str,
    worst: Severity,
    what: str = "",
) -> list[Finding]:
    """Printed percentages that do not add up to 100 %: a note within their rounding (each
    off by at most half its last place), else `worst`.

    Worked: nine percentages printed to two decimals may add to 100 ± 9 × 0,005 = 100,045;
    100,01 is a note, 100,10 is not."""
    printed = sum(percents.values(), ZERO)
    if printed == 100:
        return []
    places = max(decimal_places(v) for v in percents.values())
    slack = Decimal(len(percents)) * Decimal("0.5").scaleb(-places)
    severity = Severity.NOTE if abs(printed - 100) <= slack else worst
    return [
        Finding(
            subject,
            severity,
            rule,
            where,
            f"de trykte procenter{what} summer ikke til 100 %",
            (Value(None, printed, Decimal(100)),),
        )
    ]
