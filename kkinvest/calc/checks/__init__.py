"""`kkinvest check`: review a proposal the way Center for Økonomi would.

Every rule is a small pure function with one signature, `rule(proposal, context) -> findings`,
and `PROPOSAL_RULES` runs them in order; a new rule is one function (beancount's
`ops/validation.py` works the same way). Keys and the pool overview have rules of their own.
One module per subject: `tabel_1` (Tabel 1 against itself), `other_tables` (other tables
against Tabel 1), `technical` (Tabel A/B/C and tables by committee), `keys`, `claims` (the
text's figures), `header` (header facts), `pools` (the pool overview), `stale` (an exported
workbook's computed sheets, edited since); `base` holds what they share.

A new subject is a module of its own: write its rules with the one signature (a worked example
in each docstring), import them here and add them to `PROPOSAL_RULES`; `check_proposal` and
`kkinvest check` pick them up from there.

Severity: a figure that disagrees with what follows from the document's own lines is an error;
a difference of 1 (a cell rounded on its own) is a rounding note; things that look wrong but may
be deliberate (rows that do not add up to their printed total, a heading with other years, a
saving with a plus sign) are warnings.

Worked: BC07's Tabel 1 prints -800 as its 2025 total where its lines give +800, so
`check_proposal(bc07, Context(keys, registry))` holds one `Finding(severity=Severity.ERROR,
rule="totals", ...)` with `Value(2025, Decimal(-800), Decimal(800))`.
"""

from __future__ import annotations

from collections.abc import Iterable

from kkinvest.calc.checks.base import Context, Finding, Rule, Severity, Value
from kkinvest.calc.checks.claims import claims
from kkinvest.calc.checks.followup import FOLLOWUP_RULES, ledger_findings
from kkinvest.calc.checks.header import (
    affected,
    header,
    heading_years,
    kind_and_pool,
    not_given,
    price_level,
)
from kkinvest.calc.checks.keys import (
    check_key,
    claimed_key,
    fixed_split,
    inline_key_percent,
    keys_to_check,
)
from kkinvest.calc.checks.other_tables import other_tables
from kkinvest.calc.checks.pools import check_overview, check_pool, check_pools
from kkinvest.calc.checks.stale import stale_blocks
from kkinvest.calc.checks.tabel_1 import signs, stated_paybacks, stated_totals
from kkinvest.calc.checks.technical import committee_tables, row_set, technical_tables
from kkinvest.model import Proposal

__all__ = [
    "PROPOSAL_RULES",
    "Context",
    "Finding",
    "Rule",
    "Severity",
    "Value",
    "affected",
    "check_key",
    "check_overview",
    "check_pool",
    "check_pools",
    "check_proposal",
    "claimed_key",
    "claims",
    "committee_tables",
    "count",
    "fixed_split",
    "header",
    "heading_years",
    "inline_key_percent",
    "keys_to_check",
    "kind_and_pool",
    "ledger_findings",
    "not_given",
    "other_tables",
    "price_level",
    "row_set",
    "signs",
    "stale_blocks",
    "stated_paybacks",
    "stated_totals",
    "technical_tables",
]

PROPOSAL_RULES: tuple[Rule, ...] = (
    stated_totals,
    stated_paybacks,
    other_tables,
    technical_tables,
    committee_tables,
    row_set,
    heading_years,
    claimed_key,
    fixed_split,
    inline_key_percent,
    claims,
    header,
    not_given,
    affected,
    signs,
    kind_and_pool,
    price_level,
    stale_blocks,  # an exported workbook's computed blocks, where it was edited since
    *FOLLOWUP_RULES,  # the follow-up after the decision, where the catalogue has any
)
"""Every rule about one proposal, in the order its findings are printed."""


def check_proposal(proposal: Proposal, context: Context) -> list[Finding]:
    return [finding for rule in PROPOSAL_RULES for finding in rule(proposal, context)]


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result
