"""Keys: printed percentages and sums against the weights, fixed split amounts against the
key the text names, and which keys `check` reviews at all.

Worked (seed 000, BC03 Tabel 6): the furniture key's printed percentages add to 100,01 %, within
rounding of nine rows printed to two decimals (slack 9 × 0,005): a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

from kkinvest.calc.allocation import allocate_map
from kkinvest.calc.checks.base import (
    Context,
    Finding,
    Severity,
    Value,
    compare,
    literal,
    percent_sum,
    row_name,
    severity_of,
)
from kkinvest.calc.keys import (
    KeyProblem,
    find_key,
    key_shares,
    key_users,
    row_shares,
)
from kkinvest.model import (
    Key,
    Proposal,
    Section,
)
from kkinvest.money import ZERO, add_series, as_decimal, decimal_places, round_half_away
from kkinvest.registry import Registry


def claimed_key(proposal: Proposal, context: Context) -> list[Finding]:
    """Fixed split amounts against the key the text says they follow.

    Worked (BC01): floor area KFF 30.634 m², BUF 39.475 m² gives KFU 43,7 % of -1.898 =
    -829 a year; the annex prints -1.020: a warning, "dokumentet -1.020, beregnet -829"."""
    split = proposal.split
    if split is None or split.fixed is None or split.claimed_key is None:
        return []
    try:
        shares = row_shares(key_shares(split.claimed_key, context.keys), context.registry)
    except KeyProblem:
        return []
    totals = add_series(split.fixed.values())
    by_key = {year: allocate_map(total, shares) for year, total in totals.items()}
    percent = ", ".join(f"{literal(row)} {{{n}}} %" for n, row in enumerate(shares))
    figures = tuple(round_half_away(as_decimal(s) * 100, 1) for s in shares.values())
    values = tuple(
        Value(year, split.fixed.get(row, {}).get(year, ZERO), by_key[year].get(row, ZERO), row)
        for row in sorted(set(split.fixed) | set(shares), key=context.registry.row_codes.index)
        for year in sorted(totals)
        if split.fixed.get(row, {}).get(year, ZERO) != by_key[year].get(row, ZERO)
    )
    if not values or severity_of(values) is Severity.NOTE:
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
            figures,
        )
    ]


def fixed_split(proposal: Proposal, context: Context) -> list[Finding]:
    """Fixed split amounts (recorded as printed) that do not add up to the permanent change.

    Worked: KFU -1.020 and BUU -878 add to -1.898, BC01's permanent change: no finding;
    -1.020 and -870 would be an error of 8."""
    split = proposal.split
    if split is None or split.fixed is None:
        return []
    net = add_series(
        line.values for line in proposal.lines if line.section is Section.PERMANENT and line.counts
    )
    values = compare(add_series(split.fixed.values()), net)
    if not values:
        return []
    return [
        Finding(
            proposal.id,
            severity_of(values),
            "fixed-split",
            "Fordeling på udvalg, i alt",
            "de faste beløb summer ikke til forslagets varige ændring "
            "(dokumentet: rækkernes sum; beregnet: den varige ændring)",
            values,
        )
    ]


def inline_key_percent(proposal: Proposal, context: Context) -> list[Finding]:
    """A proposal's own key printed only as percentages (split.key = { percent = ... }) whose
    percentages do not add up to 100 %.

    Worked: { TMF = 50.01, BUF = 49.98 } adds to 99,99: within the rounding of two
    percentages printed to two decimals (2 × 0,005), a note."""
    split = proposal.split
    if split is None or isinstance(split.key, str) or split.key is None:
        return []
    if not split.key.percent:
        return []
    found = percent_sum(
        proposal.id,
        "Fordelingsnøgle (procent), i alt",
        split.key.percent,
        "key-percent",
        Severity.ERROR,
    )
    return found


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


def _unit_name(code: str, registry: Registry) -> str:
    admin = registry.administration(code)
    if admin is not None:
        return admin.code
    return row_name(code, registry)


def _committee_rows_together(
    percents: Mapping[str, Decimal], registry: Registry
) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Printed percentages with a committee's part row ("Beskæftigelses- og
    Integrationsudvalget - EI") added to the committee's own printed figure (BIF or BIU), as
    the key's weights do not say how the committee's share divides; and the name of each.

    Worked: BIF 7,9 and "BIU - EI" 2,1 are compared as BIF 10,0, named "BIF + Beskæftigelses-
    og Integrationsudvalget - EI"."""
    printed: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    parts: list[tuple[str, Decimal]] = []
    for code, percent in percents.items():
        if registry.row(code) is None and registry.administration(code) is None:
            parts.append((code, percent))
        else:
            printed[code] = percent
            names[code] = _unit_name(code, registry)
    for code, percent in parts:
        committee = registry.compared_as(code)
        host = next((c for c in printed if _row_of(c, registry) == committee), committee)
        printed[host] = printed.get(host, ZERO) + percent
        shown = names.get(host, row_name(host, registry))
        names[host] = f"{shown} + {row_name(code, registry)}"
    return printed, names


def _row_of(code: str, registry: Registry) -> str:
    admin = registry.administration(code)
    return admin.row if admin is not None else code


def _share_of(code: str, shares: dict[str, Fraction], registry: Registry) -> Fraction:
    """The key's share of a printed administration or row: its own weight, or for a row the
    key does not name, the shares of the administrations whose row it is."""
    if code in shares or registry.row(code) is None:
        return shares.get(code, Fraction(0))
    return row_shares(shares, registry).get(code, Fraction(0))


def check_key(key: Key, keys: Mapping[str, Key], registry: Registry) -> list[Finding]:
    """Printed percentages that do not add up to 100 %, or do not match the key's weights; a
    key given only as percentages that do not add up. Every finding names its rows.

    Worked (BC03 Tabel 6): the furniture key's printed percentages add to 100,01 %: a note."""
    subject = f"Nøgle {key.name}"
    found = []
    if key.percent:
        found.extend(
            percent_sum(
                subject,
                "Procentvis fordeling (vægtene), i alt",
                key.percent,
                "key-percent",
                Severity.ERROR,
            )
        )
    if key.stated_percent:
        places = max(decimal_places(v) for v in key.stated_percent.values())
        found.extend(
            percent_sum(
                subject,
                "Procentvis fordeling, i alt",
                key.stated_percent,
                "key-percent",
                Severity.ERROR,
            )
        )
        shares = key_shares(key, keys)
        printed, names = _committee_rows_together(key.stated_percent, registry)
        exact = {
            code: round_half_away(as_decimal(_share_of(code, shares, registry)) * 100, places)
            for code in printed
        }
        wrong = [
            Value(None, percent, exact[code], names[code])
            for code, percent in printed.items()
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
