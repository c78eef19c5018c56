"""Checks of the follow-up after the decision (issue 23): what the spring status should say
and the pools' account.

Per proposal, for the status year (`context.year`, else the year of the newest report):
- `status_missing`: a granted proposal with no report dated in that year (one cancelled, or an
  innovation proposal without a case, needs none);
- `note_missing`: realised below the plan to date, or a status that asks for one (forsinket),
  with no note saying why and what is done;
- `spent_above_investment`: more implementation money spent than the plan's investment;
- `complete_behind_plan`: a status that says the proposal is complete (fuldt implementeret)
  while its saving to date is behind the plan.
For the account, `ledger_findings`: a balance below zero, and a printed balance the computed
one does not match.

Worked (tests/test_check_followup.py): EIGHTY realised 240 of a plan of 300 with no note:
`note_missing` warns "realiseret 240 af planens 300 til dato (80 %), uden en note"; a proposal
that spent 320 of a planned 300 gets `spent_above_investment` with figures (320, 300).

Pure: no I/O.
"""

from __future__ import annotations

from decimal import Decimal

from kkinvest.calc.checks.base import Context, Finding, Severity, literal
from kkinvest.calc.followup import StatusRow, status_row, status_year
from kkinvest.calc.ledger import Ledger
from kkinvest.model import Proposal
from kkinvest.registry.statuses import default_statuses

HUNDRED = Decimal(100)


def _row(proposal: Proposal, context: Context) -> tuple[StatusRow | None, int | None]:
    book = context.followup
    if book is None:
        return None, None
    year = context.year or status_year(book)
    if year is None:
        return None, None
    return status_row(proposal, book, year, default_statuses()), year


def _where(year: int) -> str:
    return f"Opfølgning, foråret {year}"


def status_missing(proposal: Proposal, context: Context) -> list[Finding]:
    """A granted proposal must have a status in each spring round."""
    row, year = _row(proposal, context)
    if row is None or year is None or not row.status.rest_expected:
        return []
    if any(report.reported.year == year for report in row.history):
        return []
    return [
        Finding(
            proposal.id,
            Severity.WARNING,
            "status_missing",
            _where(year),
            f"forslaget er bevilget, men har ingen status dateret i {year}; tilføj en "
            "[[followup]] med reported, status og de realiserede tal",
        )
    ]


def note_missing(proposal: Proposal, context: Context) -> list[Finding]:
    """Behind plan, or a status that asks for one (forsinket): the report must say why."""
    row, year = _row(proposal, context)
    if row is None or year is None or row.note or not row.history:
        return []
    if row.status.needs_note:
        return [
            Finding(
                proposal.id,
                Severity.WARNING,
                "note_missing",
                _where(year),
                f"status »{row.status.name}« uden en note: skriv årsagen og de kompenserende "
                "tiltag i note",
            )
        ]
    percent = row.percent
    if percent is None or percent >= HUNDRED or not row.status.rest_expected:
        return []
    return [
        Finding(
            proposal.id,
            Severity.WARNING,
            "note_missing",
            _where(year),
            "realiseret {0} af planens {1} til dato ({2} %), uden en note om hvorfor: skriv "
            "den i note",
            figures=(row.saving_realised, row.saving_planned, percent.quantize(Decimal(1))),
        )
    ]


def spent_above_investment(proposal: Proposal, context: Context) -> list[Finding]:
    row, year = _row(proposal, context)
    if row is None or year is None or row.spent <= row.investment_planned:
        return []
    return [
        Finding(
            proposal.id,
            Severity.WARNING,
            "spent_above_investment",
            _where(year),
            "brugt {0} til implementering, mere end planens investering på {1}",
            figures=(row.spent, row.investment_planned),
        )
    ]


def complete_behind_plan(proposal: Proposal, context: Context) -> list[Finding]:
    row, year = _row(proposal, context)
    if row is None or year is None or not row.status.complete:
        return []
    percent = row.percent
    if percent is None or percent >= HUNDRED:
        return []
    return [
        Finding(
            proposal.id,
            Severity.ERROR,
            "complete_behind_plan",
            _where(year),
            f"status »{row.status.name}«, men besparelsen til dato er {{0}} af planens {{1}}",
            figures=(row.saving_realised, row.saving_planned),
        )
    ]


FOLLOWUP_RULES = (status_missing, note_missing, spent_above_investment, complete_behind_plan)


def ledger_findings(ledger: Ledger) -> list[Finding]:
    """A balance below zero, and every printed balance the computed one does not match
    (amounts in 1.000 kr. at the ledger's price level)."""
    subject = "Puljekonto" + (f", {ledger.pool.value}" if ledger.pool else "")
    findings = []
    low = ledger.lowest
    if low is not None:
        findings.append(
            Finding(
                subject,
                Severity.ERROR,
                "ledger_below_zero",
                f"{low.date.isoformat()}, {ledger.price_level} p/l",
                "saldoen går under nul: {0}",
                figures=(low.balance,),
            )
        )
    for line in ledger.differences:
        findings.append(
            Finding(
                subject,
                Severity.ERROR,
                "ledger_not_reconciled",
                f"{line.date.isoformat()}, {ledger.price_level} p/l",
                "trykt saldo {0}, beregnet {1}: afstem bevillinger, reservationer og "
                "tilbageførsler",
                figures=(line.converted, line.balance),
            )
        )
    return findings


def unconverted_ledger(reason: str) -> Finding:
    """The account could not be put at one price level (an index that does not cover a year)."""
    return Finding(
        "Puljekonto",
        Severity.WARNING,
        "ledger_price_level",
        "Puljekonto",
        f"kan ikke gøres op i ét pris- og lønniveau ({literal(reason)}); angiv et indeks, der "
        "dækker årene",
    )
