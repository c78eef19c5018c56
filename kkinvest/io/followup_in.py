"""Read decisions and follow-up reports out of a catalogue's TOML files.

A `[[followup]]` or `[[decision]]` table may stand in a proposal's own file (its `id` may then
be left out) or in any other file of the catalogue (a spring status round is one file of
`[[followup]]` tables). `take_followup` takes them out of a parsed file, so the rest is read as
before; `followup_problems` checks them against the proposals once the catalogue is loaded.
Problems name the file, the proposal and the field, as every other reader's do.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from kkinvest.io.grid import Grid
from kkinvest.io.problems import Problem
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import Model, Proposal, Section
from kkinvest.model_followup import (
    Decision,
    FollowUp,
    FollowUpBook,
    LedgerEntry,
    Milestone,
    Origin,
)
from kkinvest.registry import fold
from kkinvest.registry.statuses import Statuses, default_statuses

TABLES: dict[str, type[Model]] = {
    "followup": FollowUp,
    "decision": Decision,
    "ledger": LedgerEntry,
    "milestone": Milestone,
    "origin": Origin,
}
"""The follow-up tables a TOML file may hold, and their models."""


class Taken:
    """What `take_followup` found in the files read so far."""

    def __init__(self) -> None:
        self.decisions: list[tuple[Decision, str]] = []
        self.reports: list[tuple[FollowUp, str]] = []
        self.entries: list[tuple[LedgerEntry, str]] = []
        self.milestones: list[tuple[Milestone, str]] = []
        self.origins: list[tuple[Origin, str]] = []

    def add(self, book: FollowUpBook) -> None:
        """What one file gave (kkinvest.io.catalogue reads each file on its own)."""
        self.decisions.extend(book.decisions)
        self.reports.extend(book.reports)
        self.entries.extend(book.entries)
        self.milestones.extend(book.milestones)
        self.origins.extend(book.origins)

    def book(self) -> FollowUpBook:
        return FollowUpBook(
            tuple(self.decisions),
            tuple(self.reports),
            tuple(self.entries),
            tuple(self.milestones),
            tuple(self.origins),
        )


def take_followup(
    data: dict[str, Any],
    source: str,
    taken: Taken,
    problems: list[Problem],
    statuses: Statuses | None = None,
) -> dict[str, Any]:
    """`data` without its follow-up tables, which go to `taken` (or, if wrong, to `problems`)."""
    if not TABLES.keys() & data.keys():
        return data
    own = data.get("id") if isinstance(data.get("id"), str) and "title" in data else None
    context = {"statuses": statuses or default_statuses()}
    for name, model in TABLES.items():
        entries = data.get(name)
        if entries is None:
            continue
        if isinstance(entries, dict):
            entries = [entries]
        if not isinstance(entries, list):
            problems.append(Problem(source, f"skriv [[{name}]]-tabeller", name))
            continue
        for number, entry in enumerate(entries, start=1):
            place = f"{name}[{number}]"
            if not isinstance(entry, dict):
                problems.append(Problem(source, f"skriv [[{name}]]-tabeller", place))
                continue
            ident = entry.get("id", own) if name != "ledger" else None
            if name == "ledger":
                pass  # the pools' account: no proposal's
            elif own is not None and "id" not in entry:
                entry = {**entry, "id": own}
            elif own is not None and fold(str(ident)) != fold(own):
                message = (
                    f"står i forslaget {own}s fil, men gælder {ident!r}: flyt den til "
                    f"{ident}s fil eller en opfølgningsfil"
                )
                problems.append(Problem(source, message, f"{own}: {place}.id"))
                continue
            what = f"{ident}: {place}" if isinstance(ident, str) else place
            try:
                item = model.model_validate(entry, context=context)
            except ValidationError as exc:
                problems.extend(problems_from_validation(exc, model, source, entry, what))
                continue
            placed = f"{source}: {what}"
            if isinstance(item, Decision):
                taken.decisions.append((item, placed))
            elif isinstance(item, LedgerEntry):
                taken.entries.append((item, placed))
            elif isinstance(item, Milestone):
                taken.milestones.append((item, placed))
            elif isinstance(item, Origin):
                taken.origins.append((item, placed))
            elif isinstance(item, FollowUp):
                taken.reports.append((item, placed))
    return {key: value for key, value in data.items() if key not in TABLES}


def _where(sourced: str) -> Problem:
    """A Problem's file and place from a 'file: id: table[n]' string."""
    file, _, place = sourced.partition(": ")
    return Problem(file, "", place or None)


def followup_problems(
    book: FollowUpBook, proposals: tuple[Proposal, ...], statuses: Statuses | None = None
) -> list[Problem]:
    """Follow-up that does not fit the catalogue: a proposal that is not there, two reports of
    one date, two grants in one round, a line the proposal does not have, a status for
    another kind of proposal."""
    known = statuses or default_statuses()
    by_id = {p.id.casefold(): p for p in proposals}
    problems: list[Problem] = []

    def problem(sourced: str, message: str) -> None:
        problems.append(_where(sourced)._replace(message=message))

    def proposal_of(ident: str, sourced: str) -> Proposal | None:
        proposal = by_id.get(ident.casefold())
        if proposal is None:
            near = difflib.get_close_matches(ident.casefold(), list(by_id), n=1, cutoff=0.7)
            hint = f"mente du {by_id[near[0]].id}? " if near else ""
            problem(
                sourced,
                f"intet forslag {ident!r} i kataloget; {hint}"
                "giv forslagets fil med (--data) eller ret nummeret",
            )
        return proposal

    rounds: dict[tuple[str, Any], str] = {}
    for decision, sourced in book.decisions:
        proposal_of(decision.id, sourced)
        key = (decision.id.casefold(), decision.round)
        if key in rounds:
            problem(sourced, f"{decision.round} er angivet to gange: også i {rounds[key]}")
        rounds.setdefault(key, sourced)
    for ident, sourced in [(m.id, s) for m, s in book.milestones] + [
        (o.id, s) for o, s in book.origins
    ]:
        proposal_of(ident, sourced)
    dates: dict[tuple[str, Any], str] = {}
    for report, sourced in book.reports:
        proposal = proposal_of(report.id, sourced)
        dated = (report.id.casefold(), report.reported)
        if dated in dates:
            problem(
                sourced,
                f"to opfølgninger af {report.reported.isoformat()}: også i {dates[dated]}; "
                "slet den ene eller ret datoen",
            )
        dates.setdefault(dated, sourced)
        if proposal is None:
            continue
        status = known.find(report.status)
        kind = proposal.kind  # none given: nothing to compare (`check` reports the kind)
        if status is not None and status.kinds and kind is not None and kind not in status.kinds:
            problem(
                sourced,
                f"status {status.name!r} gælder kun {', '.join(status.kinds)}sforslag; "
                f"{proposal.id} er et {kind.value}sforslag",
            )
        labels = {fold(line.label) for line in proposal.lines_in(Section.PERMANENT)}
        for line in report.lines:
            if fold(line.label) not in labels:
                shown = ", ".join(repr(x.label) for x in proposal.lines_in(Section.PERMANENT))
                problem(
                    sourced,
                    f"lines: {proposal.id} har ingen varig linje {line.label!r} "
                    f"(linjerne er: {shown})",
                )
    return problems


def take_sheet(grid: Grid, taken: Taken, problems: list[Problem], notes: list[str]) -> None:
    """The reports of a follow-up workbook's sheet (io/followup_xlsx.py), validated as
    `[[followup]]` tables; a problem names the sheet's cell where it knows it."""
    from kkinvest.io.followup_xlsx import read_followup_sheet

    reading = read_followup_sheet(grid)
    problems.extend(reading.problems)
    notes.extend(reading.notes)
    context = {"statuses": default_statuses()}
    for entry, where, cells in reading.entries:
        try:
            item = FollowUp.model_validate(entry, context=context)
        except ValidationError as exc:
            for problem in problems_from_validation(exc, FollowUp, grid.source, entry, where):
                field = (problem.where or "").rsplit(": ", 1)[-1].split(".")[0]
                if field in cells:
                    problem = problem._replace(where=f"{where}: {cells[field]}")
                problems.append(problem)
            continue
        taken.reports.append((item, f"{grid.source}: {where}"))
