"""Tabel 1 against itself: its printed totals and paybacks, and amounts whose sign cannot be
right.

Worked (BC07, seed 000): Tabel 1 prints -800 as "Samlet økonomisk påvirkning" for 2025, where
its lines give 3.800 - 3.000 = +800: a fejl, "dokumentet -800, beregnet 800, forskel -1.600".
"""

from __future__ import annotations

from decimal import Decimal

from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Severity,
    Value,
    severity_of,
    years_text,
)
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.stated import area_total_differences, total_differences
from kkinvest.calc.totals import proposal_totals
from kkinvest.formats.labels import PAYBACK_ROWS
from kkinvest.model import (
    Line,
    Proposal,
    Section,
)


def stated_totals(proposal: Proposal, context: Context) -> list[Finding]:
    """Tabel 1's printed totals rows against the sums of the document's own lines.

    Worked (BC07): "Samlet økonomisk påvirkning" 2026 is printed -2.200; its lines give
    -2.100: an error of -100 (a difference of 1, a note)."""
    by_row: dict[str, list[Value]] = {}
    differences = total_differences(proposal, proposal_totals(proposal))
    for d in differences + area_total_differences(proposal):
        by_row.setdefault(d.label, []).append(Value(d.year, d.stated, d.computed))
    return [
        Finding(
            proposal.id,
            severity_of(values),
            "totals",
            f"Tabel 1, {label}",
            "den trykte total stemmer ikke med summen af linjerne",
            tuple(values),
        )
        for label, values in by_row.items()
    ]


def stated_paybacks(proposal: Proposal, context: Context) -> list[Finding]:
    """The printed paybacks against the rule's; one payback printed for both bases ("Break
    Even") is right if either basis gives it, and reported once if neither does.

    Worked (seed 001, mobile devices): 6 years printed; investment 8.100 against savings 0,
    1.895, 3.791, 3.791 is reached in year 4 (2027): an error on each basis."""
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
            f"{years_text(service)} på serviceeffektivisering og {years_text(total)} "
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


SAVING_WORDS = ("besparelse", "effektivisering", "gevinst", "mindreudgift")


def _looks_like_saving(line: Line) -> bool:
    label = line.label.casefold()
    return any(word in label for word in SAVING_WORDS)


def signs(proposal: Proposal, context: Context) -> list[Finding]:
    """Amounts whose sign cannot be right: a negative implementation cost, a saving with a plus
    sign.

    Worked: an implementation line of -300 is an error; "Besparelse på porto" of +200 a
    warning."""
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
