"""The fingerprint of a proposal's Tabel 1: what a block computed from it (the pool overview,
the Følsomhed sheet) carries on the sheet, so that `check` can tell when a line was edited
after the block was computed.

The digest covers every figure and fact such a block depends on: the lines (section, area,
label, each year's amount, in payback or not, for information only or not), the committee,
kind, pool and budget (the overview sorts by them), the price level, the lifetime (the present
value's horizon) and the costed risks (the risk reserve). It leaves out what only Tabel A/B/C
depend on (the split: `calc/shown.py` compares those tables cell by cell) and the words
around the figures (title, source, summary). The impact per year (Samlet økonomisk påvirkning)
is kept beside it for the message.

Worked: a proposal with one line "Besparelse" (varig, service) of -100 in 2024 has the impact
{2024: -100}; with -90 instead, the impact is {2024: -90} and the digest differs; written as
-100.0 the amount is the same and so is the digest.

Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kkinvest.calc.npv import flows, horizon_for, saving_lines
from kkinvest.calc.payback import Basis
from kkinvest.calc.totals import proposal_totals
from kkinvest.model import Line, Proposal, Stamp

DIGEST_LENGTH = 16  # hex digits: 64 bits, no edit collides by chance


def _amount(value: Decimal) -> str:
    return "0" if value == 0 else format(value.normalize(), "f")


def _facts(proposal: Proposal) -> dict[str, Any]:
    return {
        "committee": proposal.committee,
        "kind": str(proposal.kind),
        "pool": str(proposal.pool),
        "budget": proposal.budget,
        "price_level": proposal.price_level,
        "lifetime": proposal.lifetime,
        "lines": [
            [
                str(line.section),
                str(line.area),
                line.label,
                line.in_payback,
                line.memo,
                {str(year): _amount(v) for year, v in sorted(line.values.items()) if v != 0},
            ]
            for line in proposal.lines
        ],
        "risks": [risk.model_dump(mode="json") for risk in proposal.risks],
    }


def fingerprint(proposal: Proposal) -> Stamp:
    """The proposal's stamp: the digest of what a computed block depends on, and its impact
    per year."""
    text = json.dumps(_facts(proposal), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    impact = dict(proposal_totals(proposal).impact)
    return Stamp(digest, impact)


def present_value_frame(proposal: Proposal) -> Stamp:
    """The frame the present value's formulas were laid out for: år 1 (the first year with an
    implementation cost), the last year with figures (after which the saving continues) and
    the horizon, with the digest of which lines the formulas add up (not their amounts: the
    formulas follow those).

    Worked: BC06 has implementation costs from 2023, figures until 2028 and no lifetime, so
    its frame is (2023, 2028, 10); with every 2023 implementation cost deleted, år 1 is 2024
    and the sheet's table, laid out from 2023, no longer gives kkinvest's present value."""
    f = flows(proposal)
    return _frame(f.counted, saving_lines(proposal), f.start(), f.last, horizon_for(proposal).years)


def payback_frame(proposal: Proposal, basis: Basis) -> Stamp:
    """The frame the payback table's formulas (and the payback figure and chart over them)
    were laid out for: the first year with a counted implementation cost (0 for none: the
    figure is then the text "ingen"), the last year with figures and the lines they add up.

    Worked: BC06's service payback counts costs from 2023 and figures until 2028: (2023,
    2028); with every 2023 cost deleted it counts from 2024, so the sheet's table (from 2023)
    numbers its years one too many."""
    f = flows(proposal, basis, all_lines=False)
    permanent = saving_lines(proposal, basis, all_lines=False)
    return _frame(f.counted, permanent, f.first or 0, f.last)


def _frame(spent: Iterable[Line], saved: Iterable[Line], *numbers: int) -> Stamp:
    lines = [[str(line.section), str(line.area), line.label] for line in (*spent, *saved)]
    text = json.dumps(lines, ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return Stamp(digest, {}, numbers)
