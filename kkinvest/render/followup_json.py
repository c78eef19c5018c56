"""`kkinvest status --json` and `kkinvest ledger --json` (schemas in kkinvest/schemas/).
Amounts in 1.000 kr. as exact numbers; a saving is positive in the status."""

from __future__ import annotations

from typing import Any

from kkinvest.calc.followup import StatusRow
from kkinvest.calc.ledger import Ledger
from kkinvest.calc.prices import PriceIndex
from kkinvest.registry.statuses import Statuses
from kkinvest.render.jsonout import plain


def _row(row: StatusRow) -> dict[str, Any]:
    p = row.proposal
    return {
        "id": p.id,
        "title": p.title,
        "committee": p.committee,
        "kind": p.kind.value if p.kind else None,
        "price_level": p.price_level,
        "decisions": [
            {
                "round": d.round,
                "date": d.date.isoformat() if d.date else None,
                "amounts": {pool.value: amount for pool, amount in d.amounts.items()},
                "conditions": d.conditions,
                "source": d.source,
            }
            for d in row.decisions
        ],
        "status": row.status.name,
        "status_title": row.status.title,
        "colour": row.colour,
        "behind_plan": row.behind,
        "status_date": row.status_date.isoformat() if row.status_date else None,
        "status_source": row.status_source,
        "note": row.note,
        "history": [
            {"reported": r.reported.isoformat(), "status": r.status, "source": r.source}
            for r in row.history
        ],
        "years": list(row.years),
        "missing_years": list(row.missing),
        "granted": row.granted,
        "investment_planned": row.investment_planned,
        "spent": row.spent,
        "investment_to_come": row.investment_to_come,
        "saving_planned": row.saving_planned,
        "saving_realised": row.saving_realised,
        "percent_of_plan": row.percent,
        "incorporated": row.incorporated,
        "saving_full": row.saving_full,
        "saving_to_come": row.saving_to_come,
        "payback_planned": row.payback_planned,
        "payback_expected": row.payback_expected,
    }


def status_data(
    rows: list[StatusRow],
    year: int,
    committee: str | None,
    since: int | None,
    statuses: Statuses,
) -> Any:
    return plain(
        {
            "year": year,
            "committee": committee,
            "since": since,
            "statuses_source": statuses.source,
            "annex": [_row(row) for row in rows],
        }
    )


def ledger_data(ledger: Ledger, index: PriceIndex | None) -> Any:
    return plain(
        {
            "pool": ledger.pool.value if ledger.pool else None,
            "price_level": ledger.price_level,
            "index": index.name if index else None,
            "lines": [
                {
                    "date": line.date.isoformat(),
                    "round": line.round,
                    "kind": line.kind,
                    "text": line.text,
                    "pool": line.pool.value if line.pool else None,
                    "amount": line.amount,
                    "amount_price_level": line.price_level,
                    "converted": line.converted,
                    "balance": line.balance,
                    "differs": line.differs,
                    "source": line.source,
                }
                for line in ledger.lines
            ],
            "totals": {
                kind: ledger.total(kind)
                for kind in ("set_aside", "granted", "reserved", "released", "returned")
            },
            "remaining": ledger.remaining,
            "below_zero": ledger.lowest is not None,
            "left_out": len(ledger.left_out),
        }
    )
