"""JSON for machines. Amounts are numbers in thousands of kroner: whole amounts as integers,
others as decimal strings (JSON numbers would pass through binary floats)."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from kkinvest.calc.payback import Payback
from kkinvest.calc.stated import Difference
from kkinvest.calc.totals import Totals
from kkinvest.model import Proposal


def plain(value: Any) -> Any:
    """`value` with Decimals, enums, dataclasses and models turned into JSON types."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if hasattr(value, "model_dump"):
        return plain(value.model_dump())
    return value


def dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, indent=2)


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
