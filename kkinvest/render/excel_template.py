"""The workbook template a person fills in (`kkinvest template --xlsx`): one proposal sheet with
yellow input cells and drop-down lists, a Vejledning sheet and a hidden sheet of the lists.

The sheet has the export's layout (`render/excel.py` plans and writes it), so `io/excel_in.py`
reads a filled template as it reads an exported proposal sheet. What the template adds:

- Danish choices in the drop-downs ("ingen pulje", "ingen fordeling", "efter
  fordelingsnøglen", the Kvantum rows by name); the reader turns them into the proposal's
  values (`formats/xlsx.template_value`) and still takes the English "none" and "key".
- 15 lines a section, and section totals =SUM(C15:OFFSET(C31,-1,0)) from the section's
  heading to the row above the total: a row inserted anywhere in the section, even right
  above the total, is counted.
- The payback figure as a live formula, by the rule of `calc/payback.py`, from a table below
  Tabel 1 (one per basis) whose formulas read the section ranges, so they follow inserted
  rows too.
- Data validation with Danish messages: amounts must be numbers, years four-digit years in
  kkinvest's range, the drop-downs' cells one of their values (a key or cost place not in the
  list only with a warning: a catalogue may hold keys of its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kkinvest.calc.payback import HORIZON, Basis
from kkinvest.formats.labels import (
    AREA_LABELS,
    MEMO,
    NO_PAYBACK,
    NOT_IN_PAYBACK,
    PAYBACK_ROWS,
    TOTAL_ROWS,
)
from kkinvest.formats.xlsx import COSTS_BY_KEY, META, NO_KEY, NO_POOL, TEMPLATE_SPLIT
from kkinvest.model import FIRST_YEAR, LAST_YEAR, Area, Key
from kkinvest.registry import Registry
from kkinvest.render.excel import (
    FIRST_YEAR_COLUMN,
    WHOLE,
    Formula,
    _Cell,
    _col,
    _emit,
    _meta_and_header,
    _Plan,
    _Styles,
    _tabel_1,
    new_workbook,
)
from kkinvest.render.excel_sheet import NUMBER, WriteOnlyWorksheet

if TYPE_CHECKING:
    from openpyxl import Workbook

Severity = Literal["stop", "warning"]

LINES = 15
"""Empty lines per section of Tabel 1 (more are inserted as rows)."""
YEARS = 6
BLANK_ZERO = '0;-0;""'
"""A year or a year's number, blank where the formula gives 0 (no amount, not started)."""
AMOUNT_LIMIT = 10**9
"""The largest amount a cell takes, in 1.000 kr. (a typing slip beyond it is stopped)."""


def template_help(keys: Mapping[str, Key]) -> tuple[str, ...]:
    """The Vejledning sheet's paragraphs."""
    described = "; ".join(
        [f"{family}: den nyeste af {family}-nøglerne" for family in _families(keys)]
        + [f"{name}: {key.title}" if key.title else name for name, key in sorted(keys.items())]
    )
    return (
        "Udfyld de gule felter. Besparelser skrives med minus foran (-1500), omkostninger "
        "uden fortegn (2500), i 1.000 kr. i det pris- og lønniveau, arket angiver.",
        "Udvalg, Forvaltning, Type, Pulje, Styringsområde, Nøgle og Omkostninger vælges fra "
        "listen ved cellen. Et beløb, der ikke er et tal, og et årstal uden for "
        f"{FIRST_YEAR}-{LAST_YEAR} bliver afvist, når det skrives.",
        f"Hver del af Tabel 1 har {LINES} linjer. Flere linjer: indsæt rækker inde i delen "
        "eller lige over dens total; totalerne og tilbagebetalingstiden tager dem med.",
        f"Note: skriv '{NOT_IN_PAYBACK}en' for en linje, der ikke indgår i beregningen af "
        "tilbagebetalingstiden. En linje til orientering, som ingen total skal have med, "
        f"skrives under delens total med '{MEMO}' i Note.",
        "Tilbagebetalingstiden i Tabel 1 regnes i arket efter kommunens regel: år 1 er det "
        "første år med implementeringsomkostninger, og efter tabellens sidste år med tal "
        "fortsætter det sidste års besparelse uændret. Beregningen står under tabellen; "
        "kkinvest payback giver samme tal.",
        f"Nøgle: den fordelingsnøgle, besparelsen fordeles efter, eller '{NO_KEY}' for at "
        f"lade alt lande på udvalget. Nøglerne: {described}.",
        f"Omkostninger: '{COSTS_BY_KEY}' (forvaltningerne betaler selv, fordelt efter "
        "nøglen) eller den enhed, der bærer omkostningerne (fx Koncern IT).",
        "Et ark pr. forslag: kopiér arket. kkinvest læser arkene med --data FIL.xlsx.",
    )


@dataclass(frozen=True)
class _Choice:
    """A drop-down: the column of its values on the list sheet and its message when a value
    is not in the list (stop, or a warning that lets the value in)."""

    column: str
    title: str
    error: str
    style: Severity = "stop"


CHOICES = {
    "committee": _Choice("A", "Ukendt udvalg", "Vælg udvalget fra listen ved cellen."),
    "administration": _Choice(
        "B", "Ukendt forvaltning", "Vælg forvaltningen fra listen ved cellen."
    ),
    "kind": _Choice("C", "Ukendt type", "Vælg investering, innovation eller effektivisering."),
    "pool": _Choice("D", "Ukendt pulje", f"Vælg investering, innovation eller {NO_POOL}."),
    "area": _Choice("E", "Ukendt styringsområde", "Vælg Service, Anlæg eller Overførsler."),
    "key": _Choice(
        "F",
        "Ukendt fordelingsnøgle",
        "Nøglen er ikke blandt kkinvests nøgler. Står den i dit eget katalog, så vælg Ja; "
        "ellers Nej, og vælg fra listen.",
        "warning",
    ),
    "costs": _Choice(
        "G",
        "Ukendt enhed",
        "Omkostningerne skal bæres af en enhed fra listen eller fordeles efter nøglen. Er det "
        "en nøgle i dit eget katalog, så vælg Ja; ellers Nej, og vælg fra listen.",
        "warning",
    ),
}


def _families(keys: Mapping[str, Key]) -> list[str]:
    """The key families ("intune": the newest key of the family), as a proposal names them."""
    return sorted({key.family for key in keys.values() if key.family})


def template_lists(registry: Registry, keys: Mapping[str, Key]) -> dict[str, tuple[str, list[str]]]:
    """The drop-down lists of the template, by column of the hidden list sheet."""
    return {
        "A": ("Udvalg", [r.name for r in registry.rows if r.committee]),
        "B": ("Forvaltning", list(registry.administration_codes())),
        "C": ("Type", ["investering", "innovation", "effektivisering"]),
        "D": ("Pulje", ["investering", "innovation", NO_POOL]),
        "E": ("Styringsområde", list(AREA_LABELS.values())),
        "F": ("Nøgle", [NO_KEY, *_families(keys), *sorted(keys)]),
        "G": ("Omkostninger", [COSTS_BY_KEY, *(r.name for r in registry.rows)]),
    }


LEFT_OUT = ("indgår ikke", "indgar ikke", MEMO, "indregnes ikke")
"""Words in a line's Note that take it out of the payback, as the workbook reader reads them
(io/recognise/tabel_1.py: "indgår ikke ..." is out of the payback, "til orientering" and
"indregnes ikke" in no total); the sheet's formulas look for the same words (no regex)."""


@dataclass(frozen=True)
class _Section:
    """A section of Tabel 1 on the template: its heading row and its total's row."""

    heading: int
    total: int
    total_label: str

    def cells(self, col: str) -> str:
        return f"{col}{self.heading}:{col}{self.total}"

    def counted(self, col: str, area: str | None = None) -> str:
        """The SUMPRODUCT factors of the column's lines that count: not the total row, not
        a line marked out of the payback or for information only, and of the area if given
        (a row inserted right above the total falls inside these ranges)."""
        note = _col(FIRST_YEAR_COLUMN + YEARS)
        notes = f"${note}${self.heading}:${note}${self.total}"
        factors = [
            f'--($A${self.heading}:$A${self.total}<>"{self.total_label}")',
            *(f'--ISERROR(SEARCH("{words}",{notes}))' for words in LEFT_OUT),
        ]
        if area is not None:
            factors.append(f'--($B${self.heading}:$B${self.total}="{area}")')
        return ",".join(factors)


TEMPLATE_BLOCK = (
    "År",
    "Investering",
    "Varig ændring",
    "År med beløb",
    "År nr.",
    "Akk. investering",
    "Besparelse",
    "Akk. besparelse",
    "Betalt tilbage i år nr.",
)


def _payback_formulas(
    plan: _Plan, basis: Basis, year_row: int, permanent: _Section, implementation: _Section
) -> Formula:
    """The payback table of one basis as formulas over Tabel 1's section ranges, by the
    rule of calc/payback.py (as the export's table): year 1 is the first year with an
    investment; the saving is minus the permanent change of the lines counted (service lines
    only for serviceeffektivisering); after the last year with an amount its saving
    continues. Returns the payback figure's formula (the export's, with År nr. counted from
    the first investment)."""
    title = "serviceeffektivisering" if basis is Basis.SERVICE else "totaløkonomi"
    caption = plan.add(
        f"Tilbagebetaling ({title}), 1.000 kr.: formler, udfyldes ikke", style="bold"
    )
    top = plan.row + 1
    r = {name: top + i for i, name in enumerate(TEMPLATE_BLOCK)}
    cols = [_col(FIRST_YEAR_COLUMN + i) for i in range(YEARS)]
    befores: list[str | None] = [None, *cols[:-1]]
    area = AREA_LABELS[Area.SERVICE] if basis is Basis.SERVICE else None
    last = cols[-1]
    invested = f"${last}${r['Akk. investering']}"
    last_year = f"MAX(${cols[0]}${r['År med beløb']}:${last}${r['År med beløb']})"

    def each(make: Any) -> list[Formula]:
        return [Formula("=" + make(c, b)) for c, b in zip(cols, befores, strict=True)]

    def with_amount(c: str) -> str:
        return "+".join(
            f'SUMPRODUCT(--({s.cells(c)}<>""),{s.counted(c, a)})'
            for s, a in ((implementation, None), (permanent, area))
        )

    plan.add("År", None, *each(lambda c, b: f"{c}{year_row}"), style="header", fmt=WHOLE)
    plan.add(
        "Investering",
        None,
        *each(lambda c, b: f"SUMPRODUCT({implementation.cells(c)},{implementation.counted(c)})"),
        fmt=NUMBER,
    )
    plan.add(
        "Varig ændring",
        None,
        *each(lambda c, b: f"SUMPRODUCT({permanent.cells(c)},{permanent.counted(c, area)})"),
        fmt=NUMBER,
    )
    plan.add(
        "År med beløb",
        None,
        *each(lambda c, b: f"IF({with_amount(c)}>0,{c}{r['År']},0)"),
        fmt=BLANK_ZERO,
    )
    plan.add(
        "År nr.",
        None,
        *each(
            lambda c, b: (
                f"IF({c}{r['Investering']}<>0,1,0)"
                if b is None
                else f"IF({b}{r['År nr.']}>0,{b}{r['År nr.']}+1,IF({c}{r['Investering']}<>0,1,0))"
            )
        ),
        fmt=BLANK_ZERO,
    )
    plan.add(
        "Akk. investering",
        None,
        *each(
            lambda c, b: (
                f"{c}{r['Investering']}"
                if b is None
                else f"{b}{r['Akk. investering']}+{c}{r['Investering']}"
            )
        ),
        fmt=NUMBER,
    )
    plan.add(
        "Besparelse",
        None,
        *each(
            lambda c, b: (
                f"IF({c}{r['År']}<={last_year},-{c}{r['Varig ændring']},"
                + (f"{b}{r['Besparelse']})" if b else "0)")
            )
        ),
        fmt=NUMBER,
    )
    plan.add(
        "Akk. besparelse",
        None,
        *each(
            lambda c, b: (
                f"IF({c}{r['År nr.']}>0,{c}{r['Besparelse']},0)"
                if b is None
                else f"IF({c}{r['År nr.']}>0,{b}{r['Akk. besparelse']}+{c}{r['Besparelse']},0)"
            )
        ),
        fmt=NUMBER,
    )
    plan.add(
        "Betalt tilbage i år nr.",
        None,
        *each(
            lambda c, b: (
                f"IF(AND({c}{r['År nr.']}>0,{c}{r['Akk. besparelse']}>={invested}),"
                f'{c}{r["År nr."]},"")'
            )
        ),
        fmt=WHOLE,
    )
    plan.add(
        "År 1 er det første år med implementeringsomkostninger. Efter det sidste år med "
        "beløb fortsætter dets besparelse uændret.",
        style="note",
    )
    plan.keep(caption)  # printed on one page
    paid = f"{cols[0]}{r['Betalt tilbage i år nr.']}:{last}{r['Betalt tilbage i år nr.']}"
    saving_last = f"{last}{r['Besparelse']}"
    behind = f"({invested}-{last}{r['Akk. besparelse']})"
    later = f"{last}{r['År nr.']}+ROUNDUP({behind}/{saving_last},0)"
    return Formula(
        f'=IF({invested}<=0,"{NO_PAYBACK}",IF(COUNT({paid})>0,MIN({paid}),'
        f'IF({saving_last}<=0,"{NO_PAYBACK}",IF({later}>{HORIZON},"{NO_PAYBACK}",{later}))))'
    )


def write_template_sheet(
    sheet: WriteOnlyWorksheet,
    budget: int,
    lists: dict[str, tuple[str, list[str]]],
    lists_sheet: str,
    lines: int = LINES,
) -> None:
    """An empty proposal sheet to fill in: yellow input cells with drop-down lists, Tabel 1
    with empty lines, live totals and payback, and fields for the key and the cost place."""
    from openpyxl.worksheet.datavalidation import DataValidation

    years = list(range(budget, budget + YEARS))
    plan = _Plan()
    plan.add("Nyt forslag (udfyld de gule felter)", style="title")
    plan.blank()
    meta = {"kind": "investering", "budget": budget, "price_level": budget, "pool": "investering"}
    header = _meta_and_header(plan, meta, years, budget, template=True)
    empty = [[None, AREA_LABELS[Area.SERVICE], *([None] * len(years)), None] for _ in range(lines)]
    paybacks = [
        (label, lambda plan, basis=basis: plan.formulas[basis.value])
        for basis, label in ((Basis(b), text) for b, text in PAYBACK_ROWS.items())
    ]
    line_rows = _tabel_1(
        plan, years, empty, [list(row) for row in empty], ([], []), paybacks, inputs=True
    )
    plan.keep(header - 1, head=4)  # Tabel 1 on one page where it fits
    permanent = _Section(line_rows[0] - 1, line_rows[lines - 1] + 1, TOTAL_ROWS["total_permanent"])
    implementation = _Section(
        line_rows[lines] - 1, line_rows[-1] + 1, TOTAL_ROWS["total_implementation"]
    )
    plan.keep(implementation.heading)  # a page too short for Tabel 1 breaks before it
    plan.blank()
    split_caption = plan.add("Fordeling på udvalg (Tabel A, B og C)", style="bold")
    split_rows = {f: plan.add(label, _Cell(None, "input")) for label, f in TEMPLATE_SPLIT}
    plan.keep(split_caption)
    for basis in Basis:
        plan.blank()
        plan.formulas[basis.value] = _payback_formulas(
            plan, basis, header, permanent, implementation
        )
    plan.wrap_columns.add(1)
    _emit(sheet, plan, _Styles(), f"C{header + 1}", {1: 42, 2: 30}, merge_title=False)

    def rule(
        cells: Iterable[str], title: str, error: str, style: Severity = "stop", **kind: Any
    ) -> None:
        check = DataValidation(allow_blank=True, showErrorMessage=True, errorStyle=style, **kind)
        check.errorTitle, check.error = title, error
        for cell in cells:
            check.add(cell)
        sheet.data_validations.append(check)

    def listed(name: str, cells: Iterable[str]) -> None:
        choice = CHOICES[name]
        count = len(lists[choice.column][1])
        place = f"'{lists_sheet}'!${choice.column}$2:${choice.column}${count + 1}"
        rule(cells, choice.title, choice.error, choice.style, type="list", formula1=place)

    meta_row = {f: 3 + index for index, (_, f) in enumerate(META)}
    for name in ("committee", "administration", "kind", "pool"):
        listed(name, [f"B{meta_row[name]}"])
    sections = (permanent, implementation)
    listed("area", [f"B{s.heading}:B{s.total}" for s in sections])
    listed("key", [f"B{split_rows['key']}"])
    listed("costs", [f"B{split_rows['costs']}"])
    first, last = _col(FIRST_YEAR_COLUMN), _col(FIRST_YEAR_COLUMN + YEARS - 1)
    rule(
        [f"{first}{s.heading}:{last}{s.total}" for s in sections],
        "Ugyldigt beløb",
        "Skriv beløbet som et tal i 1.000 kr., fx -1500 for en besparelse på 1,5 mio. kr.",
        type="decimal",
        operator="between",
        formula1=str(-AMOUNT_LIMIT),
        formula2=str(AMOUNT_LIMIT),
    )
    rule(
        [
            f"B{meta_row['budget']}",
            f"B{meta_row['price_level']}",
            f"{first}{header}:{last}{header}",
        ],
        "Ugyldigt årstal",
        f"Skriv et årstal mellem {FIRST_YEAR} og {LAST_YEAR}, fx {budget}.",
        type="whole",
        operator="between",
        formula1=str(FIRST_YEAR),
        formula2=str(LAST_YEAR),
    )


def write_lists_sheet(sheet: WriteOnlyWorksheet, lists: dict[str, tuple[str, list[str]]]) -> None:
    longest = max(len(values) for _, values in lists.values())
    plan = _Plan()
    plan.add(*(title for title, _ in lists.values()), style="header")
    for index in range(longest):
        plan.add(*(values[index] if index < len(values) else None for _, values in lists.values()))
    _emit(sheet, plan, _Styles(), None, {}, title_columns=None, merge_title=False)
    sheet.print_area = None  # hidden, and not printed: LibreOffice prints a print area


def write_help_sheet(sheet: WriteOnlyWorksheet, keys: Mapping[str, Key]) -> None:
    plan = _Plan()
    plan.add("Vejledning", style="title")
    plan.blank()
    for text in template_help(keys):
        plan.add(text, wrap=True)
    _emit(
        sheet,
        plan,
        _Styles(),
        None,
        {1: 90},
        title_columns=None,
        merge_title=False,
        minimum={1: 90},
    )


def template_workbook(
    budget: int, registry: Registry | None = None, keys: Mapping[str, Key] | None = None
) -> Workbook:
    """The template workbook: the sheet to fill in, the Vejledning and the hidden lists
    (`keys`: the distribution keys offered, by name)."""
    from kkinvest.registry import default_registry

    registry = registry or default_registry()
    keys = keys or {}
    lists = template_lists(registry, keys)
    book = new_workbook()
    write_template_sheet(book.create_sheet("Forslag"), budget, lists, "Lister")
    write_help_sheet(book.create_sheet("Vejledning"), keys)
    sheet = book.create_sheet("Lister")
    write_lists_sheet(sheet, lists)
    sheet.sheet_state = "hidden"
    return book
