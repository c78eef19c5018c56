"""The follow-up after the decision, as data: each proposal's decision (which round granted
how much from which pool) and its follow-up reports (status, realised figures, money spent),
each with its date and source.

Pure data, no I/O; amounts are `Decimal` in thousands of kroner with Tabel 1's signs (a saving
is negative, a cost positive). A follow-up report's `realised` is what the administration
reports as delivered; `incorporated` what was taken out of the budgets (indarbejdet), whether
or not the effect was delivered. A spring status round is one file of `[[followup]]` tables:

    [[followup]]
    id = "BC06"
    reported = 2026-03-01
    status = "forsinket"
    realised = { 2023 = 0, 2024 = 0, 2025 = -1500 }
    spent = { 2023 = 6200, 2024 = 4300 }
    note = "Licensaftalen kom et halvt år for sent; kompenserende tiltag: ..."

No `from __future__ import annotations` (see kkinvest.model).
"""

import datetime
import re
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import Field, field_validator, model_validator

from kkinvest.model import Amount, Model, PoolField, PoolName, Series, Text, Year
from kkinvest.money import ZERO
from kkinvest.registry.statuses import Statuses, default_statuses

ROUND_KINDS = {
    "budget": "budget",
    "overførselssag": "overførselssag",
    "overforselssag": "overførselssag",
    "overfoerselssag": "overførselssag",
    "ofs": "overførselssag",
}
"""The two rounds a year in which the pools grant money, and the spellings accepted."""

_ROUND = r"^\s*([^\W\d_]+)\s+(\d{4})\s*$"


def _round(value: Any) -> str:
    """'budget 2023' or 'overførselssag 2024', as written in the committee papers."""
    match = re.match(_ROUND, value) if isinstance(value, str) else None
    kind = ROUND_KINDS.get(match.group(1).casefold()) if match else None
    if match is None or kind is None:
        raise ValueError(
            f'{value!r} er ikke en bevillingsrunde: skriv fx "budget 2023" eller '
            '"overførselssag 2024"'
        )
    return f"{kind} {match.group(2)}"


def round_order(name: str) -> tuple[int, int]:
    """Rounds in the order they come within a year: the overførselssag (spring) before the
    budget (autumn) of the same year."""
    kind, year = name.split(" ")
    return int(year), 0 if kind == "overførselssag" else 1


def _date(value: Any) -> Any:
    """A TOML date (2026-03-01) or the same written as text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} er ikke en dato: skriv fx 2026-03-01") from None
    return value


class Decision(Model):
    """A grant from the pools to a proposal in one round (a proposal may get more than one)."""

    id: str = Field(min_length=1, max_length=40)
    round: str
    """"budget 2023" or "overførselssag 2024"."""
    date: datetime.date | None = None
    amounts: dict[PoolField, Amount]
    """Granted per pool, 1.000 kr.: { investering = 10800 }."""
    price_level: Year | None = None
    """The p/l of the amounts; none: the proposal's own."""
    conditions: Text | None = None
    source: Text | None = None

    @field_validator("round", mode="before")
    @classmethod
    def _known_round(cls, value: Any) -> str:
        return _round(value)

    @field_validator("date", mode="before")
    @classmethod
    def _as_date(cls, value: Any) -> Any:
        return _date(value)

    @field_validator("amounts")
    @classmethod
    def _from_a_pool(cls, value: dict[PoolName, Decimal]) -> dict[PoolName, Decimal]:
        if not value:
            raise ValueError("skriv beløbet pr. pulje, fx amounts = { investering = 10800 }")
        if PoolName.NONE in value:
            raise ValueError('en bevilling er fra puljen "investering" eller "innovation"')
        return value

    def granted(self, pool: PoolName | None = None) -> Decimal:
        """The amount granted (from `pool`, or from both), 1.000 kr."""
        return sum(
            (amount for name, amount in self.amounts.items() if pool is None or name is pool),
            ZERO,
        )

    @property
    def round_year(self) -> int:
        return round_order(self.round)[0]


class RealisedLine(Model):
    """A Tabel 1 line the administration reports on by itself."""

    label: Text = Field(min_length=1)
    realised: Series


class FollowUp(Model):
    """One follow-up report on one proposal: its status on a date, and what is realised and
    spent to date (per year; a later report replaces an earlier one's years)."""

    id: str = Field(min_length=1, max_length=40)
    reported: datetime.date
    status: str
    realised: Series = Field(default_factory=dict)
    """The permanent net change delivered, per year (Tabel 1's sign: a saving is negative)."""
    lines: list[RealisedLine] = Field(default_factory=list)
    """The same per Tabel 1 line, where reported per line."""
    incorporated: Series = Field(default_factory=dict)
    """The permanent change taken out of the budgets (indarbejdet), per year."""
    spent: Series = Field(default_factory=dict)
    """Implementation money spent, per year."""
    note: Text | None = None
    source: Text | None = None

    @field_validator("reported", mode="before")
    @classmethod
    def _as_date(cls, value: Any) -> Any:
        return _date(value)

    @field_validator("status", mode="before")
    @classmethod
    def _known_status(cls, value: Any, info: Any) -> str:
        context = info.context if isinstance(info.context, dict) else {}
        statuses = context.get("statuses")
        known = statuses if isinstance(statuses, Statuses) else default_statuses()
        found = known.find(value) if isinstance(value, str) else None
        if found is None:
            import difflib

            near = difflib.get_close_matches(str(value).casefold(), known.names, n=1, cutoff=0.6)
            hint = f"mente du {near[0]!r}? " if near else ""
            raise ValueError(
                f"ukendt status {value!r}; {hint}{'S' if hint else 's'}kriv en af: "
                + ", ".join(known.names)
            )
        return found.name

    @model_validator(mode="after")
    def _lines_add_up(self) -> "FollowUp":
        if not self.lines:
            return self
        by_year: dict[int, Decimal] = {}
        for line in self.lines:
            for year, value in line.realised.items():
                by_year[year] = by_year.get(year, ZERO) + value
        if not self.realised:
            return self.model_copy(update={"realised": by_year})
        for year in sorted(set(by_year) | set(self.realised)):
            total, summed = self.realised.get(year, ZERO), by_year.get(year, ZERO)
            if total != summed:
                raise ValueError(
                    f"realised {year} er {total}, men linjerne (lines) summer til {summed}: "
                    "ret det ene, eller slet realised og lad linjerne give summen"
                )
        return self


ROUND_MONTHS = {"overførselssag": (0, 5), "budget": (-1, 10)}
"""Where a round without a date is placed: the overførselssag of year Y in May of Y, the budget
for year Y in October of Y-1 (kkinvest's placement; a decision's own date wins)."""


def round_date(name: str) -> datetime.date:
    """The date a round is placed on when nothing dates it."""
    kind, year = name.split(" ")
    shift, month = ROUND_MONTHS[kind]
    return datetime.date(int(year) + shift, month, 1)


LEDGER_KINDS = {
    "set_aside": "set_aside",
    "afsat": "set_aside",
    "reserved": "reserved",
    "reserveret": "reserved",
    "released": "released",
    "frigivet": "released",
    "returned": "returned",
    "tilbageført": "returned",
    "tilbagefort": "returned",
    "opening": "opening",
    "primo": "opening",
    "printed": "printed",
    "trykt": "printed",
    "resterer": "printed",
}
"""The kinds of line of a pool account, in English and Danish."""


def _ledger_kind(value: Any) -> str:
    kind = LEDGER_KINDS.get(value.strip().casefold()) if isinstance(value, str) else None
    if kind is None:
        raise ValueError(
            f"ukendt slags post {value!r}; skriv en af: afsat, reserveret, frigivet, "
            "tilbageført, primo, trykt (eller set_aside, reserved, released, returned, "
            "opening, printed)"
        )
    return kind


class LedgerEntry(Model):
    """A line of the pools' account that no decision or follow-up gives: money set aside, a
    reservation (and its release), money returned, an opening or a printed balance.

        [[ledger]]
        kind = "afsat"
        pool = "investering"
        amount = 375
        unit = "mio. kr."
        price_level = 2024
        date = 2023-10-01
        source = "Økonomiudvalget 14. marts 2023"
    """

    kind: str
    amount: Amount
    unit: str = "1.000 kr."
    price_level: Year
    pool: PoolField | None = None
    """None: both pools together (as "i investeringspuljerne")."""
    date: datetime.date | None = None
    round: str | None = None
    """The round the line belongs to (placed on its date where the line has none)."""
    text: Text | None = None
    source: Text | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: Any) -> str:
        return _ledger_kind(value)

    @field_validator("unit", mode="before")
    @classmethod
    def _known_unit(cls, value: Any) -> str:
        units = {"1.000 kr.": "1.000 kr.", "t. kr.": "1.000 kr.", "mio. kr.": "mio. kr."}
        found = units.get(value.strip().casefold()) if isinstance(value, str) else None
        if found is None:
            raise ValueError(f'ukendt enhed {value!r}; skriv "1.000 kr." eller "mio. kr."')
        return found

    @field_validator("date", mode="before")
    @classmethod
    def _as_date(cls, value: Any) -> Any:
        return _date(value)

    @field_validator("round", mode="before")
    @classmethod
    def _known_round(cls, value: Any) -> Any:
        return None if value is None else _round(value)

    @field_validator("pool")
    @classmethod
    def _one_or_both(cls, value: PoolName | None) -> PoolName | None:
        return None if value is PoolName.NONE else value

    @model_validator(mode="after")
    def _placed(self) -> "LedgerEntry":
        if self.date is None and self.round is None:
            raise ValueError('angiv date (fx 2024-03-05) eller round (fx "budget 2024")')
        return self


MILESTONE_GROUPS = {"implementering": "implementering", "effektivisering": "effektivisering"}
_DUE = r"^\d{4}(-Q[1-4]|-\d{2}-\d{2})?$"


class Milestone(Model):
    """A follow-up goal the proposal plans (its section "Opfølgning"), text as written; `due`
    where the text says when: "2024", "2024-Q1" or "2024-06-15"."""

    id: str = Field(min_length=1, max_length=40)
    goal: Text
    how: Text | None = None
    who: Text | None = None
    when: Text | None = None
    group: str | None = None
    """"implementering" (Milepæle for implementering og anvendelse af investeringsmidler) or
    "effektivisering" (Realisering af effektiviseringer)."""
    due: str | None = Field(default=None, pattern=_DUE)

    @field_validator("group")
    @classmethod
    def _known_group(cls, value: str | None) -> str | None:
        if value is not None and value not in MILESTONE_GROUPS:
            raise ValueError('skriv "implementering" eller "effektivisering"')
        return value


class Origin(Model):
    """The answer to "Her angives om forslaget udspringer af et innovationsforslag"."""

    id: str = Field(min_length=1, max_length=40)
    answer: str
    text: Text | None = None
    """The answer as written, where it says more than Ja or Nej (the innovation project)."""

    @field_validator("answer", mode="before")
    @classmethod
    def _yes_or_no(cls, value: Any) -> str:
        if not isinstance(value, str) or value.strip().casefold() not in ("ja", "nej"):
            raise ValueError('skriv "ja" eller "nej"')
        return value.strip().casefold()


class FollowUpBook(NamedTuple):
    """Every decision and follow-up report of a catalogue, each with the file it came from
    (as shown to users)."""

    decisions: tuple[tuple[Decision, str], ...] = ()
    reports: tuple[tuple[FollowUp, str], ...] = ()
    entries: tuple[tuple[LedgerEntry, str], ...] = ()
    """The pools' account lines no decision or report gives (`[[ledger]]`)."""
    milestones: tuple[tuple[Milestone, str], ...] = ()
    origins: tuple[tuple[Origin, str], ...] = ()

    def decisions_for(self, proposal_id: str) -> list[Decision]:
        """The proposal's grants, in the order of their rounds."""
        wanted = proposal_id.casefold()
        found = [d for d, _ in self.decisions if d.id.casefold() == wanted]
        return sorted(found, key=lambda d: round_order(d.round))

    def reports_for(self, proposal_id: str) -> list[FollowUp]:
        """The proposal's reports, oldest first: its history of statuses."""
        wanted = proposal_id.casefold()
        return sorted(
            (r for r, _ in self.reports if r.id.casefold() == wanted), key=lambda r: r.reported
        )
