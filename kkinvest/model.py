"""The domain model: proposals and their lines, as the budget documents describe them.

Pure data, no I/O. Amounts are `Decimal` in thousands of kroner, savings negative and costs
positive. Every model forbids unknown fields, so a typo in a TOML file is an error rather than a
silently ignored value. Committees and administrations are checked against the registry passed
in the validation context (`Proposal.model_validate(data, context={"registry": reg})`); without
one, the registry shipped with kkinvest is used.

No `from __future__ import annotations` here: pydantic would evaluate every annotation string
at import, a cost every command pays (start-up, issue 12).
"""

import datetime
import difflib
import re
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kkinvest.formats.ids import ID_MAX_LENGTH, ID_PATTERN
from kkinvest.money import bounded
from kkinvest.registry import Registry, default_registry, fold

if TYPE_CHECKING:
    from kkinvest.model_followup import FollowUpBook

FIRST_YEAR = 1990
LAST_YEAR = 2100


def as_year(value: Any) -> int:
    """A calendar year between FIRST_YEAR and LAST_YEAR; TOML table keys arrive as strings."""
    text = str(value).strip()
    if (
        isinstance(value, bool)
        or not (text.isascii() and text.isdigit())
        or not FIRST_YEAR <= int(text) <= LAST_YEAR
    ):
        shown = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(
            f"{shown} er ikke et årstal (skriv et år {FIRST_YEAR}–{LAST_YEAR}, fx 2023)"
        )
    if text != str(int(text)):  # "02024" would silently become 2024, beside a "2024"
        raise ValueError(f"{value!r} er ikke skrevet som et år: skriv {int(text)}")
    return int(text)


def _distinct_years(value: Any) -> Any:
    """Refuse two keys that name the same year ("2024" and " 2024"): one would be lost."""
    if isinstance(value, dict):
        seen: dict[str, Any] = {}
        for key in value:
            text = str(key).strip()
            if text in seen:
                raise ValueError(f"året {text} står to gange ({seen[text]!r} og {key!r})")
            seen[text] = key
    return value


def _amount(value: Any) -> Decimal:
    """A finite number. Strings are refused: '1.898' means 1898 to a Dane and 1,898 to Python."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        shown = f"{value!r}" if isinstance(value, str) else type(value).__name__
        shown = {
            "float": "et kommatal",
            "list": "en liste",
            "dict": "en tabel",
            "bool": "sand/falsk",
            "date": "en dato",
            "datetime": "et tidspunkt",
            "time": "et klokkeslæt",
        }.get(shown, shown)
        hint = _quoted_number_hint(value)
        raise ValueError(f"her skal stå et tal, ikke {shown}{hint}")
    return bounded(Decimal(value))  # finite, at most 15 digits


_QUOTED = r"^\s*[+-]?\d[\d._]*(,\d+)?\s*$"  # compiled on first use (re's cache)


def _quoted_number_hint(value: Any) -> str:
    """For a number written in quotes ("1898"): say to remove the quotes, and how to write it."""
    if not isinstance(value, str) or not re.match(_QUOTED, value):
        return ""
    text = value.strip()
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # Danish thousands separators
    text = text.replace(",", ".")
    return f" — fjern anførselstegnene: skriv {text}"


_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"  # compiled when used
MAX_TEXT = 500
"""The longest title, label or note: more than a document's cell or heading holds."""


def _text(value: Any, limit: int = MAX_TEXT) -> Any:
    """Text without control characters (C0 but tab and line break, DEL, C1) or characters XML
    cannot hold (a spreadsheet or Word document could not take them, nor be read back),
    trimmed, at most `limit` characters. A carriage return is a line break: XML turns it
    into one, so a title read back from a workbook would differ from the TOML's."""
    if isinstance(value, str):
        if len(value) > limit:
            raise ValueError(
                f"teksten er {len(value):,} tegn lang; højst {limit} tegn".replace(",", ".")
            )
        value = value.replace("\r\n", "\n").replace("\r", "\n")  # as a workbook gives it back
        found = re.search(_CONTROL, value)
        if found:
            raise ValueError(
                f"indeholder et kontroltegn (U+{ord(found.group()):04X}): {value[:60]!r}; slet det"
            )
        return value.strip()
    return value


Text = Annotated[str, BeforeValidator(_text)]
MAX_PROSE = 5000
"""The longest passage of a proposal's text (its Kort resumé): a page and a half."""


def _prose(value: Any) -> Any:
    """A passage of text: as `_text`, but up to MAX_PROSE characters."""
    return _text(value, MAX_PROSE)


Prose = Annotated[str, BeforeValidator(_prose)]
Year = Annotated[int, BeforeValidator(as_year)]
Amount = Annotated[Decimal, BeforeValidator(_amount)]
Series = Annotated[dict[Year, Amount], BeforeValidator(_distinct_years)]
"""Values per year, e.g. {2023: Decimal(-2000), 2024: Decimal(-4000)}."""


def _choice(aliases: dict[str, str], what: str) -> BeforeValidator:
    """Accept a value case-insensitively, with ASCII spellings of æ/ø as aliases."""

    def check(value: Any) -> str:
        expected = ", ".join(sorted(set(aliases.values())))
        if not isinstance(value, str):
            raise ValueError(f"skriv en af: {expected}")
        key = value.strip().casefold()
        if key in aliases:
            return aliases[key]
        near = difflib.get_close_matches(key, list(aliases), n=1, cutoff=0.6)
        hint = f"mente du {aliases[near[0]]!r}? " if near else ""
        write = "Skriv" if hint else "skriv"
        raise ValueError(
            f"ukendt {WHAT.get(what, what)} {value!r}; {hint}{write} en af: {expected}"
        )

    return BeforeValidator(check)


WHAT = {
    "section": "sektion",
    "area": "styringsområde",
    "kind": "type",
    "pool": "pulje",
    "effect": "virkning",
}
"""The Danish words for the choices `_choice` checks."""


def unknown_name(
    what: str, value: Any, known: list[tuple[str, str]], registry: Registry | None = None
) -> str:
    """'ukendt udvalg 'Socialudvalg'; mente du SUD (Socialudvalget)? Skriv en af: ...', with
    every code and full name accepted."""
    names: dict[str, str] = {}
    for code, name in known:
        for spelling in (code, name):
            names[" ".join(spelling.split()).casefold()] = code
    text = " ".join(str(value).split()).casefold()
    near = difflib.get_close_matches(text, list(names), n=1, cutoff=0.6)
    full = dict(known)
    hint = f"mente du {names[near[0]]} ({full[names[near[0]]]})? " if near else ""
    listed = ", ".join(f"{code} ({name})" if name != code else code for code, name in known)
    return f"ukendt {what} {value!r}; {hint}{'S' if hint else 's'}kriv en af: {listed}"


class Missing(NamedTuple):
    """How to speak of a field a proposal may load without."""

    none: str  # "intet udvalg"
    it: str  # "det": what the command needs
    fill_in: str  # where to fill it in, in the document or the TOML file


MISSING = {
    "committee": Missing(
        "intet udvalg",
        "det",
        "udfyld 'Fremstillende forvaltning' i dokumentet, eller skriv udvalget i "
        'forslagets TOML-fil (fx committee = "ØU")',
    ),
    "kind": Missing(
        "ingen forslagstype",
        "den",
        "skriv forslagstypen som overskrift i dokumentet (fx INVESTERINGSFORSLAG), "
        'eller i forslagets TOML-fil (fx kind = "investering")',
    ),
    "pool": Missing(
        "ingen pulje",
        "den",
        "udfyld 'Der søges om midler fra' i dokumentet, eller skriv puljen i "
        'forslagets TOML-fil (fx pool = "investering")',
    ),
}
"""The fields a document may leave empty (committee, kind, pool), worded once for the
commands that stop (`MissingField`) and for `kkinvest check`, which reports them."""


class MissingField(ValueError):
    """A command needs a field the proposal loaded without (a document that names no
    committee loads with what it has): the command stops, naming the proposal and what to
    fill in."""

    def __init__(self, proposal_id: str, field: str) -> None:
        words = MISSING[field]
        super().__init__(
            f"forslaget {proposal_id} har {words.none} ({field}), og kommandoen skal bruge "
            f"{words.it}: {words.fill_in}"
        )


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
    _choice(
        {**{p.value: p.value for p in PoolName}, "ingen": "none", "ingen pulje": "none"}, "pool"
    ),
]


class Model(BaseModel):
    # defer_build: a model's validator is built when first used, not at import; a catalogue
    # from the cache (kkinvest.io.cache) is used without ever building one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Line(Model):
    """One line of a proposal's Tabel 1."""

    section: SectionField
    label: Text = Field(min_length=1)
    area: AreaField
    values: Series
    in_payback: bool = True
    """False for lines the document leaves out of payback (BC06's grundinvestering)."""
    memo: bool = False
    """True for a line printed for information only: it counts in no total, payback or split."""
    split: str | None = None
    """Where this line goes in Tabel A-C, when not by the proposal's split: a Kvantum row or an
    administration ("BUF" lands in BUU), "key" (the proposal's key) or a key's name."""
    profit_center: Text | None = None
    """"Bevilling, profitcenter" as printed for the line, e.g. "3170"."""

    @field_validator("split")
    @classmethod
    def _known_split(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _target(value, _registry(info))

    @property
    def counts(self) -> bool:
        return not self.memo

    def value(self, year: int) -> Decimal:
        return self.values.get(year, Decimal(0))


def _unit_code(name: str, registry: Registry) -> str:
    """An administration's or a Kvantum row's code, from its code, name or alias."""
    admin = registry.administration(name)
    if admin is not None:
        return admin.code
    row = registry.row(name)
    if row is not None:
        return row.code
    rows = [(r.code, r.name) for r in registry.rows]
    admins = [(a.code, a.name) for a in registry.administrations]
    raise ValueError(unknown_name("række eller forvaltning", name, admins + rows, registry))


def _printed_unit_code(name: str, registry: Registry) -> str:
    """As `_unit_code`, or a row of an older row set that is part of a committee ("... - EI"):
    a key table may print a committee in two rows (check compares them together)."""
    row = registry.any_row(name)
    if row is not None and row.counts_as is not None and registry.row(name) is None:
        return row.code
    return _unit_code(name, registry)


def _target(name: str, registry: Registry) -> str:
    """Where an amount goes: a Kvantum row or administration (its code), "key" (the
    proposal's key), or the name of a key (checked when the catalogue is loaded)."""
    text = name.strip()
    if text.casefold() == "key":
        return "key"
    admin = registry.administration(text)
    if admin is not None:
        return admin.row
    row = registry.row(text)
    if row is not None:
        return row.code
    if re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", text):
        return text
    known = ", ".join(registry.row_codes)
    raise ValueError(
        f"ukendt række eller nøgle {name!r} (forventet en af: {known}, "
        '"key" eller navnet på en nøgle)'
    )


def _any_row_code(name: str, registry: Registry) -> str:
    """A row of today's Kvantum rows or of an older row set (registry row sets)."""
    row = registry.any_row(name)
    if row is None:
        known = ", ".join(registry.row_codes)
        raise ValueError(
            f"ukendt række {name!r} (forventet en af: {known}, eller en række fra et "
            "rækkesæt i registret)"
        )
    return row.code


def _row_code(name: str, registry: Registry) -> str:
    row = registry.row(name)
    if row is None:
        rows = [(r.code, r.name) for r in registry.rows]
        raise ValueError(unknown_name("Kvantum-række", name, rows, registry))
    return row.code


def _codes(names: dict[str, Any], to_code: Any, registry: Registry) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in names.items():
        code = to_code(name, registry)
        if code in result:
            raise ValueError(f"{name!r} er angivet to gange (som {code}); slet den ene")
        result[code] = value
    return result


def _iso_date(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        datetime.date.fromisoformat(text + "-01" * (2 - text.count("-")))
    except ValueError:
        raise ValueError(f"{text!r} er ikke en dato (skriv fx 2022-03-10 eller 2023-06)") from None
    return text


class KeyPart(Model):
    """One key inside a composite key, with its weight (e.g. 50 for 50 %)."""

    key: str = Field(min_length=1)
    weight: Amount = Field(gt=0)


class KeyWeights(Model):
    """How a key splits: weights per administration or Kvantum row, an equal split over some
    rows, or other keys combined with weights. Exactly one of the three."""

    weights: dict[str, Amount] | None = None
    equal: list[str] | None = None
    parts: list[KeyPart] | None = None
    percent: dict[str, Amount] | None = None
    """A key the document prints only as percentages: the percentages are the weights, and
    `kkinvest check` reports it if they do not add up to 100."""
    unit: Text | None = Field(default=None, max_length=40)
    """What the weights count, as the source gives it ("mobilenheder", "m²", "1.000 kr.");
    printed beside them, never used to split."""

    @field_validator("weights", "percent")
    @classmethod
    def _known_weights(
        cls, value: dict[str, Decimal] | None, info: ValidationInfo
    ) -> dict[str, Decimal] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("nøglen har ingen vægte")
        if any(w < 0 for w in value.values()):
            bad = ", ".join(k for k, w in value.items() if w < 0)
            raise ValueError(f"negativ vægt for {bad}; vægte skal være 0 eller derover")
        if sum(value.values()) == 0:
            raise ValueError("vægtene summer til 0")
        return _codes(value, _unit_code, _registry(info))

    @field_validator("equal")
    @classmethod
    def _known_rows(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return None
        if not value:
            raise ValueError("en lige fordeling (equal) skal have mindst én række")
        return list(_codes(dict.fromkeys(value, 1), _unit_code, _registry(info)))

    @field_validator("parts")
    @classmethod
    def _some_parts(cls, value: list[KeyPart] | None) -> list[KeyPart] | None:
        if value is not None and not value:
            raise ValueError("en sammensat nøgle (parts) skal have mindst én del")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        names = ("weights", "equal", "parts", "percent")
        given = [n for n in names if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("angiv præcis én af weights, equal, parts og percent")
        return self

    @property
    def given_weights(self) -> dict[str, Decimal] | None:
        """The weights per code, whether given as weights or as percentages."""
        return self.weights if self.weights is not None else self.percent


class Key(KeyWeights):
    """A named distribution key (fordelingsnøgle), with where it comes from."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=60)
    title: Text | None = None
    source: Text | None = None
    date: Annotated[str, BeforeValidator(_iso_date)] | None = None
    """When the figures were taken: 2022-03-10, or 2023-06 where the document gives a month."""
    family: Text | None = None
    """Keys of one family (e.g. "intune"): the family name resolves to the newest of them."""
    stated_percent: dict[str, Amount] | None = None
    """The shares in % as the document prints them, if it does."""
    stated_total: Amount | None = None

    @field_validator("stated_percent")
    @classmethod
    def _known_percent(
        cls, value: dict[str, Decimal] | None, info: ValidationInfo
    ) -> dict[str, Decimal] | None:
        return None if value is None else _codes(value, _printed_unit_code, _registry(info))


class Split(Model):
    """How a proposal's permanent changes are split over the Kvantum rows.

    Savings go by `key`; cost lines go to `costs` (a Kvantum row such as "KIT", "key" when
    the administrations pay for the service themselves, or the name of another key). A line's
    own `split` overrides both. Without a split, everything lands on the proposing committee.
    `fixed` gives the split as amounts per row and year instead, as a document may (recorded as
    printed; `kkinvest check` reports amounts that do not add up to the permanent change).
    """

    key: Annotated[str, Field(min_length=1)] | KeyWeights | None = None
    costs: str | None = None
    fixed: dict[str, Series] | None = None
    claimed_key: KeyWeights | None = None
    """The key the text says the fixed amounts follow (for `kkinvest check`)."""
    profit_centers: dict[str, Text] = {}
    """Text for the column "Bevilling, profitcenter mv." per row, e.g. {"KEID": "1170"}."""

    @field_validator("costs")
    @classmethod
    def _known_costs(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _target(value, _registry(info))

    @field_validator("fixed")
    @classmethod
    def _known_fixed(
        cls, value: dict[str, dict[int, Decimal]] | None, info: ValidationInfo
    ) -> dict[str, dict[int, Decimal]] | None:
        return None if value is None else _codes(value, _any_row_code, _registry(info))

    @field_validator("profit_centers")
    @classmethod
    def _known_centers(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        return _codes(value, _row_code, _registry(info))

    @model_validator(mode="after")
    def _key_or_fixed(self) -> Self:
        if self.fixed is not None and self.key is not None:
            raise ValueError("angiv enten key eller fixed (faste beløb), ikke begge")
        return self


def _row_keys(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    return _codes(value, _any_row_code, _registry(info))


class StatedTable(Model):
    """A table by Kvantum row as printed (Tabel A, B or C, or a table of the investment or the
    permanent change by committee): rows by row, values by the year they belong to ("-"
    recorded as 0). Recorded as printed even where the rows do not add up.

    Rows may be of an older row set ("Økonomiudvalget - ekskl. koncernenheder"). A row may have
    sub-rows ("Effektivisering", "Omkostning"), each with its own values and percentage;
    amounts may have decimals (a cell printed -56,33 is compared at two decimals)."""

    title: Text | None = None
    section: SectionField | None = None
    """For a table in `committee_tables`: "implementering" (the investment by committee,
    e.g. "Fordeling af anlægsinvesteringer") or "varig" (the permanent change by committee)."""
    area: AreaField | None = None
    """The area the table covers (e.g. "anlæg" for "Fordeling af anlægsinvesteringer")."""
    heading_years: list[Year] | None = None
    """The years the heading prints, where they are not the years the values belong to."""
    price_level: Year | None = None
    """The p/l the table's heading prints ("1.000 kr. 2016 p/l"), if not the proposal's."""
    collapsed: bool = False
    """True for the 7-row layout with the group units folded into Økonomiudvalget."""
    rows: dict[str, Series] = {}
    sub_rows: dict[str, dict[str, Series]] = {}
    """Per row, its sub-rows by label, e.g. {"BUU": {"Effektivisering": {...}, ...}}."""
    percent: dict[str, Amount] = {}
    """The percentage printed beside a row (a row printed only as "100 %" has no values)."""
    sub_percent: dict[str, dict[str, Amount]] = {}
    total: Series | None = None
    total_percent: Amount | None = None

    @field_validator("rows", "sub_rows", "percent", "sub_percent")
    @classmethod
    def _known_rows(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        return _row_keys(value, info)


class StatedLine(Model):
    """A line of another table, as printed."""

    label: Text = Field(min_length=1)
    values: Series
    same_as: Text | None = None
    """The Tabel 1 line this is, where the table prints it under another label (a later
    table's "Intern projektleder" for Tabel 1's "Projektledelse")."""
    profit_center: Text | None = None
    """"Bevilling, profitcenter" as printed, e.g. "3170" or "KIT Anlæg"."""
    area: AreaField | None = None


class OtherTable(Model):
    """Another table of the document that repeats some of Tabel 1's lines (e.g. BC01's Tabel
    3.1, or any proposal's Tabel 2-4 by "Bevilling, profitcenter"), as printed: a line with the
    same label as a Tabel 1 line (or `same_as` one) is compared with it, and the total with
    Tabel 1's lines of the same `section` and `area`."""

    title: Text = Field(min_length=1)
    lines: list[StatedLine] = []
    total_label: Text | None = None
    total: Series | None = None
    section: SectionField | None = None
    """What the table's total is: "varig" (permanent changes) or "implementering"."""
    area: AreaField | None = None
    """The area of Tabel 1's lines the total is compared with (none: all areas)."""
    heading_years: list[Year] | None = None
    price_level: Year | None = None


class ClaimWhat(StrEnum):
    INVESTMENT = "investment"  # the total investment
    SAVING = "saving"  # the permanent saving at full phase-in (as printed: positive)
    PAYBACK = "payback"
    LINE = "line"  # a line's value in a year
    POTENTIAL = "potential_saving"  # an innovation proposal's potential permanent saving


CLAIM_WORDS = {
    ClaimWhat.INVESTMENT: "investering",
    ClaimWhat.SAVING: "besparelse",
    ClaimWhat.PAYBACK: "tilbagebetalingstid",
    ClaimWhat.LINE: "linje",
    ClaimWhat.POTENTIAL: "potentiale",
}
"""Each kind of claim as a user reads it (and may write it in a file)."""

ClaimWhatField = Annotated[
    ClaimWhat,
    _choice(
        {
            **{w.value: w.value for w in ClaimWhat},
            **{word: what.value for what, word in CLAIM_WORDS.items()},
        },
        "claim",
    ),
]
UnitField = Annotated[
    str,
    _choice(
        {
            "1.000 kr.": "1.000 kr.",
            "t. kr.": "1.000 kr.",
            "tkr.": "1.000 kr.",
            "kr.": "kr.",
            "mio. kr.": "mio. kr.",
            "mia. kr.": "mia. kr.",
            "år": "år",
        },
        "unit",
    ),
]


class Claim(Model):
    """A figure the text states, as kkinvest can test it: "en samlet investering på 9,8 mio.
    kr." is `what = "investment"`, `value = 9.8`, `unit = "mio. kr."`. Compared at the
    precision printed (9,8 mio. kr. holds for 9.750 to 9.849)."""

    what: ClaimWhatField
    value: Amount
    value_to: Amount | None = None
    """The upper end where the text gives a range ("5-7 mio. kr.")."""
    unit: UnitField = "1.000 kr."
    where: Text | None = None
    """Where the text says it, e.g. "afsnit 3, Økonomi"."""
    text: Text | None = None
    """The words as printed."""
    line: Text | None = None
    """For `what = "line"`: the Tabel 1 line."""
    year: Year | None = None
    """For "line": the year (none: the line's total); for "investment": the year (none: all
    years); for "saving": the year of full phase-in (default: the table's last year; a year
    the table does not cover is not compared)."""
    basis: Annotated[str, _choice({"service": "service", "total": "total"}, "basis")] | None = None
    area: AreaField | None = None
    """For "saving" and "investment": only lines of this area."""
    with_memo: bool = False
    """True where the text's figure includes the lines printed for information only (memo)."""


class RiskEffect(StrEnum):
    COST = "udgift"  # an extra cost if it happens
    SAVING = "besparelse"  # a saving that falls short if it happens


RiskEffectField = Annotated[
    RiskEffect, _choice({"udgift": "udgift", "besparelse": "besparelse"}, "effect")
]
MAX_RISKS = 12
"""Costed risks per proposal (the state's business-case model holds up to 12)."""


class Risk(Model):
    """One costed risk of a proposal's risk register (risikoregister): the probability that it
    happens, and a three-point estimate (low, likely, high; 1.000 kr., each of its years) of
    what it costs then (an extra cost, or a saving that falls short)."""

    name: Text = Field(min_length=1)
    probability: Amount = Field(gt=0, le=100)
    """In % (30 = 30 %)."""
    low: Amount = Field(ge=0)
    likely: Amount = Field(ge=0)
    high: Amount = Field(ge=0)
    years: list[Year] = Field(min_length=1, max_length=100)
    """The years in which the amount falls, each year the whole amount."""
    effect: RiskEffectField = RiskEffect.COST
    note: Text | None = None

    @model_validator(mode="after")
    def _three_points_in_order(self) -> Self:
        if not self.low <= self.likely <= self.high:
            raise ValueError(
                f"low ≤ likely ≤ high gælder ikke ({self.low} / {self.likely} / {self.high}); "
                "ret de tre beløb"
            )
        if len(set(self.years)) != len(self.years):
            raise ValueError("years nævner et år to gange; nævn hvert år én gang")
        return self


MAX_RISK_TEXT = 10_000
"""The longest risk assessment kept as text: a document's section, not a cell."""


def _assessment(value: Any) -> Any:
    """A risk assessment as printed: text, up to MAX_RISK_TEXT characters."""
    if isinstance(value, str) and len(value) > MAX_RISK_TEXT:
        raise ValueError(
            f"teksten er {len(value):_} tegn lang; højst 10.000 tegn".replace("_", ".")
        )
    if isinstance(value, str):
        found = re.search(_CONTROL, value)
        if found:
            raise ValueError(f"indeholder et kontroltegn (U+{ord(found.group()):04X}); slet det")
        return value.strip()
    return value


LongText = Annotated[str, BeforeValidator(_assessment)]


class Tentative(Model):
    """An innovation proposal's tentative business case (tentativ businesscase)."""

    expected_spend: Amount | None = None
    """The expected spend (1.000 kr.)."""
    expected_spend_by_year: Series | None = None
    investment_budget: Year | None = None
    """The budget for which an investment proposal is expected."""
    potential_saving: Amount | None = None
    """The potential permanent saving in 1.000 kr., with the sign as printed (-1000 and 1000
    both mean a saving of 1 mio. kr.); a range "5-7 mio. kr." is potential_saving = 5000,
    potential_saving_to = 7000."""
    potential_saving_to: Amount | None = None
    criteria: list[Text] = []
    """The priority criteria marked with X: "tværgående effektivisering", "storskala",
    "ny teknologi"."""


class Stated(Model):
    """Figures as printed in the document, even where wrong. Never used to compute anything."""

    payback_service: int | None = Field(default=None, ge=0, le=999)
    payback_total: int | None = Field(default=None, ge=0, le=999)
    payback: int | None = Field(default=None, ge=0, le=999)
    """One payback printed for both bases ("Tilbagebetalingstid (Break Even)")."""
    total_permanent: Series | None = None
    """Samlet varig ændring."""
    total_implementation: Series | None = None
    """Samlede implementeringsomkostninger."""
    total_impact: Series | None = None
    """Samlet økonomisk påvirkning."""
    area_totals: dict[str, dict[AreaField, Series]] = {}
    """Totals Tabel 1 prints once per area ("Samlet varig ændring | Service" and "Samlet varig
    ændring | Overførsler"), by totals row and area, e.g. {"total_permanent": {"service":
    {...}}}; each is compared with the lines of its area. A blank cell is no value."""
    price_level: Year | None = None
    """The p/l Tabel 1's heading prints, where it is not the proposal's `price_level`."""
    heading_years: list[Year] | None = None
    """The years Tabel 1's heading prints, where they are not the years the values belong to."""
    tabel_a: StatedTable | None = None
    tabel_b: StatedTable | None = None
    tabel_c: StatedTable | None = None
    tables: list[OtherTable] = []
    committee_tables: list[StatedTable] = []
    """Tables by committee other than A-C: the investment ("Fordeling af anlægsinvesteringer",
    section "implementering") or the permanent change ("varig", e.g. with sub-rows)."""
    claims: list[Claim] = []

    @field_validator("area_totals")
    @classmethod
    def _total_rows(cls, value: dict[str, Any]) -> dict[str, Any]:
        known = ("total_permanent", "total_implementation", "total_impact")
        for name in value:
            if name not in known:
                raise ValueError(f"{name!r}: skriv en af {', '.join(known)}")
        return value

    @field_validator("committee_tables")
    @classmethod
    def _sections(cls, value: list[StatedTable]) -> list[StatedTable]:
        for number, table in enumerate(value, start=1):
            if table.section is None:
                raise ValueError(f'tabel {number}: angiv section = "implementering" eller "varig"')
        return value


def _registry(info: ValidationInfo) -> Registry:
    context = info.context or {}
    registry = context.get("registry") if isinstance(context, dict) else None
    return registry if isinstance(registry, Registry) else default_registry()


class Proposal(Model):
    """An investment, innovation or efficiency proposal (investerings-/innovationsforslag)."""

    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)  # one rule: formats/ids.py
    title: Text = Field(min_length=1)
    kind: KindField | None = None
    budget: Year | None = None
    """None where the document gives no budget year (`kkinvest check` reports it)."""
    price_level: Year | None = None
    """None where "Angiv p/l" is empty (`kkinvest check` reports it; never guessed)."""
    committee: str | None = None
    """The proposing committee (udvalg); None where the document names none (every command
    that needs it says so)."""
    administration: str | None = None
    """Fremstillende forvaltning; None where unfilled ("Vælg forvaltning")."""
    administration_unfilled: bool = Field(default=False, exclude=True)
    """True where the document prints the unfilled drop-down "Vælg forvaltning" (set from
    `administration`; `kkinvest check` quotes it only then)."""
    pool: PoolField | None = None
    source: Text | None = None
    """Where the figures come from (document and page), for the reader."""
    affected: list[str] | None = None
    """Berørte forvaltninger: the administrations ticked as affected (None: not recorded)."""
    funds_from: Text | None = None
    """"Der søges om midler fra" as printed, e.g. "Investeringspuljen"."""
    summary: Prose | None = None
    """The proposal's Kort resumé, as the document words it (the Bilag prints it)."""
    row_set: str | None = None
    """The row set of the technical tables, where not the one of the budget year."""
    tentative: Tentative | None = None
    """An innovation proposal's tentative business case."""
    lines: list[Line] = Field(min_length=1)
    split: Split | None = None
    stated: Stated = Field(default_factory=Stated)  # built when used, not at import
    lifetime: int | None = Field(default=None, ge=1, le=100)
    """The asset's lifetime in years (levetid), where the proposal states it: the present
    value then runs over it (else over 10 years)."""
    lifetime_source: Text | None = None
    """Where the lifetime is stated: the document's sentence."""
    risks: list[Risk] = Field(default_factory=list, max_length=MAX_RISKS)
    """The costed risks (risikoregister); their expected value is the risk reserve."""
    risk_assessment: LongText | None = None
    """The document's "Risikovurdering" as printed, where it gives no figures."""

    @field_validator("lines")
    @classmethod
    def _document_order(cls, value: list[Line]) -> list[Line]:
        """Lines in the order Tabel 1 prints them: permanent changes before implementation
        costs, and in each section the lines for information only (memo) after the others.
        The order within those groups is kept."""
        return sorted(value, key=lambda line: (line.section is Section.IMPLEMENTATION, line.memo))

    @field_validator("committee")
    @classmethod
    def _known_committee(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        registry = _registry(info)
        row = registry.committee(value)
        if row is None:
            committees = [(r.code, r.name) for r in registry.rows if r.committee]
            raise ValueError(unknown_name("udvalg", value, committees, registry))
        return row.code

    @model_validator(mode="before")
    @classmethod
    def _unfilled_as_printed(cls, data: Any) -> Any:
        value = data.get("administration") if isinstance(data, dict) else None
        if isinstance(value, str) and fold(value).strip() == "vælg forvaltning":
            return {**data, "administration_unfilled": True}
        return data

    @field_validator("administration", mode="before")
    @classmethod
    def _unfilled(cls, value: Any) -> Any:
        """The template's unfilled drop-down ("Vælg forvaltning") is no administration."""
        if isinstance(value, str) and fold(value) in ("", "vælg forvaltning"):
            return None
        return value

    @field_validator("affected")
    @classmethod
    def _known_affected(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return None
        return list(_codes(dict.fromkeys(value, 1), _admin_code, _registry(info)))

    @field_validator("row_set")
    @classmethod
    def _known_row_set(cls, value: str | None, info: ValidationInfo) -> str | None:
        registry = _registry(info)
        if value is None:
            return None
        found = registry.row_set(value)
        if found is None:
            known = ", ".join(s.name for s in registry.row_sets)
            raise ValueError(f"ukendt rækkesæt {value!r} (kendte: {known})")
        return found.name

    @field_validator("administration")
    @classmethod
    def _known_administration(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        registry = _registry(info)
        admin = registry.administration(value)
        if admin is None:
            admins = [(a.code, a.name) for a in registry.administrations]
            raise ValueError(unknown_name("forvaltning", value, admins, registry))
        return admin.code

    @property
    def proposing_committee(self) -> str:
        """The committee, for what cannot do without it (a split, the pools' committee rows,
        the Bilag's tables); MissingField where the proposal names none."""
        if self.committee is None:
            raise MissingField(self.id, "committee")
        return self.committee

    @property
    def known_kind(self) -> Kind:
        """The kind, for what cannot do without it; MissingField where none is given."""
        if self.kind is None:
            raise MissingField(self.id, "kind")
        return self.kind

    @property
    def known_pool(self) -> PoolName:
        """The pool asked, for what cannot do without it; MissingField where none is given."""
        if self.pool is None:
            raise MissingField(self.id, "pool")
        return self.pool

    @property
    def potential_saving(self) -> tuple[Decimal, Decimal] | None:
        """An innovation proposal's potential permanent saving (low, high), 1.000 kr."""
        t = self.tentative
        if t is None or t.potential_saving is None:
            return None
        low = abs(t.potential_saving)
        return low, low if t.potential_saving_to is None else abs(t.potential_saving_to)

    @property
    def years(self) -> list[int]:
        """The years of the proposal's table: every year any line has a value for."""
        return sorted({year for line in self.lines for year in line.values})

    def lines_in(self, section: Section) -> list[Line]:
        return [line for line in self.lines if line.section is section]


def _admin_code(name: str, registry: Registry) -> str:
    admin = registry.administration(name)
    if admin is None:
        known = ", ".join(registry.administration_codes())
        raise ValueError(f"ukendt forvaltning {name!r} (forventet en af: {known})")
    return admin.code


def _committee_code(name: str, registry: Registry) -> str:
    row = registry.committee(name)
    if row is None:
        committees = [(r.code, r.name) for r in registry.rows if r.committee]
        raise ValueError(unknown_name("udvalg", name, committees, registry))
    return row.code


class CommitteeFigures(Model):
    """A row of the overview's Tabel 1, as printed (amounts in mio. kr.)."""

    investment_count: int = Field(default=0, ge=0, le=999_999)
    innovation_count: int = Field(default=0, ge=0, le=999_999)
    investment: Amount
    savings: Amount


class InvestmentApplication(Model):
    """A row of the overview's Tabel 2 (investment pool), as printed; "." recorded as 0."""

    committee: str
    marker: Text = ""
    service: Amount = Decimal(0)
    capital: Amount = Decimal(0)
    savings_service: Amount = Decimal(0)
    savings_transfers: Amount = Decimal(0)
    payback: int | None = Field(default=None, ge=0, le=999)

    @field_validator("committee")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        return _committee_code(value, _registry(info))


class InnovationApplication(Model):
    """A row of the overview's Tabel 3 (innovation pool), as printed."""

    committee: str
    marker: Text = ""
    amount: Amount

    @field_validator("committee")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        return _committee_code(value, _registry(info))


class InvestmentTotals(Model):
    service: Amount = Decimal(0)
    capital: Amount = Decimal(0)
    savings_service: Amount = Decimal(0)
    savings_transfers: Amount = Decimal(0)


class PoolTable1(Model):
    rows: dict[str, CommitteeFigures]
    total: CommitteeFigures

    @field_validator("rows")
    @classmethod
    def _known(
        cls, value: dict[str, CommitteeFigures], info: ValidationInfo
    ) -> dict[str, CommitteeFigures]:
        return _codes(value, _committee_code, _registry(info))


class PoolTable2(Model):
    rows: dict[str, InvestmentApplication]  # proposal id -> row
    total: InvestmentTotals
    footnotes: dict[Text, Text] = {}


class PoolTable3(Model):
    rows: dict[str, InnovationApplication]
    total: Amount
    footnotes: dict[Text, Text] = {}


class Pool(Model):
    """The pools of one budget year: what is left in them, and the published overview as
    printed (mio. kr., one decimal). The printed figures are never used to compute."""

    budget: Year
    price_level: Year
    source: Text | None = None
    remaining: Amount
    """Left in the pools before this year's applications, mio. kr. (208,7 for budget 2023)."""
    stated_asked: Amount | None = None
    """The total asked for, as the overview's text prints it (mio. kr.)."""
    outside_criteria: list[Text] = []
    """Proposals the overview says are outside the pool's criteria (BC07 in 2023)."""
    committee_labels: dict[str, Text] = {}
    """How Tabel 1 names a committee's row, e.g. {"ØU": "Tværgående forslag (ØU)"}."""
    tabel_1: PoolTable1 | None = None
    tabel_2: PoolTable2 | None = None
    tabel_3: PoolTable3 | None = None

    @field_validator("committee_labels")
    @classmethod
    def _known_labels(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        return _codes(value, _committee_code, _registry(info))


class ShownTables(NamedTuple):
    """Tabel A, B and C as an exported sheet shows them (values kkinvest computed on
    `computed_on`): row code -> year -> amount, per table "A", "B", "C"."""

    computed_on: str
    tables: dict[str, dict[str, dict[int, Decimal]]]
    where: str  # the sheet, as shown to users


class Stamp(NamedTuple):
    """What a proposal's Tabel 1 was when kkinvest computed a block from it (`calc/fingerprint.py`):
    a digest of every figure and fact the block depends on, and the year totals (Samlet
    økonomisk påvirkning) to name in a message."""

    digest: str
    impact: dict[int, Decimal]
    frame: tuple[int, ...] = ()
    """For a block of formulas (the present value): år 1, the last year with figures and the
    horizon it was laid out for (its formulas follow the figures, not a change of these)."""


class DerivedBlock(NamedTuple):
    """A block of an exported workbook whose figures are values kkinvest computed from the
    proposals' Tabel 1, not formulas (the pool overview, the Følsomhed sheet), read back with
    the stamp of each proposal it was computed from: `check` says when a sheet was edited since.
    With `formulas`, a block of formulas over Tabel 1 (the present value), whose stamp is the
    frame it was laid out for: `check` says when Tabel 1 no longer fits it."""

    what: str  # the block, as a message names it: "Puljeoversigten"
    sheet: str  # its sheet, as users see it: "'Puljeoversigt 2023'"
    stamps: dict[str, Stamp]  # proposal id -> its Tabel 1 when the block was computed
    formulas: bool = False  # a block of formulas laid out for a frame (the present value)


class Catalogue(NamedTuple):
    """The proposals kkinvest knows of, with the file each came from. (Named tuples here and
    for the calculators' results, not dataclasses: a dataclass costs 0,5 ms of every command's
    start-up to create, a named tuple a tenth of that.)"""

    proposals: tuple[Proposal, ...]
    sources: dict[str, str]  # id -> file, as shown to users
    keys: dict[str, Key]  # name -> key
    pools: dict[int, Pool]  # budget year -> pool
    shown_tables: dict[str, ShownTables]  # id -> a sheet's A/B/C
    notes: tuple[str, ...] = ()  # things ignored while loading (e.g. unknown sheets)
    warnings: tuple[str, ...] = ()  # figures a reader read that may be wrong (io/word.py)
    shipped_keys: frozenset[str] = frozenset()  # names of the keys kkinvest ships
    registry: Registry | None = None  # with the catalogue's own row sets and aliases, if any
    followup: "FollowUpBook | None" = None  # decisions and follow-up (kkinvest.model_followup)
    derived: tuple[DerivedBlock, ...] = ()  # an export's computed blocks (kkinvest check)

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
        return sorted({p.budget for p in self.proposals if p.budget is not None} | set(self.pools))
