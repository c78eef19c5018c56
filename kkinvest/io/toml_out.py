"""Write a proposal as TOML (with tomli-w), in the same shape `toml_in` reads.

Whole amounts are written as integers (`-1898`, not `-1898.0`), years as table keys, and fields
that hold their default are left out, so a written file reads like a hand-written one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import tomli_w

from kkinvest.io.toml_in import thousands_trap
from kkinvest.model import Pool, Proposal

_FOUR = Decimal("0.0001")
TOP_LEVEL = ("id", "title", "kind", "budget", "price_level", "committee", "administration", "pool")


def _plain(value: Any) -> Any:
    """TOML-ready: integral Decimals as int, int keys as strings, enums as their values."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        if thousands_trap(value):  # toml_in refuses "-1.500": write "-1.5", or "-1.2340"
            shorter = value.normalize()
            return shorter if shorter.as_tuple().exponent != -3 else value.quantize(_FOUR)
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, bool | int | str):
        return value.value
    return value


def proposal_data(proposal: Proposal) -> dict[str, Any]:
    """The proposal as a TOML-ready dict, fields in the documented order."""
    dumped = proposal.model_dump(mode="python", exclude_defaults=True)
    if proposal.administration_unfilled:  # as printed: the drop-down never filled in
        dumped["administration"] = "Vælg forvaltning"
    ordered = {name: dumped[name] for name in TOP_LEVEL if name in dumped}
    for name in (
        "source",
        "affected",
        "funds_from",
        "summary",
        "row_set",
        "tentative",
        *ECONOMICS[:3],
    ):
        if name in dumped:
            ordered[name] = dumped[name]
    ordered["lines"] = dumped["lines"]
    for name in ("split", "stated", "risks"):
        if dumped.get(name):
            ordered[name] = dumped[name]
    return _plain(ordered)  # type: ignore[no-any-return]


ECONOMICS = ("lifetime", "lifetime_source", "risk_assessment", "risks")
"""The fields `sensitivity` reads beyond Tabel 1: the asset's lifetime and the risks."""
EXTRA_FIELDS = (
    "affected",
    "funds_from",
    "summary",
    "row_set",
    "tentative",
    "split",
    "stated",
    *ECONOMICS,
)
"""What a proposal sheet keeps in its "Øvrige oplysninger" block (as TOML)."""


def extra_data(proposal: Proposal) -> dict[str, Any]:
    """What a proposal sheet does not show in its Tabel 1: the header facts beyond it, the
    split and the stated figures."""
    data = proposal_data(proposal)
    return {name: data[name] for name in EXTRA_FIELDS if name in data}


def dumps_proposal(proposal: Proposal) -> str:
    return tomli_w.dumps(proposal_data(proposal))


def dumps_pool(pool: Pool) -> str:
    """A pool file: one [pool] table, as `io/catalogue.py` reads it."""
    return tomli_w.dumps({"pool": _plain(pool.model_dump(mode="python", exclude_defaults=True))})


def dumps(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data)
