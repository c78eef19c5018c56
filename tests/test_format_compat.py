"""Issue 10: every file that loaded before the format grew loads with the same meaning.

`tests/data/catalogue-before-10/` is the built-in catalogue as it was when issue 10 began (users'
catalogues are in git: they must keep loading). Its computed figures (payback, Tabel 1 totals,
Tabel A/B/C, the pool overview) and its `check` findings are pinned in
`tests/data/catalogue-before-10.json`. Update that file only on purpose:
`pytest tests/test_format_compat.py --update-golden`, and say why in the commit.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kkinvest.calc import checks
from kkinvest.calc.keys import proposal_shares
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.pools import overview
from kkinvest.calc.tables import tables
from kkinvest.calc.totals import proposal_totals
from kkinvest.io.catalogue import load_catalogue
from kkinvest.model import Catalogue
from kkinvest.registry import default_registry

DATA = Path(__file__).parent / "data"
BEFORE = DATA / "catalogue-before-10"
GOLDEN = DATA / "catalogue-before-10.json"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value != value.to_integral_value() else int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def figures(cat: Catalogue) -> dict[str, Any]:
    registry = default_registry()
    result: dict[str, Any] = {"proposals": {}, "pools": {}}
    for p in cat.proposals:
        totals = proposal_totals(p)
        computed = tables(p, proposal_shares(p, cat.keys, registry), registry)
        result["proposals"][p.id] = {
            "payback": {
                b.value: [compute_payback(p, b).years, compute_payback(p, b).year] for b in Basis
            },
            "permanent": totals.permanent,
            "implementation": totals.implementation,
            "impact": totals.impact,
            "tables": {name: {"rows": t.rows, "total": t.total} for name, t in computed.items()},
        }
    for year in cat.budgets:
        ov = overview(cat.proposals, year, cat.pools.get(year))
        result["pools"][year] = {
            "tabel_1": [
                [c.committee, c.investment_count, c.innovation_count, c.investment, c.savings]
                for c in ov.committees
            ],
            "tabel_2": [
                [
                    r.proposal.id,
                    r.service,
                    r.capital,
                    r.savings_service,
                    r.savings_transfers,
                    r.payback,
                ]
                for r in ov.investment
            ],
            "tabel_3": [[r.proposal.id, r.amount] for r in ov.innovation],
            "asked": ov.asked,
            "left_after": ov.left_after,
        }
    return _plain(result)  # type: ignore[no-any-return]


def findings(cat: Catalogue) -> list[Any]:
    registry = default_registry()
    context = checks.Context(cat.keys, registry)
    found = [f for p in cat.proposals for f in checks.check_proposal(p, context)]
    for key in cat.keys.values():
        found.extend(checks.check_key(key, cat.keys, registry))
    for year, pool in sorted(cat.pools.items()):
        found.extend(checks.check_overview(overview(cat.proposals, year, pool), pool))
    return _plain(
        [
            [f.subject, f.severity.value, f.rule, f.where]
            + [[v.year, v.row, _plain(v.stated), _plain(v.computed)] for v in f.values]
            for f in found
        ]
    )


@pytest.fixture(scope="module")
def before() -> Catalogue:
    return load_catalogue(BEFORE)


def test_files_from_before_issue_10_keep_their_computed_figures(before, request) -> None:
    now = {"figures": figures(before), "findings": findings(before)}
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", "utf-8")
    pinned = json.loads(GOLDEN.read_text("utf-8"))
    assert now["figures"] == pinned["figures"]


def test_files_from_before_issue_10_get_the_findings_pinned_then(before) -> None:
    """Exactly the findings of the catalogue as it was, apart from what issue 10 adds."""
    pinned = json.loads(GOLDEN.read_text("utf-8"))
    assert findings(before) == pinned["findings"]
