"""Tabel 1's own figures against its lines, as they are read: the last stage of reading.

- **Signs.** Savings typed as positive amounts under a savings sub-heading ("Effektiviseringer")
  are settled by the printed totals: where "Samlet varig ændring" (or "Samlet økonomisk
  påvirkning") is what the lines give with those savings negative, and not as typed, they are
  read as savings and a warning says so. Where no printed total settles it, the proposal is
  refused, naming each such line: kkinvest does not guess a sign.
- **Totals.** A printed total that the lines do not give is one warning line naming the total,
  the years and both figures. The lines are what kkinvest computes with; `check` says more.

Worked (TY07): Journalisering 500, 1.500 and Postsortering -, 300 under "Effektiviseringer";
Drift af robot 100, 200 under "Merudgifter"; printed Samlet varig ændring -400, -1.600. As
typed the lines give 600, 2.000; with the two savings negative -400, -1.600: the sign is settled.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from kkinvest.formats.labels import PAYBACK_ROWS, TOTAL_ROWS
from kkinvest.io.recognise.draft import TOTAL_NAMES as TOTALS
from kkinvest.io.recognise.draft import DraftLine, DraftStated, TotalName
from kkinvest.numbers import danish

TOTAL_SECTIONS: dict[TotalName, tuple[str, ...]] = {
    "total_permanent": ("varig",),
    "total_implementation": ("implementering",),
    "total_impact": ("varig", "implementering"),
}
"""Which sections' lines each printed total adds up."""
_SETTLING: tuple[TotalName, ...] = ("total_permanent", "total_impact")
"""The printed totals that may settle the sign of savings typed positive."""
TOTAL_NAMES = TOTAL_ROWS  # the documents' words, one place (formats/labels.py)


def line_sum(lines: list[DraftLine], sections: tuple[str, ...]) -> dict[int, Decimal]:
    """The lines of `sections` added up year by year (lines for information only left out)."""
    total: dict[int, Decimal] = {}
    for line in lines:
        if line.section in sections and not line.memo:
            for year, value in line.values.items():
                total[year] = total.get(year, Decimal(0)) + value
    return total


def same(a: dict[int, Decimal], b: dict[int, Decimal]) -> bool:
    """Whether two series are equal year by year (a year one lacks is 0)."""
    return all(a.get(y, Decimal(0)) == b.get(y, Decimal(0)) for y in set(a) | set(b))


def settle_signs(
    lines: list[DraftLine],
    stated: DraftStated,
    under_savings: dict[int, str],
    places: dict[tuple[Any, ...], str],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Negate the positive lines under a savings heading where the printed totals say so.
    `under_savings`: line index -> the heading. Returns (warnings, problems), each
    (where, message)."""
    positive = [
        i
        for i, heading in under_savings.items()
        if lines[i].values
        and all(v >= 0 for v in lines[i].values.values())
        and any(v > 0 for v in lines[i].values.values())
    ]
    if not positive:
        return [], []
    printed = [
        (name, total) for name in _SETTLING if (total := stated.total(name)) is not None and total
    ]
    flipped = [replace(line) for line in lines]
    for i in positive:
        flipped[i].values = {y: -v for y, v in lines[i].values.items()}
    for name, total in printed:
        as_typed = same(line_sum(lines, TOTAL_SECTIONS[name]), total)
        as_savings = same(line_sum(flipped, TOTAL_SECTIONS[name]), total)
        if as_typed and not as_savings:
            return [], []  # the totals say the positive amounts are costs
        if as_savings and not as_typed:
            for i in positive:
                lines[i].values = flipped[i].values
            names = ", ".join(repr(lines[i].label) for i in positive)
            where = places.get(("lines", positive[0]), "")
            message = (
                f"{names} står med positivt fortegn under {under_savings[positive[0]]!r}; "
                f"{TOTAL_NAMES[name]} viser, at det er besparelser: læst med minus "
                "(skriv besparelser med negativt fortegn)"
            )
            return [(where, message)], []
    problems = [
        (
            places.get(("lines", i), ""),
            f"linjen {lines[i].label!r} står med positivt fortegn under {heading!r}, og "
            "ingen trykt total afgør, om det er en besparelse eller en udgift: skriv "
            "besparelser med negativt fortegn",
        )
        for i, heading in under_savings.items()
        if i in positive
    ]
    return [], problems


def disagreements(
    lines: list[DraftLine], stated: DraftStated, places: dict[tuple[Any, ...], str]
) -> list[tuple[str, str]]:
    """One warning per printed total the lines do not give: (where, message)."""
    warnings = []
    for name in TOTALS:
        sections = TOTAL_SECTIONS[name]
        printed = stated.total(name)
        if not printed:
            continue
        computed = line_sum(lines, sections)
        years = sorted(
            y
            for y in set(printed) | set(computed)
            if printed.get(y, Decimal(0)) != computed.get(y, Decimal(0))
        )
        if not years:
            continue
        shown = "; ".join(
            f"{y}: trykt {danish(printed.get(y, Decimal(0)))}, linjerne giver "
            f"{danish(computed.get(y, Decimal(0)))}"
            for y in years
        )
        where = places.get(("stated", name), "")
        warnings.append(
            (
                where,
                f"{TOTAL_NAMES[name]} stemmer ikke med linjerne ({shown}); "
                "kkinvest regner med linjerne",
            )
        )
    return warnings


PAYBACK_NAMES = {
    "payback_service": PAYBACK_ROWS["service"],
    "payback_total": PAYBACK_ROWS["total"],
    "payback": "Tilbagebetalingstid (Break Even)",
}


def payback_disagreements(
    proposal: Any, places: dict[tuple[Any, ...], str], source: str
) -> list[tuple[str, str]]:
    """The paybacks the document states (its Tabel 1 rows, and "tilbagebetalingstid på N år"
    in its text) against the payback the lines as read give: at most one warning, (where,
    message), naming each stated figure that disagrees and what the lines give. A figure
    stated for both bases (Break Even, or the text) holds if either basis gives it.

    Worked (TY18): investment 1.500 from 2027, savings 100, 800, 1.200: cumulative 100, 900,
    2.100 ≥ 1.500 in year 3 (2029) on both bases; the document prints 2 år on both rows, so
    one warning names both rows: trykt 2 år, linjerne giver 3 år (2029)."""
    from kkinvest.calc.payback import Basis, compute_payback

    computed = {basis.value: compute_payback(proposal, basis) for basis in Basis}

    def given(basis: str) -> str:
        payback = computed[basis]
        if payback.years is None:
            return "ingen tilbagebetaling"
        return f"{payback.years} år ({payback.year})"

    stated = proposal.stated
    wrong: list[tuple[str, str]] = []  # (where, what is printed and what the lines give)
    for basis in ("service", "total"):
        value = getattr(stated, f"payback_{basis}")
        if value is not None and value != computed[basis].years:
            name = f"payback_{basis}"
            wrong.append(
                (
                    places.get(("stated", name), source),
                    f"{PAYBACK_NAMES[name]} er trykt {value} år, linjerne giver {given(basis)}",
                )
            )
    both = f"{given('service')} på serviceeffektivisering og {given('total')} på totaløkonomi"
    if stated.payback is not None and stated.payback not in (p.years for p in computed.values()):
        wrong.append(
            (
                places.get(("stated", "payback"), source),
                f"{PAYBACK_NAMES['payback']} er trykt {stated.payback} år, linjerne giver {both}",
            )
        )
    for claim in stated.claims:
        if claim.what != "payback" or claim.value_to is not None:
            continue
        if claim.value not in (p.years for p in computed.values()):
            where = f"{source}, {claim.where}" if claim.where else source
            wrong.append(
                (where, f"teksten siger {claim.text or claim.value!r}, linjerne giver {both}")
            )
    if not wrong:
        return []
    return [
        (
            wrong[0][0],
            "den angivne tilbagebetalingstid stemmer ikke med linjerne: "
            + "; ".join(what for _, what in wrong)
            + "; kkinvest regner med linjerne",
        )
    ]
