"""Resolve a distribution key to plain shares per administration or per Kvantum row.

A key names its weights per administration or row, gives an equal split over some rows, or
combines other keys with weights ("50 % share of service spending + 50 % share of last year's
administrative saving"). Every form resolves to exact shares (`Fraction`s adding up to 1), and
from there to the Kvantum rows through the registry (ØKF, Borgerrådgiveren and Intern Revision
land in Økonomiudvalget).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, TypeVar

from kkinvest.model import Key, KeyWeights, Proposal
from kkinvest.registry import Registry

N = TypeVar("N", Fraction, Decimal)
Shares = dict[str, Fraction]
"""Code (administration or row) -> share; the shares add up to 1."""


class KeyProblem(ValueError):
    """A key that cannot be resolved: unknown name, or composite keys that go round in a circle."""


def find_key(name: str, keys: Mapping[str, Key], budget: int | None = None) -> Key:
    """The key called `name`, or for a family name (e.g. "intune") the family's key for a
    budget: the newest dated before the budget year begins (budget 2023 -> intune-2022, the
    June 2023 count did not exist yet); without a budget year, the family's newest."""
    wanted = name.strip().casefold()
    if wanted in keys:
        return keys[wanted]
    family = [key for key in keys.values() if key.family and key.family.casefold() == wanted]
    if family:
        if budget is None:
            return max(family, key=lambda key: key.date or "")
        before = [key for key in family if (key.date or "") < f"{budget}-01-01"]
        if not before:
            dated = ", ".join(f"{k.name} ({k.date})" for k in family)
            raise KeyProblem(
                f"nøglefamilien {name!r} har ingen nøgle dateret før budget {budget} begynder "
                f"({dated}); skriv nøglens fulde navn"
            )
        return max(before, key=lambda key: key.date or "")
    names = sorted({*keys, *(k.family for k in keys.values() if k.family)})
    near = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    hint = f"mente du {' eller '.join(near)}? " if near else ""
    raise KeyProblem(f"ukendt nøgle {name!r}; {hint}kendte nøgler: {', '.join(names)}")


def family_rule(name: str, key: Key, budget: int | None) -> str:
    """How a key name was resolved, for the user: "intune-2022" or "intune-2022 (nøglefamilien
    intune: den nyeste nøgle dateret før budget 2023)"."""
    if name.strip().casefold() == key.name:
        return key.name
    when = f"dateret før budget {budget}" if budget is not None else "i kataloget"
    return f"{key.name} (nøglefamilien {name.strip()}: den nyeste nøgle {when})"


MAX_DEPTH = 20
"""Composite keys may nest this deep: the documents' deepest is 2."""


def key_shares(
    key: str | KeyWeights,
    keys: Mapping[str, Key],
    _seen: tuple[str, ...] = (),
    budget: int | None = None,
    _done: dict[str, Shares] | None = None,
) -> Shares:
    """Shares per administration or row code, in the order the key gives them. A family name
    resolves by `budget` (see `find_key`).

    Each named key is resolved once per call (a key used by many parts costs no more), and
    nesting deeper than MAX_DEPTH is refused rather than recursed into."""
    done = {} if _done is None else _done
    if isinstance(key, str):
        found = find_key(key, keys, budget)
        if found.name in _seen:
            chain = " -> ".join((*_seen, found.name))
            raise KeyProblem(f"sammensatte nøgler går i ring: {chain}")
        if found.name not in done:
            if len(_seen) >= MAX_DEPTH:
                raise KeyProblem(
                    f"sammensatte nøgler er indlejret mere end {MAX_DEPTH} led dybt: "
                    + " -> ".join((*_seen[:3], "…", found.name))
                )
            done[found.name] = key_shares(found, keys, (*_seen, found.name), budget, done)
        return done[found.name]
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
            for code, share in key_shares(part.key, keys, _seen, budget, done).items():
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
    """The row shares a proposal's savings are split by: its key (a family name resolved by
    the proposal's budget year), else its own committee."""
    if proposal.split is None or proposal.split.key is None:
        return {proposal.proposing_committee: Fraction(1)}
    return row_shares(key_shares(proposal.split.key, keys, budget=proposal.budget), registry)


def target_shares(
    proposal: Proposal, keys: Mapping[str, Key], registry: Registry
) -> dict[str, Shares]:
    """Row shares of every named key the proposal sends costs or lines to (`costs = "name"`,
    a line's `split = "name"`)."""
    named = [line.split for line in proposal.lines if line.split is not None]
    if proposal.split is not None and proposal.split.costs is not None:
        named.append(proposal.split.costs)
    return {
        name: row_shares(key_shares(name, keys, budget=proposal.budget), registry)
        for name in named
        if name != "key" and registry.row(name) is None
    }


def proposal_key(proposal: Proposal, keys: Mapping[str, Key]) -> Key | None:
    """The named key a proposal's savings are split by, or None (inline weights, fixed
    amounts, or everything on its own committee)."""
    if proposal.split is None or not isinstance(proposal.split.key, str):
        return None
    return find_key(proposal.split.key, keys, proposal.budget)


def key_description(proposal: Proposal, keys: Mapping[str, Key]) -> str:
    """The key a proposal's tables use, in words: "Fordelingsnøgle: intune-2023"."""
    split = proposal.split
    if split is None or (split.key is None and not split.fixed):
        return f"Fordelingsnøgle: ingen; alt på {proposal.proposing_committee}."
    if split.fixed:
        return "Fordelingsnøgle: faste beløb pr. udvalg, som dokumentet angiver dem."
    if isinstance(split.key, str):
        found = find_key(split.key, keys, proposal.budget)
        return f"Fordelingsnøgle: {family_rule(split.key, found, proposal.budget)}."
    return "Fordelingsnøgle: forslagets egne vægte."


def key_users(proposals: Iterable[Proposal], keys: Mapping[str, Key]) -> dict[str, list[str]]:
    """Key name -> the ids of the proposals whose split uses it (directly, by family or as part
    of a composite key)."""
    users: dict[str, list[str]] = {}
    for proposal in proposals:
        split = proposal.split
        if split is None or split.key is None or split.fixed:
            continue
        try:
            names = _names_in(split.key, keys, proposal.budget, ())
        except KeyProblem:
            continue
        for name in dict.fromkeys(names):
            users.setdefault(name, []).append(proposal.id)
    return users


class KeyUse(NamedTuple):
    """One use of a key by a proposal: for its savings ("savings"), its costs ("costs") or a
    line's own split ("line", with the line's label)."""

    proposal: str
    use: str
    line: str | None = None


def key_uses(
    proposals: Iterable[Proposal], keys: Mapping[str, Key], registry: Registry
) -> dict[str, list[KeyUse]]:
    """Key name -> every use of it (directly, by family or as part of a composite key).

    Worked: MOBIL-2025 splits its savings by "intune-2023" and its costs by the same key
    (`costs = "key"`): two uses, KeyUse("MOBIL-2025", "savings") and KeyUse("MOBIL-2025",
    "costs"); BC02's costs go to a row (KIT), so intune-2022 has only BC02's savings."""
    uses: dict[str, list[KeyUse]] = {}

    def add(key: str | KeyWeights, use: KeyUse, budget: int | None) -> None:
        try:
            names = _names_in(key, keys, budget, ())
        except KeyProblem:
            return
        for name in dict.fromkeys(names):
            uses.setdefault(name, []).append(use)

    for proposal in proposals:
        split = proposal.split
        own = split.key if split is not None and not split.fixed else None
        if own is not None:
            add(own, KeyUse(proposal.id, "savings"), proposal.budget)
        targets = [(split.costs, KeyUse(proposal.id, "costs"))] if split is not None else []
        targets += [(x.split, KeyUse(proposal.id, "line", x.label)) for x in proposal.lines]
        for target, use in targets:
            if target is None or registry.row(target) is not None:
                continue
            if target == "key":
                if own is not None:
                    add(own, use, proposal.budget)
            else:
                add(target, use, proposal.budget)
    return uses


def _names_in(
    key: str | KeyWeights, keys: Mapping[str, Key], budget: int | None, seen: tuple[str, ...]
) -> list[str]:
    if isinstance(key, str):
        found = find_key(key, keys, budget)
        if found.name in seen:
            return []
        return [found.name, *_names_in(found, keys, budget, (*seen, found.name))]
    return [name for part in key.parts or () for name in _names_in(part.key, keys, budget, seen)]
