"""Resolve a distribution key to plain shares per administration or per Kvantum row.

A key names its weights per administration or row, gives an equal split over some rows, or
combines other keys with weights ("50 % share of service spending + 50 % share of last year's
administrative saving"). Every form resolves to exact shares (`Fraction`s adding up to 1), and
from there to the Kvantum rows through the registry (ØKF, Borgerrådgiveren and Intern Revision
land in Økonomiudvalget).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from kkinvest.model import Key, KeyWeights, Proposal
from kkinvest.registry import Registry

N = TypeVar("N", Fraction, Decimal)
Shares = dict[str, Fraction]
"""Code (administration or row) -> share; the shares add up to 1."""


class KeyProblem(ValueError):
    """A key that cannot be resolved: unknown name, or composite keys that go round in a circle."""


def find_key(name: str, keys: Mapping[str, Key]) -> Key:
    """The key called `name`, or for a family name (e.g. "intune") the family's newest key."""
    wanted = name.strip().casefold()
    if wanted in keys:
        return keys[wanted]
    family = [key for key in keys.values() if key.family and key.family.casefold() == wanted]
    if family:
        return max(family, key=lambda key: key.date or "")
    names = sorted({*keys, *(k.family for k in keys.values() if k.family)})
    near = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(near)}?" if near else f"known keys: {', '.join(names)}"
    raise KeyProblem(f"unknown key {name!r}; {hint}")


def key_shares(
    key: str | KeyWeights, keys: Mapping[str, Key], _seen: tuple[str, ...] = ()
) -> Shares:
    """Shares per administration or row code, in the order the key gives them."""
    if isinstance(key, str):
        found = find_key(key, keys)
        if found.name in _seen:
            chain = " -> ".join((*_seen, found.name))
            raise KeyProblem(f"composite keys go round in a circle: {chain}")
        return key_shares(found, keys, (*_seen, found.name))
    given = key.given_weights  # weights, or a key printed only as percentages
    if given is not None:
        weights = {code: Fraction(w) for code, w in given.items()}
    elif key.equal is not None:
        weights = dict.fromkeys(key.equal, Fraction(1))
    else:
        weights = {}
        assert key.parts is not None
        total_part = sum(Fraction(part.weight) for part in key.parts)
        for part in key.parts:
            for code, share in key_shares(part.key, keys, _seen).items():
                weight = share * Fraction(part.weight) / total_part
                weights[code] = weights.get(code, Fraction(0)) + weight
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items()}


def by_row(values: Mapping[str, N], registry: Registry) -> dict[str, N]:
    """Values per administration or row, added up per Kvantum row in the rows' order:
    administrations land in their committee's row (ØKF, Borgerrådgiveren, Intern Revision in
    Økonomiudvalget)."""
    rows: dict[str, N] = {}
    for code, value in values.items():
        admin = registry.administration(code)
        row = admin.row if admin is not None else registry.row_by_code(code).code
        rows[row] = rows[row] + value if row in rows else value
    return {row: rows[row] for row in registry.row_codes if row in rows}


def row_shares(shares: Shares, registry: Registry) -> Shares:
    """Shares per Kvantum row, in the rows' order."""
    return by_row(shares, registry)


def administration_shares(shares: Shares, registry: Registry) -> Shares:
    """Shares per administration (rows given directly stay rows), in the registry's order."""
    order = [*registry.administration_codes(), *registry.row_codes]
    return {code: shares[code] for code in order if code in shares}


def proposal_shares(proposal: Proposal, keys: Mapping[str, Key], registry: Registry) -> Shares:
    """The row shares a proposal's savings are split by: its key, else its own committee."""
    if proposal.split is None or proposal.split.key is None:
        return {proposal.committee: Fraction(1)}
    return row_shares(key_shares(proposal.split.key, keys), registry)


def target_shares(
    proposal: Proposal, keys: Mapping[str, Key], registry: Registry
) -> dict[str, Shares]:
    """Row shares of every named key the proposal sends costs or lines to (`costs = "name"`,
    a line's `split = "name"`)."""
    named = [line.split for line in proposal.lines if line.split is not None]
    if proposal.split is not None and proposal.split.costs is not None:
        named.append(proposal.split.costs)
    return {
        name: row_shares(key_shares(name, keys), registry)
        for name in named
        if name != "key" and registry.row(name) is None
    }
