"""Figures the text states against what follows from the lines, at the text's unit and
precision.

Worked (MOBIL-2025, seed 001): "fra 2028 en varig effektivisering på 5,6 mio. kr." against a
permanent saving in 2028 that is 5,1 mio. kr. at one decimal: a fejl with forskel 0,5.
"""

from __future__ import annotations

from decimal import Decimal

from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Severity,
    Value,
    literal,
)
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.model import (
    CLAIM_WORDS,
    Claim,
    ClaimWhat,
    Proposal,
    Section,
)
from kkinvest.money import ZERO, add_series, decimal_places, round_half_away
from kkinvest.registry import fold

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
        year = max(net) if claim.year is None else claim.year
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


def _legible(value: Decimal, places: int) -> Decimal:
    """`value` at the text's precision, or with as many more decimals as it takes to show two
    significant digits: BC11's 1.844 t. kr. against "1844 mio. kr." is 1,8 mio. kr., not 2
    (at whole millions the slip would hide behind the rounding). At most three more."""
    shown = round_half_away(value, places)
    for more in range(places + 1, places + 4):
        if value == 0 or abs(shown) >= 10:
            break
        if shown != 0 and len(shown.as_tuple().digits) >= 2:
            break
        shown = round_half_away(value, more)
    return shown


def claims(proposal: Proposal, context: Context) -> list[Finding]:
    """Figures the text states ("en samlet investering på 9,8 mio. kr.") against what follows
    from the lines, at the precision the text prints; a difference shows the exact figure in
    1.000 kr. too, so a unit slip is seen (BC11: "1844 mio. kr." where the lines give 1.844
    t. kr.). A claim about a year Tabel 1 does not cover is not compared: a note says so (the
    last year's value goes on, but the text may mean another figure)."""
    found = []
    years = proposal.years
    for number, claim in enumerate(proposal.stated.claims, start=1):
        kind = CLAIM_WORDS[claim.what]
        where = f"Teksten{', ' + claim.where if claim.where else ''}"
        if claim.year is not None and years and claim.year not in years:
            found.append(
                Finding(
                    proposal.id,
                    Severity.NOTE,
                    "claim-year",
                    where,
                    f"påstand {number} ({kind}) om {claim.year} er ikke sammenlignet: Tabel 1 "
                    f"dækker {years[0]}–{years[-1]}",
                )
            )
            continue
        figure, what = _claimed_figure(proposal, claim)
        if figure is None:
            found.append(
                Finding(
                    proposal.id,
                    Severity.NOTE,
                    "claim",
                    where,
                    f"påstand {number} ({kind}) kan ikke efterprøves: {what} findes ikke i "
                    "forslaget",
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
        if claim.unit != "år":
            shown = _legible(figure / UNITS[claim.unit], decimal_places(claim.value))
        quoted = f" («{literal(claim.text)}»)" if claim.text else ""
        message = f"teksten angiver {literal(what)} anderledes end tallene{quoted}; enhed: "
        figures: tuple[Decimal, ...] = ()
        if claim.unit == "år":
            message += "år"
        elif claim.unit == "1.000 kr.":
            message += claim.unit
        else:
            message += f"{claim.unit}; tallene giver præcist {{0}} (1.000 kr.)"
            figures = (figure,)
        found.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                "claim",
                where,
                message,
                (Value(None, claim.value, shown),),
                figures,
            )
        )
    return found
