"""JSON for machines. Every amount, share and percentage is a JSON number written exactly as
its Decimal reads (`-579.4`, `2650`, `0.141`), never a string and never through a binary float.

The standard library's encoder only writes numbers from ints and floats, so `plain` stands in
each Decimal for a marked string and `dumps` puts the number in its place afterwards: the
marks are NUL characters, which no text kkinvest reads may contain (the model refuses control
characters), so a title cannot be taken for a number.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from kkinvest.calc.payback import Payback
from kkinvest.calc.pools import Discrepancy, Overview, RoundingNote
from kkinvest.calc.stated import Difference
from kkinvest.calc.totals import Totals
from kkinvest.model import Pool, Proposal
from kkinvest.money import to_millions

_MARK = "\x00"
_MARKED = re.compile(r'"\\u0000(-?[0-9][0-9.E+-]*)\\u0000"')


def number(value: Decimal) -> str:
    """A Decimal as a JSON number's text: exactly its digits ("-0" as "0")."""
    if not value.is_finite():
        raise ValueError(f"{value} kan ikke skrives som et JSON-tal")
    text = str(value)
    return "0" if text in ("-0", "0E+0") else text


def plain(value: Any) -> Any:
    """`value` with Decimals (as marked numbers), Fractions (as 6-decimal numbers), enums,
    named tuples, dataclasses and models turned into JSON types."""
    if isinstance(value, Decimal):
        return _MARK + number(value) + _MARK
    if isinstance(value, Fraction):
        from kkinvest.money import as_decimal, round_half_away

        return plain(round_half_away(as_decimal(value), 6))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a named tuple: an object
        return plain(value._asdict())
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if hasattr(value, "model_dump"):
        return plain(value.model_dump())
    return value


def dumps(value: Any) -> str:
    """Compact JSON on one line (`| jq .` to read it): the C encoder, fast for 10.000
    proposals, is only used without indentation."""
    text = json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(r"\1", text)


def payback_data(proposal: Proposal, payback: Payback, reason_text: str | None) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "basis": payback.basis,
        "payback_years": payback.years,
        "payback_year": payback.year,
        "no_payback_reason": payback.reason,
        "no_payback_text": reason_text,
        "investment": payback.investment,
        "first_year": payback.first_year,
        "left_out": [{"label": line.label, "values": line.values} for line in payback.left_out],
        "stated_payback": getattr(proposal.stated, f"payback_{payback.basis.value}"),
        "table": [
            {
                "number": row.number,
                "year": row.year,
                "investment": row.investment,
                "cumulative_investment": row.cumulative_investment,
                "saving": row.saving,
                "cumulative_saving": row.cumulative_saving,
                "balance": row.balance,
                "extrapolated": row.extrapolated,
            }
            for row in payback.table
        ],
    }


def totals_data(totals: Totals) -> dict[str, Any]:
    return {
        "total_permanent": totals.permanent,
        "total_implementation": totals.implementation,
        "total_impact": totals.impact,
        "investment": totals.investment,
        "full_phase_in_saving": totals.full_phase_in_saving,
    }


def differences_data(differences: list[Difference]) -> list[dict[str, Any]]:
    return [plain(d) for d in differences]


def pool_data(
    ov: Overview, pool: Pool | None, found: list[Discrepancy], notes: list[RoundingNote]
) -> dict[str, Any]:
    """The overview in thousands of kroner (exact) and mio. kr. (as the overview rounds)."""
    columns = ("service", "capital", "savings_service", "savings_transfers")
    return {
        "budget": ov.budget,
        "unit": "1.000 kr.; *_mio fields in mio. kr. rounded to one decimal",
        "tabel_1": [
            {
                "committee": r.committee,
                "investment_count": r.investment_count,
                "innovation_count": r.innovation_count,
                "investment": r.investment,
                "investment_mio": to_millions(r.investment),
                "savings": r.savings,
                "savings_mio": to_millions(r.savings),
            }
            for r in ov.committees
        ],
        "tabel_2": [
            {"id": r.proposal.id, "committee": r.proposal.committee, "payback": r.payback}
            | {c: getattr(r, c) for c in columns}
            | {f"{c}_mio": to_millions(getattr(r, c)) for c in columns}
            for r in ov.investment
        ],
        "tabel_2_total": {c: ov.total(c) for c in columns}
        | {f"{c}_mio": to_millions(ov.total(c)) for c in columns},
        "tabel_3": [
            {"id": r.proposal.id, "committee": r.proposal.committee, "amount": r.amount}
            | {"amount_mio": to_millions(r.amount)}
            | {"potential_saving": r.proposal.potential_saving}
            for r in ov.innovation
        ],
        "tabel_3_total": ov.innovation_total,
        "asked": ov.asked,
        "asked_mio": to_millions(ov.asked),
        "remaining": ov.remaining,
        "left_after": ov.left_after,
        "left_after_mio": None if ov.left_after is None else to_millions(ov.left_after),
        "has_pool_data": pool is not None,
        "differences": [plain(d) for d in found],
        "rounding_notes": [plain(n) for n in notes],
    }
