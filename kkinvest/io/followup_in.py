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

from kkinvest.io.problems import Problem
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import Proposal, Section
from kkinvest.model_followup import Decision, FollowUp, FollowUpBook, LedgerEntry
from kkinvest.registry import fold
from kkinvest.registry.statuses import Statuses, default_statuses

TABLES: dict[str, type[FollowUp] | type[Decision] | type[LedgerEntry]] = {
    "followup": FollowUp,
    "decision": Decision,
    "ledger": LedgerEntry,
}
"""The follow-up tables a TOML file may hold, and their models."""


class Taken:
    """What `take_followup` found in the files read so far."""

    def __init__(self) -> None:
        self.decisions: list[tuple[Decision, str]] = []
        self.reports: list[tuple[FollowUp, str]] = []
        self.entries: list[tuple[LedgerEntry, str]] = []

    def book(self) -> FollowUpBook:
        return FollowUpBook(tuple(self.decisions), tuple(self.reports), tuple(self.entries))


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
            if isinstance(item, Decision):
                taken.decisions.append((item, f"{source}: {what}"))
            elif isinstance(item, LedgerEntry):
                taken.entries.append((item, f"{source}: {what}"))
            else:
                taken.reports.append((item, f"{source}: {what}"))
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
        if status is not None and status.kinds and proposal.kind.value not in status.kinds:
            problem(
                sourced,
                f"status {status.name!r} gælder kun {', '.join(status.kinds)}sforslag; "
                f"{proposal.id} er et {proposal.kind.value}sforslag",
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
