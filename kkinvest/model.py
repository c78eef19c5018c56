"""The domain model: proposals and their lines, as the budget documents describe them.

Pure data, no I/O. Amounts are `Decimal` in thousands of kroner, savings negative and costs
positive. Every model forbids unknown fields, so a typo in a TOML file is an error rather than a
silently ignored value. Committees and administrations are checked against the registry passed
in the validation context (`Proposal.model_validate(data, context={"registry": reg})`); without
one, the registry shipped with kkinvest is used.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from kkinvest.registry import Registry, default_registry

FIRST_YEAR = 1990
LAST_YEAR = 2100


def _year(value: Any) -> int:
    """A calendar year between FIRST_YEAR and LAST_YEAR; TOML table keys arrive as strings."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValueError(f"{value!r} is not a year (expected {FIRST_YEAR}–{LAST_YEAR}, e.g. 2023)")
    return int(text)


def _amount(value: Any) -> Decimal:
    """A finite number. Strings are refused: '1.898' means 1898 to a Dane and 1,898 to Python."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        shown = f"{value!r}" if isinstance(value, str) else type(value).__name__
        raise ValueError(f"expected a number, got {shown}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"expected a finite number, got {value}")
    return amount


Year = Annotated[int, BeforeValidator(_year)]
Amount = Annotated[Decimal, BeforeValidator(_amount)]
Series = dict[Year, Amount]
"""Values per year, e.g. {2023: Decimal(-2000), 2024: Decimal(-4000)}."""


def _choice(aliases: dict[str, str], what: str) -> BeforeValidator:
    """Accept a value case-insensitively, with ASCII spellings of æ/ø as aliases."""

    def check(value: Any) -> str:
        key = str(value).strip().casefold()
        if key in aliases:
            return aliases[key]
        expected = ", ".join(sorted(set(aliases.values())))
        raise ValueError(f"unknown {what} {value!r} (expected one of: {expected})")

    return BeforeValidator(check)


class Section(StrEnum):
    PERMANENT = "varig"  # varige ændringer
    IMPLEMENTATION = "implementering"  # implementeringsomkostninger


class Area(StrEnum):
    """Styringsområde."""

    SERVICE = "service"
    CAPITAL = "anlæg"
    TRANSFERS = "overførsler"


class Kind(StrEnum):
    INVESTMENT = "investering"
    INNOVATION = "innovation"
    EFFICIENCY = "effektivisering"  # a plain efficiency proposal, asking no pool


class PoolName(StrEnum):
    INVESTMENT = "investering"
    INNOVATION = "innovation"
    NONE = "none"


SectionField = Annotated[
    Section,
    _choice({"varig": "varig", "implementering": "implementering"}, "section"),
]
AreaField = Annotated[
    Area,
    _choice(
        {
            "service": "service",
            "anlæg": "anlæg",
            "anlaeg": "anlæg",
            "overførsler": "overførsler",
            "overforsler": "overførsler",
            "overfoersler": "overførsler",
        },
        "area",
    ),
]
KindField = Annotated[
    Kind,
    _choice({k.value: k.value for k in Kind}, "kind"),
]
PoolField = Annotated[
    PoolName,
    _choice({p.value: p.value for p in PoolName}, "pool"),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Line(Model):
    """One line of a proposal's Tabel 1."""

    section: SectionField
    label: str = Field(min_length=1)
    area: AreaField
    values: Series
    in_payback: bool = True
    """False for lines the document leaves out of payback (BC06's grundinvestering)."""
    memo: bool = False
    """True for a line printed for information only: it counts in no total, payback or split."""

    @property
    def counts(self) -> bool:
        return not self.memo

    def value(self, year: int) -> Decimal:
        return self.values.get(year, Decimal(0))


class Stated(Model):
    """Figures as printed in the document, even where wrong. Never used to compute anything."""

    payback_service: int | None = Field(default=None, ge=0)
    payback_total: int | None = Field(default=None, ge=0)
    total_permanent: Series | None = None
    """Samlet varig ændring."""
    total_implementation: Series | None = None
    """Samlede implementeringsomkostninger."""
    total_impact: Series | None = None
    """Samlet økonomisk påvirkning."""


def _registry(info: ValidationInfo) -> Registry:
    context = info.context or {}
    registry = context.get("registry") if isinstance(context, dict) else None
    return registry if isinstance(registry, Registry) else default_registry()


class Proposal(Model):
    """An investment, innovation or efficiency proposal (investerings-/innovationsforslag)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=40)
    title: str = Field(min_length=1)
    kind: KindField
    budget: Year
    price_level: Year
    committee: str
    administration: str
    pool: PoolField
    source: str | None = None
    """Where the figures come from (document and page), for the reader."""
    lines: list[Line] = Field(min_length=1)
    stated: Stated = Stated()

    @field_validator("committee")
    @classmethod
    def _known_committee(cls, value: str, info: ValidationInfo) -> str:
        registry = _registry(info)
        row = registry.committee(value)
        if row is None:
            known = ", ".join(registry.committee_codes())
            raise ValueError(f"unknown committee {value!r} (expected one of: {known})")
        return row.code

    @field_validator("administration")
    @classmethod
    def _known_administration(cls, value: str, info: ValidationInfo) -> str:
        registry = _registry(info)
        admin = registry.administration(value)
        if admin is None:
            known = ", ".join(registry.administration_codes())
            raise ValueError(f"unknown administration {value!r} (expected one of: {known})")
        return admin.code

    @property
    def years(self) -> list[int]:
        """The years of the proposal's table: every year any line has a value for."""
        return sorted({year for line in self.lines for year in line.values})

    def lines_in(self, section: Section) -> list[Line]:
        return [line for line in self.lines if line.section is section]


@dataclass(frozen=True)
class Catalogue:
    """The proposals kkinvest knows of, with the file each came from."""

    proposals: tuple[Proposal, ...]
    sources: dict[str, str] = dc_field(default_factory=dict)  # id -> file, as shown to users

    def find(self, proposal_id: str) -> Proposal | None:
        """The proposal with this id, ignoring case."""
        wanted = proposal_id.strip().casefold()
        return next((p for p in self.proposals if p.id.casefold() == wanted), None)

    def suggest(self, proposal_id: str, n: int = 3) -> list[str]:
        """The ids nearest to a mistyped one."""
        by_fold = {p.id.casefold(): p.id for p in self.proposals}
        close = difflib.get_close_matches(proposal_id.strip().casefold(), by_fold, n=n, cutoff=0.7)
        return [by_fold[c] for c in close]

    @property
    def budgets(self) -> list[int]:
        return sorted({p.budget for p in self.proposals})
