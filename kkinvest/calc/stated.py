"""Compare the figures a document prints (`[stated]`) with those that follow from its lines.

Never used to compute anything: the computed figure is the answer, the stated one is shown
beside it where they differ.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from kkinvest.calc.payback import Basis, Payback
from kkinvest.calc.totals import Totals
from kkinvest.formats.labels import PAYBACK_ROWS, TOTAL_ROWS
from kkinvest.model import Proposal
from kkinvest.money import ZERO


class Difference(NamedTuple):
    field: str  # e.g. "total_impact" or "payback_service"
    label: str  # the row as the document names it
    year: int | None  # None for a payback
    stated: Decimal | None
    computed: Decimal | None


def total_differences(proposal: Proposal, totals: Totals) -> list[Difference]:
    """Per totals row and year, where the printed total differs from the sum of the lines."""
    found = []
    for field, label in TOTAL_ROWS.items():
        stated = getattr(proposal.stated, field)
        if stated is None:
            continue
        computed: dict[int, Decimal] = getattr(totals, field.removeprefix("total_"))
        for year in sorted(stated):  # a blank cell is no value: only the years printed
            printed, summed = stated[year], computed.get(year, ZERO)
            if printed != summed:
                found.append(Difference(field, label, year, printed, summed))
    return found


def area_total_differences(proposal: Proposal) -> list[Difference]:
    """Per totals row printed once per area ("Samlet varig ændring | Overførsler"), where it
    differs from the sum of that area's lines; only the years the row prints."""
    from kkinvest.calc.totals import sum_by_year
    from kkinvest.formats.labels import AREA_LABELS
    from kkinvest.model import Section

    sections = {
        "total_permanent": (Section.PERMANENT,),
        "total_implementation": (Section.IMPLEMENTATION,),
        "total_impact": (Section.PERMANENT, Section.IMPLEMENTATION),
    }
    found = []
    for field, by_area in proposal.stated.area_totals.items():
        for area, stated in by_area.items():
            computed = sum_by_year(
                line
                for line in proposal.lines
                if line.counts and line.area == area and line.section in sections[field]
            )
            label = f"{TOTAL_ROWS[field]}, {AREA_LABELS[area].lower()}"
            for year in sorted(stated):
                printed, summed = stated[year], computed.get(year, ZERO)
                if printed != summed:
                    found.append(
                        Difference(f"area_totals.{field}.{area}", label, year, printed, summed)
                    )
    return found


def payback_differences(proposal: Proposal, paybacks: dict[Basis, Payback]) -> list[Difference]:
    """Where the printed payback differs from the rule's (None where the rule gives none)."""
    found = []
    for basis, payback in paybacks.items():
        stated = getattr(proposal.stated, f"payback_{basis.value}")
        if stated is None or stated == payback.years:
            continue
        computed = None if payback.years is None else Decimal(payback.years)
        found.append(
            Difference(
                f"payback_{basis.value}", PAYBACK_ROWS[basis], None, Decimal(stated), computed
            )
        )
    return found


def differing_only(proposal: Proposal, paybacks: dict[Basis, Payback]) -> Proposal:
    """The proposal with only the printed totals and paybacks that differ from those that
    follow from its lines (the figures a workbook's Note column shows as "trykt i
    dokumentet"). A printed figure that agreed is not shown on the sheet, so a workbook must
    not carry it hidden: after the user edits a line it would come back as the document's
    figure and contradict the sheet."""
    from kkinvest.calc.totals import proposal_totals

    stated = proposal.stated
    changes: dict[str, object] = {}
    differing = total_differences(proposal, proposal_totals(proposal))
    for field in TOTAL_ROWS:
        series = getattr(stated, field)
        if series is not None:
            years = {d.year for d in differing if d.field == field}
            changes[field] = {y: v for y, v in series.items() if y in years} or None
    area_found = area_total_differences(proposal)
    area = {d.field for d in area_found}
    area_years = {(d.field, d.year) for d in area_found}
    kept_areas: dict[str, dict[object, dict[int, Decimal]]] = {}
    for field, by_area in stated.area_totals.items():
        for where, series in by_area.items():
            key = f"area_totals.{field}.{where}"
            if key in area:
                kept = {y: v for y, v in series.items() if (key, y) in area_years}
                kept_areas.setdefault(field, {})[where] = kept
    changes["area_totals"] = kept_areas
    for basis, payback in paybacks.items():
        field = f"payback_{basis.value}"
        if getattr(stated, field) == payback.years:
            changes[field] = None
    if stated.payback is not None and stated.payback in {p.years for p in paybacks.values()}:
        changes["payback"] = None
    return proposal.model_copy(update={"stated": stated.model_copy(update=changes)})
