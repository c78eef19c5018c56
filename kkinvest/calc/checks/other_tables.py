"""Other tables of a proposal (Tabel 2, 3.1, "Serviceinvesteringer i forslaget") against
Tabel 1: each printed line against Tabel 1's line, each total against its own lines and against
Tabel 1's total of the same section and area.

Worked (BC01, seed 000): Tabel 3.1 prints "Energibesparelser" -1.918 a year 2024-2028 where
Tabel 1 has -1.898: a fejl with forskel -20.
"""

from __future__ import annotations

from collections.abc import Sequence

from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Severity,
    compare,
    severity_of,
)
from kkinvest.model import (
    Area,
    Line,
    OtherTable,
    Proposal,
    Section,
    StatedLine,
)
from kkinvest.money import ZERO, add_series
from kkinvest.registry import fold


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
    own lines, and against Tabel 1's total of the same section and area in every year both
    have — whatever its lines do (a line that differs and a total that differs are two
    figures the reader meets, BC01's Tabel 3.1)."""
    found = []
    for table in proposal.stated.tables:
        section, area = _section_and_area(table)
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
            values = compare(printed.values, line.values)
            if values:
                message = (
                    "linjen står med andre tal end i Tabel 1 (dokumentet: denne tabel; "
                    "beregnet: Tabel 1)"
                )
                if how:
                    message += f"; i Tabel 1 hedder den {line.label!r}"
                found.append(
                    Finding(proposal.id, severity_of(values), "same-line", where, message, values)
                )
        if table.total is None:
            continue
        where = f"{table.title}, {table.total_label or 'total'}"
        found.extend(_total_label_area(proposal, table, where))
        values = compare(table.total, add_series(p.values for p in table.lines))
        if values and table.lines:
            message = "tabellens total stemmer ikke med summen af dens linjer"
            found.append(
                Finding(proposal.id, severity_of(values), "totals", where, message, values)
            )
        if section is None:
            continue
        tabel_1 = add_series(
            line.values
            for line in proposal.lines
            if line.section is section and line.counts and (area is None or line.area is area)
        )
        years = sorted(set(table.total) & set(tabel_1))
        values = compare(table.total, tabel_1, years)
        if values:
            what = (
                "varige ændringer"
                if section is Section.PERMANENT
                else "implementeringsomkostninger"
            )
            found.append(
                Finding(
                    proposal.id,
                    severity_of(values),
                    "other-total",
                    where,
                    f"totalen stemmer ikke med Tabel 1's {what}"
                    + (f" ({area.value})" if area else "")
                    + " (dokumentet: denne tabel; beregnet: Tabel 1's linjer)",
                    values,
                )
            )
    return found
