"""The statuses of a proposal after it comes in, and their colours: data in `statuses.toml`
beside this module (with its source), read here once.

>>> statuses = default_statuses()
>>> statuses.find("Forsinket (med kompenserende tiltag)").name
'forsinket'
>>> statuses.find("forsinket").colour
'gul'
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from kkinvest.registry import fold

COLOURS = ("grøn", "gul", "rød", "ingen")
"""The colours of the spring status, from good to bad; "ingen" for a proposal not granted."""


class Status(NamedTuple):
    name: str
    title: str
    colour: str
    granted: bool = False
    """The proposal has money from a pool."""
    spending_done: bool = False
    """No more implementation money will be spent."""
    rest_expected: bool = True
    """The rest of the plan's savings is still expected (not after annulleret)."""
    returns_unspent: bool = False
    """The money granted and not spent goes back to the pool."""
    complete: bool = False
    """The proposal is complete: its saving should be realised in full (`kkinvest check`)."""
    kinds: tuple[str, ...] = ()
    """The proposal kinds the status is for (empty: every kind)."""
    needs_note: bool = False
    aliases: tuple[str, ...] = ()


class Statuses(NamedTuple):
    statuses: tuple[Status, ...]
    behind_plan_percent: Decimal
    """Below this share of the planned saving to date, a running proposal is `behind_colour`."""
    behind_colour: str
    source: str = ""
    date: str = ""

    def find(self, name: str) -> Status | None:
        """The status called `name` (its name, title or an alias, ignoring case), or None."""
        wanted = fold(name)
        for status in self.statuses:
            if wanted in {fold(n) for n in (status.name, status.title, *status.aliases)}:
                return status
        return None

    @property
    def names(self) -> list[str]:
        return [status.name for status in self.statuses]


def parse_statuses(data: dict[str, Any]) -> Statuses:
    """Statuses from the parsed contents of a statuses TOML file."""
    statuses = []
    for entry in data["statuses"]:
        colour = str(entry["colour"])
        if colour not in COLOURS:
            raise ValueError(f"status {entry['name']!r}: ukendt farve {colour!r}")
        statuses.append(
            Status(
                name=str(entry["name"]),
                title=str(entry.get("title", entry["name"])),
                colour=colour,
                granted=bool(entry.get("granted", False)),
                spending_done=bool(entry.get("spending_done", False)),
                rest_expected=bool(entry.get("rest_expected", True)),
                returns_unspent=bool(entry.get("returns_unspent", False)),
                complete=bool(entry.get("complete", False)),
                kinds=tuple(entry.get("kinds", ())),
                needs_note=bool(entry.get("needs_note", False)),
                aliases=tuple(entry.get("aliases", ())),
            )
        )
    behind = data.get("behind_plan", {})
    return Statuses(
        statuses=tuple(statuses),
        behind_plan_percent=Decimal(str(behind.get("percent", 100))),
        behind_colour=str(behind.get("colour", "gul")),
        source=str(data.get("source", "")),
        date=str(data.get("date", "")),
    )


@cache
def default_statuses() -> Statuses:
    """The statuses shipped with kkinvest (`statuses.toml` in this package)."""
    import tomllib
    from importlib import resources

    text = resources.files(__package__).joinpath("statuses.toml").read_text("utf-8")
    return parse_statuses(tomllib.loads(text))
