"""Price levels (pris- og lønniveau): converting amounts with a price index.

An index is data with its source and date, given as levels (`{2022: 100, 2023: 104.3}`) or as
growth in % from the year before (`{2023: 4.3}`; the year before the first is 100). An amount
in `a` p/l is `amount * L(b) / L(a)` in `b` p/l. Converted amounts keep their full precision
(28 significant digits): the terminal rounds them when it prints, and a conversion there and
back returns the amounts.

>>> index = PriceIndex("x", "X", levels={2022: Decimal(100), 2023: Decimal("104.3")})
>>> index.factor(2022, 2023)
Decimal('1.043')

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from kkinvest.model import Catalogue, Pool, Proposal

HUNDRED = Decimal(100)


class PriceLevelProblem(ValueError):
    """A conversion that cannot be made (a year the index does not cover, an unknown index)."""


@dataclass(frozen=True)
class PriceIndex:
    name: str
    title: str
    levels: Mapping[int, Decimal] = field(default_factory=dict)
    growth: Mapping[int, Decimal] | None = None  # as given, if given as growth
    source: str = ""
    date: str = ""
    note: str = ""
    default: bool = False

    def level(self, year: int) -> Decimal:
        try:
            return self.levels[year]
        except KeyError:
            years = sorted(self.levels)
            covered = f"{years[0]}-{years[-1]}" if years else "ingen år"
            raise PriceLevelProblem(
                f"indekset {self.name!r} dækker ikke {year} (det dækker {covered})"
            ) from None

    def factor(self, from_year: int, to_year: int) -> Decimal:
        """What an amount in `from_year` p/l is multiplied by to be in `to_year` p/l."""
        if from_year == to_year:
            return Decimal(1)
        return self.level(to_year) / self.level(from_year)


def levels_from_growth(growth: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Levels from growth in % per year; the year before the first is 100. The years must
    follow each other without a gap."""
    years = sorted(growth)
    if not years:
        return {}
    gaps = [year for year in range(years[0], years[-1] + 1) if year not in growth]
    if gaps:
        raise PriceLevelProblem(f"vækst mangler for {', '.join(str(y) for y in gaps)}")
    levels = {years[0] - 1: HUNDRED}
    for year in years:
        levels[year] = levels[year - 1] * (1 + growth[year] / HUNDRED)
    return levels


def find_index(name: str | None, indices: Sequence[PriceIndex]) -> PriceIndex:
    """The index called `name`, or the default one."""
    if name is None:
        default = [index for index in indices if index.default]
        if default:
            return default[-1]
        if len(indices) == 1:
            return indices[0]
        raise PriceLevelProblem("intet standardindeks: angiv --index NAVN (se kkinvest indices)")
    wanted = name.strip().casefold()
    for index in indices:
        if index.name.casefold() == wanted:
            return index
    known = ", ".join(index.name for index in indices) or "ingen"
    raise PriceLevelProblem(f"intet indeks {name!r}; kendte indeks: {known}")


def _not_an_amount(name: str) -> bool:
    """Fields that hold no kroner: keys and their weights, and every printed percentage."""
    return name in ("key", "claimed_key") or "weight" in name or "percent" in name


def _scaled(value: Any, factor: Decimal) -> Any:
    """Every Decimal amount inside `value` multiplied by `factor` (keys, weights and printed
    percentages left as they are; counts, years and paybacks are ints and stay, and so does a
    figure the text states in years)."""
    if isinstance(value, Decimal):
        return value * factor
    if isinstance(value, dict):
        return {k: _scaled(v, factor) for k, v in value.items()}
    if isinstance(value, list):
        return [_scaled(v, factor) for v in value]
    if isinstance(value, BaseModel):
        if getattr(value, "unit", None) == "år":
            return value
        update = {
            name: _scaled(getattr(value, name), factor)
            for name in type(value).model_fields
            if not _not_an_amount(name)
        }
        return value.model_copy(update=update)
    return value


def convert_proposal(proposal: Proposal, index: PriceIndex, to_year: int) -> Proposal:
    """`proposal` with every amount (lines, fixed split, the document's printed figures) in
    `to_year` p/l."""
    if proposal.price_level is None:
        raise PriceLevelProblem(f"{proposal.id} har intet pris- og lønniveau (Angiv p/l er tomt)")
    if proposal.price_level == to_year:
        return proposal
    factor = index.factor(proposal.price_level, to_year)
    converted = _scaled(proposal, factor)
    assert isinstance(converted, Proposal)
    return converted.model_copy(update={"price_level": to_year})


def convert_pool(pool: Pool, index: PriceIndex, to_year: int) -> Pool:
    """The pool's amounts (what is left, the printed overview) in `to_year` p/l."""
    if pool.price_level == to_year:
        return pool
    factor = index.factor(pool.price_level, to_year)
    converted = _scaled(pool, factor)
    assert isinstance(converted, Pool)
    return converted.model_copy(update={"price_level": to_year})


def convert_catalogue(catalogue: Catalogue, index: PriceIndex, to_year: int) -> Catalogue:
    """Every proposal and pool of `catalogue` in `to_year` p/l; a proposal without a price
    level is left as it is (the caller says so)."""
    proposals = tuple(
        p if p.price_level is None else convert_proposal(p, index, to_year)
        for p in catalogue.proposals
    )
    pools = {b: convert_pool(pool, index, to_year) for b, pool in catalogue.pools.items()}
    return catalogue._replace(proposals=proposals, pools=pools)


def mixed_levels(items: Iterable[tuple[str, int | None]]) -> dict[int | None, list[str]]:
    """The names (proposal ids, a pool) per price level, if there is more than one level;
    else {}: amounts of different price levels are never added."""
    by_level: dict[int | None, list[str]] = {}
    for name, level in items:
        by_level.setdefault(level, []).append(name)
    return by_level if len(by_level) > 1 else {}
