"""The status annex: per granted proposal, how far it has come against its plan.

For a status year Y (the spring status of year Y reports on the years before it):

1. The status is that of the newest report dated in Y or before; without one, a proposal with
   a decision is "godkendt" (as of the decision's date).
2. Realised and spent figures per year are the newest report's figure for that year (a later
   report corrects an earlier one); a year no report gives is not reported (`missing`).
3. Saving planned to date = minus the plan's net permanent change (every permanent line that
   counts, Tabel 1's "Samlet varig ændring"; after the table's last year its last value goes
   on) summed over the years from the plan's first year to Y-1; saving realised to date =
   minus the realised net change over the same years. % of plan = realised / planned.
4. Still to come: the yearly saving at full phase-in minus the yearly saving last realised;
   the investment planned minus what is spent (nothing where the status ends the spending).
5. Payback by the plan is `compute_payback` (service basis). Payback now expected = the
   realised years followed by the rest of the plan (none of it where the status says the rest
   is not expected, e.g. annulleret), with the planned investment; the realised net change
   stands in for the plan's service lines.
6. Colour: the status's colour; a granted proposal whose rest is expected and whose saving to
   date is below the registry's `behind_plan` share is shown at least in its colour (gul).

Worked (T1: invest 300 in 2023, net change -100 in 2023 and -200 from 2024; status year 2025):
- Plan: saving 100 in 2023, 300 to date; payback 2 years (100 + 200 >= 300).
- 2 years late, realised 0 and 0: 0 % of plan; expected savings 0, 0, then 200, 200: 400 >=
  300 in year 4. Colour gul (forsinket).
- Realised -80 and -160: 240 of 300 = 80 %, below 90 %: "realiseret som planlagt" is shown gul;
  expected 80 + 160 + 200 >= 300 in year 3.
- Annulleret after spending 150 of 300: no expected payback, nothing still to come, rød.

Pure: no I/O.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from kkinvest.calc.payback import compute_payback
from kkinvest.model import Area, Line, Proposal, Section
from kkinvest.model_followup import Decision, FollowUp, FollowUpBook
from kkinvest.money import ZERO
from kkinvest.registry.statuses import COLOURS, Status, Statuses

HUNDRED = Decimal(100)


class StatusRow(NamedTuple):
    proposal: Proposal
    decisions: tuple[Decision, ...]
    status: Status
    status_date: datetime.date | None
    status_source: str | None
    colour: str
    behind: bool  # shown in a worse colour than its status because behind plan
    history: tuple[FollowUp, ...]  # the reports up to the status year, oldest first
    note: str | None  # the newest report's note
    years: tuple[int, ...]  # the years to date compared
    missing: tuple[int, ...]  # years to date no report gives a realised figure for
    granted: Decimal
    investment_planned: Decimal
    spent: Decimal
    investment_to_come: Decimal
    saving_planned: Decimal  # to date; a saving is positive
    saving_realised: Decimal
    incorporated: Decimal | None  # to date, taken out of the budgets (indarbejdet), if reported
    saving_full: Decimal  # planned yearly saving at full phase-in
    saving_to_come: Decimal  # yearly saving still to be realised
    payback_planned: int | None
    payback_expected: int | None

    @property
    def percent(self) -> Decimal | None:
        """Realised to date as a percentage of the plan to date (None: nothing planned yet)."""
        if self.saving_planned <= 0:
            return None
        return self.saving_realised * HUNDRED / self.saving_planned


def counted(proposal: Proposal, section: Section) -> list[Line]:
    return [line for line in proposal.lines if line.section is section and line.counts]


def planned_net(proposal: Proposal, year: int, service_only: bool = False) -> Decimal:
    """The plan's net permanent change in `year`; after the table's last year, its last."""
    lines = [
        line
        for line in counted(proposal, Section.PERMANENT)
        if not service_only or (line.area is Area.SERVICE and line.in_payback)
    ]
    last = max((y for line in counted(proposal, Section.PERMANENT) for y in line.values), default=0)
    return sum((line.value(min(year, last)) for line in lines), ZERO)


def first_year(proposal: Proposal) -> int | None:
    years = [y for line in proposal.lines if line.counts for y in line.values]
    return min(years) if years else None


def merged(reports: Iterable[FollowUp], field: str) -> dict[int, Decimal]:
    """Per year, the figure of the newest report that gives it (`reports` oldest first)."""
    result: dict[int, Decimal] = {}
    for report in reports:
        result.update(getattr(report, field))
    return dict(sorted(result.items()))


def worse(colour: str, other: str) -> str:
    """The worse of two colours (grøn < gul < rød)."""
    return max(colour, other, key=COLOURS.index)


def status_year(book: FollowUpBook) -> int | None:
    """The year of the newest report (the latest spring status), else the year after the
    newest decision's round; None without follow-up."""
    if book.reports:
        return max(report.reported.year for report, _ in book.reports)
    if book.decisions:
        return max(decision.round_year for decision, _ in book.decisions) + 1
    return None


def _status_then(
    decisions: tuple[Decision, ...], history: tuple[FollowUp, ...], statuses: Statuses
) -> tuple[Status | None, datetime.date | None, str | None]:
    """The newest report's status, date and source; without one, "godkendt" by the newest
    decision."""
    if history:
        latest = history[-1]
        return statuses.find(latest.status), latest.reported, latest.source
    if decisions:
        return statuses.find("godkendt"), decisions[-1].date, decisions[-1].source
    return None, None, None


def status_row(
    proposal: Proposal, book: FollowUpBook, year: int, statuses: Statuses
) -> StatusRow | None:
    """The proposal's line of the status annex for the spring of `year`; None where it is not
    granted (no decision, and no report with a granting status)."""
    decisions = tuple(d for d in book.decisions_for(proposal.id) if d.round_year <= year)
    history = tuple(r for r in book.reports_for(proposal.id) if r.reported.year <= year)
    status, date, source = _status_then(decisions, history, statuses)
    if status is None or not (decisions or status.granted):
        return None
    start = first_year(proposal) or year
    permanent = bool(counted(proposal, Section.PERMANENT))  # innovation: nothing to realise
    years = tuple(range(start, year))
    realised = merged(history, "realised")
    spent_by_year = merged(history, "spent")
    incorporated = merged(history, "incorporated")
    saving_planned = -sum((planned_net(proposal, y) for y in years), ZERO)
    saving_realised = -sum((realised.get(y, ZERO) for y in years), ZERO)
    investment = sum(
        (sum(line.values.values(), ZERO) for line in counted(proposal, Section.IMPLEMENTATION)),
        ZERO,
    )
    spent = sum(spent_by_year.values(), ZERO)
    last_table_year = max(
        (y for line in counted(proposal, Section.PERMANENT) for y in line.values), default=start
    )
    saving_full = -planned_net(proposal, last_table_year)
    reported_years = [y for y in years if y in realised]
    last_realised = -realised[reported_years[-1]] if reported_years else ZERO
    expected = status.rest_expected
    row = StatusRow(
        proposal=proposal,
        decisions=decisions,
        status=status,
        status_date=date,
        status_source=source,
        colour=status.colour,
        behind=False,
        history=history,
        note=history[-1].note if history else None,
        years=years,
        missing=tuple(y for y in years if y not in realised) if permanent else (),
        granted=sum((d.granted() for d in decisions), ZERO),
        investment_planned=investment,
        spent=spent,
        investment_to_come=ZERO if status.spending_done else max(investment - spent, ZERO),
        saving_planned=saving_planned,
        saving_realised=saving_realised,
        incorporated=-sum((incorporated.get(y, ZERO) for y in years), ZERO)
        if incorporated
        else None,
        saving_full=saving_full,
        saving_to_come=max(saving_full - last_realised, ZERO) if expected else ZERO,
        payback_planned=compute_payback(proposal).years,
        payback_expected=expected_payback(proposal, realised, year, expected),
    )
    percent = row.percent
    if (
        status.granted
        and expected
        and percent is not None
        and percent < statuses.behind_plan_percent
    ):
        colour = worse(status.colour, statuses.behind_colour)
        row = row._replace(colour=colour, behind=colour != status.colour)
    return row


def expected_payback(
    proposal: Proposal, realised: dict[int, Decimal], year: int, rest_expected: bool
) -> int | None:
    """The payback with the realised years (before `year`) in place of the plan's, and the
    rest of the plan after them (or nothing, where the rest is not expected)."""
    start = first_year(proposal)
    if start is None:
        return None
    last = max(
        (y for line in counted(proposal, Section.PERMANENT) for y in line.values),
        default=start,
    )
    values: dict[int, Decimal] = {}
    for y in range(start, max(last, year - 1) + 1):
        if y < year:
            values[y] = realised.get(y, ZERO)
        else:
            values[y] = planned_net(proposal, y, service_only=True) if rest_expected else ZERO
    line = Line(
        section=Section.PERMANENT,
        label="Realiseret og resten af planen",
        area=Area.SERVICE,
        values=values,
    )
    others = [other for other in proposal.lines if other.section is not Section.PERMANENT]
    return compute_payback(proposal.model_copy(update={"lines": [line, *others]})).years


def status_rows(
    proposals: Iterable[Proposal],
    book: FollowUpBook,
    year: int,
    statuses: Statuses,
    committee: str | None = None,
    since: int | None = None,
) -> list[StatusRow]:
    """The annex: every granted proposal (of `committee`, granted in a round of `since` or
    later), by committee and id."""
    rows = []
    for proposal in proposals:
        if committee is not None and proposal.committee != committee:
            continue
        row = status_row(proposal, book, year, statuses)
        if row is None:
            continue
        granted_in = row.decisions[0].round_year if row.decisions else proposal.budget
        if since is not None and (granted_in is None or granted_in < since):
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (r.proposal.committee or "", r.proposal.id))
