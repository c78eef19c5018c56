"""A proposal as read from a document, before validation: the typed shape every stage of the
recogniser fills in (header.py, tabel_1.py, other_tables.py, split.py, claims.py), and the one
the Word and Excel readers turn into a Proposal (`Draft.to_data` → `Proposal.model_validate`)
or into an annotated TOML file (io/word.py).

Each field is what the document says, or None where it says nothing (never a default the
document did not give): the model decides what may be missing. Values keep the form the model
validates, so a value the document gets wrong (an area "Servce", a committee nobody knows) is
still recorded and the model's message names its cell (`places`).

The nested tables (Tabel A/B/C, the tables of lines, the text's claims, the split, an
innovation proposal's business case) are TypedDicts with the model's field names: the
recogniser builds them whole, and mypy checks every key it writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypedDict

if TYPE_CHECKING:
    from kkinvest.io.grid import Grid

Series = dict[int, Decimal]
"""Amounts by year, in 1.000 kr."""

TotalName = Literal["total_permanent", "total_implementation", "total_impact"]
PaybackName = Literal["payback_service", "payback_total", "payback"]
TechnicalName = Literal["tabel_a", "tabel_b", "tabel_c"]
TOTAL_NAMES: tuple[TotalName, ...] = ("total_permanent", "total_implementation", "total_impact")
TECHNICAL_NAMES: tuple[TechnicalName, ...] = ("tabel_a", "tabel_b", "tabel_c")


@dataclass
class DraftLine:
    """A line of Tabel 1 as read (the model's `Line`). `section` is "?" while no section row
    or totals row has said which it is (an innovation proposal's table; settled or refused
    before the draft is validated). `area` is None where the table gives none, or the text
    the cell holds where it is no area (a workbook: the model's message names the cell)."""

    section: str
    label: str
    area: str | None = None
    values: Series = field(default_factory=dict)
    in_payback: bool = True
    memo: bool = False
    split: str | None = None  # the Bilag's "Linjen »…« fordeles: …"

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"section": self.section, "label": self.label}
        if self.area is not None:
            data["area"] = self.area
        data["values"] = self.values
        if not self.in_payback:
            data["in_payback"] = False
        if self.memo:
            data["memo"] = True
        if self.split is not None:
            data["split"] = self.split
        return data


class StatedTableData(TypedDict, total=False):
    """Tabel A/B/C or a table by committee, as printed (the model's `StatedTable`)."""

    title: str
    section: str
    area: str
    heading_years: list[int]
    price_level: int
    collapsed: bool
    rows: dict[str, Series]
    sub_rows: dict[str, dict[str, Series]]
    total: Series


class StatedLineData(TypedDict, total=False):
    """A line of a table that repeats Tabel 1's lines (the model's `StatedLine`)."""

    label: str
    values: Series
    profit_center: str


class OtherTableData(TypedDict, total=False):
    """A table that repeats Tabel 1's lines, Tabel 2-4 (the model's `OtherTable`)."""

    title: str
    lines: list[StatedLineData]
    total_label: str
    total: Series
    section: str
    area: str
    price_level: int


class ClaimData(TypedDict):
    """A figure the text states (the model's `Claim`)."""

    what: str
    value: Decimal
    unit: str
    where: str
    text: str


class KeyData(TypedDict, total=False):
    """A key as printed: weights, percentages or equal shares (the model's `KeyWeights`)."""

    weights: dict[str, Decimal]
    percent: dict[str, Decimal]
    equal: list[str]
    unit: str


class SplitData(TypedDict, total=False):
    """How the proposal splits over the committees (the model's `Split`)."""

    key: str | KeyData
    costs: str
    fixed: dict[str, Series]
    claimed_key: KeyData
    profit_centers: dict[str, str]


class TentativeData(TypedDict, total=False):
    """An innovation proposal's tentative business case (the model's `Tentative`)."""

    expected_spend: Decimal
    investment_budget: int
    potential_saving: Decimal
    potential_saving_to: Decimal
    criteria: list[str]


@dataclass
class DraftStated:
    """What the document prints besides the lines (the model's `Stated`): Tabel 1's totals and
    paybacks, the other tables, the text's claims. Recorded as printed, even when wrong."""

    payback_service: int | None = None
    payback_total: int | None = None
    payback: int | None = None
    total_permanent: Series | None = None
    total_implementation: Series | None = None
    total_impact: Series | None = None
    area_totals: dict[str, dict[str, Series]] = field(default_factory=dict)
    tabel_a: StatedTableData | None = None
    tabel_b: StatedTableData | None = None
    tabel_c: StatedTableData | None = None
    tables: list[OtherTableData] = field(default_factory=list)
    committee_tables: list[StatedTableData] = field(default_factory=list)
    claims: list[ClaimData] = field(default_factory=list)

    def total(self, name: TotalName) -> Series | None:
        total: Series | None = getattr(self, name)
        return total

    def set_total(self, name: TotalName, values: Series) -> None:
        setattr(self, name, values)

    def set_payback(self, name: PaybackName, years: int) -> None:
        setattr(self, name, years)

    def technical(self, name: TechnicalName) -> StatedTableData | None:
        table: StatedTableData | None = getattr(self, name)
        return table

    def set_technical(self, name: TechnicalName, table: StatedTableData) -> None:
        setattr(self, name, table)

    def update(self, other: DraftStated) -> None:
        """Take what `other` states (Tabel 1's totals and paybacks over a draft's)."""
        for item in fields(self):
            value = getattr(other, item.name)
            if value is not None and value != [] and value != {}:
                setattr(self, item.name, value)

    def to_data(self) -> dict[str, Any]:
        """The model's `stated` table, with only what the document states."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if getattr(self, item.name) not in (None, [], {})
        }


@dataclass
class HeaderFacts:
    """What the header says that is no field of the proposal, for the later stages: the text
    of the Kort resumé, and the lines only kkinvest's Bilag prints (its "Udvalg:",
    "Forslagstype:" and split lines, by which a Bilag kkinvest wrote is known)."""

    summary: str | None = None
    committee: str | None = None  # the Bilag's "Udvalg:" line, over the administration's
    kind_line: str | None = None  # where the Bilag's "Forslagstype:" line is
    # the Bilag's "Fordeling…" lines: their label -> (what the line says, where it is)
    split_stated: dict[str, tuple[str, str]] = field(default_factory=dict)
    line_splits: dict[str, str] = field(default_factory=dict)  # line label -> where it goes
    profit_centers: dict[str, str] = field(default_factory=dict)  # Kvantum row -> centre
    grids: list[Grid] = field(default_factory=list)  # the proposal's tables, in order


class Findings:
    """What a reading says about itself, for the report and the TOML file's comments."""

    source: str
    report: list[tuple[str, str]]  # (where, what was read)
    guesses: dict[str, str]  # field path ("pool", "lines[3].area") -> why (TOML comment)
    unplaced: list[tuple[str, str]]  # (where, what): read, but placed nowhere
    missing: list[str]  # what the user must fill in
    problems: list[tuple[str, str]]  # (where, message): the proposal does not load
    warnings: list[tuple[str, str]]  # (where, message): it loads, the figures may be wrong


@dataclass
class Draft(Findings):
    """A proposal as read from a document, before validation, with what the report says."""

    source: str = ""
    id: str | None = None
    title: str | None = None
    kind: str | None = None
    budget: int | None = None
    price_level: int | None = None
    committee: str | None = None
    administration: str | None = None
    pool: str | None = None
    funds_from: str | None = None
    affected: list[str] | None = None
    row_set: str | None = None
    lifetime: int | None = None
    lifetime_source: str | None = None
    tentative: TentativeData | None = None
    summary: str | None = None
    risk_assessment: str | None = None
    lines: list[DraftLine] = field(default_factory=list)
    split: SplitData | None = None
    stated: DraftStated = field(default_factory=DraftStated)
    facts: HeaderFacts = field(default_factory=HeaderFacts)
    places: dict[tuple[Any, ...], str] = field(default_factory=dict)  # model path -> cell
    report: list[tuple[str, str]] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def shown_id(self) -> str:
        """The id for a message: "?" before the header gave one."""
        return self.id or "?"

    def to_data(self) -> dict[str, Any]:
        """The proposal as a catalogue file writes it (what the model validates), the fields
        in the order the TOML file shows them; what the document does not say is left out."""
        data: dict[str, Any] = {}
        for name in _FIELD_ORDER:
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.lines:
            data["lines"] = [line.to_data() for line in self.lines]
        if self.split:
            data["split"] = self.split
        stated = self.stated.to_data()
        if stated:
            data["stated"] = stated
        return data


_FIELD_ORDER = (
    "id",
    "title",
    "kind",
    "budget",
    "price_level",
    "committee",
    "administration",
    "pool",
    "funds_from",
    "affected",
    "row_set",
    "lifetime",
    "lifetime_source",
    "tentative",
    "summary",
    "risk_assessment",
)


class CommitteeFiguresData(TypedDict, total=False):
    """A committee's row of the overview's Tabel 1 (the model's `CommitteeFigures`)."""

    investment_count: int
    innovation_count: int
    investment: Decimal
    savings: Decimal


AmountField = Literal["service", "capital", "savings_service", "savings_transfers", "amount"]


class ApplicationData(TypedDict, total=False):
    """A proposal's row of the overview's Tabel 2 or 3 (the model's application rows)."""

    committee: str
    marker: str
    service: Decimal
    capital: Decimal
    savings_service: Decimal
    savings_transfers: Decimal
    amount: Decimal
    payback: int


class OverviewTable1Data(TypedDict):
    rows: dict[str, CommitteeFiguresData]
    total: CommitteeFiguresData


class ApplicationsData(TypedDict, total=False):
    rows: dict[str, ApplicationData]
    total: ApplicationData | Decimal  # Tabel 3 prints one total amount
    footnotes: dict[str, str]


@dataclass
class PoolDraft(Findings):
    """A Bilag's pool overview as read (a pool file's `[pool]` table), with the report."""

    source: str = ""
    remaining: Decimal | None = None
    price_level: int | None = None
    stated_asked: Decimal | None = None
    budget: int | None = None
    tabel_1: OverviewTable1Data | None = None
    committee_labels: dict[str, str] | None = None
    tabel_2: ApplicationsData | None = None
    tabel_3: ApplicationsData | None = None
    outside_criteria: list[str] | None = None
    no_pool_file: str | None = None  # where the Bilag says it had no pool file
    titles: dict[str, str] = field(default_factory=dict)  # application id -> its title
    report: list[tuple[str, str]] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def applications(self, name: Literal["tabel_2", "tabel_3"]) -> ApplicationsData | None:
        table: ApplicationsData | None = getattr(self, name)
        return table

    def to_data(self) -> dict[str, Any]:
        """The pool file's `[pool]` table: what the overview prints, nothing more."""
        names = (
            "remaining",
            "price_level",
            "stated_asked",
            "budget",
            "tabel_1",
            "committee_labels",
            "tabel_2",
            "tabel_3",
            "outside_criteria",
        )
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}
