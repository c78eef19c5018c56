"""The workbook template a person fills in (`kkinvest template --xlsx`): one proposal sheet with
yellow input cells and drop-down lists, a Vejledning sheet and a hidden sheet of the lists.

The sheet has the export's layout (`render/excel.py` plans and writes it), so `io/excel_in.py`
reads a filled template as it reads an exported proposal sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kkinvest.formats.xlsx import META, TEMPLATE_SPLIT
from kkinvest.labels import AREA_LABELS, PAYBACK_ROWS
from kkinvest.registry import Registry
from kkinvest.render.excel import (
    _Cell,
    _emit,
    _meta_and_header,
    _Plan,
    _Styles,
    _tabel_1,
    new_workbook,
)
from kkinvest.render.excel_sheet import WriteOnlyWorksheet

if TYPE_CHECKING:
    from openpyxl import Workbook


TEMPLATE_HELP = (
    "Udfyld de gule felter. Besparelser angives med negativt fortegn (-), omkostninger med "
    "positivt. Beløb i 1.000 kr. i det pris- og lønniveau, arket angiver.",
    "Udvalg, Forvaltning, Type, Pulje og Styringsområde vælges fra listen i cellen.",
    "Skriv 'indgår ikke i tilbagebetalingstiden' i kolonnen Note for en linje, der ikke indgår i "
    "beregningen af tilbagebetalingstiden; 'til orientering' for en linje, der ikke indgår i "
    "nogen total. Indsæt flere linjer efter behov; totalerne er formler.",
    "Nøgle: den fordelingsnøgle, besparelsen fordeles efter (fx intune), eller tom for at lade "
    "alt lande på udvalget. Omkostninger: 'key' (forvaltningerne betaler selv, fordeles efter "
    "nøglen) eller den række, der bærer omkostningen (fx KIT).",
    "Et ark pr. forslag: kopiér arket. kkinvest læser arkene med --data FIL.xlsx.",
)


def write_template_sheet(
    sheet: WriteOnlyWorksheet,
    budget: int,
    lists: dict[str, tuple[str, list[str]]],
    lists_sheet: str,
    lines: int = 5,
) -> None:
    """An empty proposal sheet to fill in: yellow input cells with drop-down lists, Tabel 1
    with empty lines and live totals, and fields for the key and the cost placement."""
    from openpyxl.worksheet.datavalidation import DataValidation

    years = list(range(budget, budget + 6))
    plan = _Plan()
    plan.add("Nyt forslag (udfyld de gule felter)", style="title")
    plan.blank()
    meta = {"kind": "investering", "budget": budget, "price_level": budget, "pool": "investering"}
    header = _meta_and_header(plan, meta, years, budget, template=True)
    empty = [[None, "Service", *([None] * len(years)), None] for _ in range(lines)]
    line_rows = _tabel_1(
        plan,
        years,
        empty,
        [list(row) for row in empty],
        ([], []),
        [(label, None) for label in PAYBACK_ROWS.values()],
        inputs=True,
    )
    plan.blank()
    plan.add("Fordeling på udvalg (Tabel A, B og C)", style="bold")
    split_rows = {f: plan.add(label, _Cell(None, "input")) for label, f in TEMPLATE_SPLIT}
    plan.wrap_columns.add(1)
    _emit(sheet, plan, _Styles(), f"C{header + 1}", {1: 42, 2: 30}, merge_title=False)

    def listed(column: str, cells: Iterable[str]) -> None:
        count = len(lists[column][1])
        rule = DataValidation(
            type="list",
            formula1=f"'{lists_sheet}'!${column}$2:${column}${count + 1}",
            allow_blank=True,
        )
        rule.error = "Vælg en værdi fra listen."
        rule.errorTitle = "kkinvest"
        for cell in cells:
            rule.add(cell)
        sheet.data_validations.append(rule)

    meta_row = {f: 3 + index for index, (_, f) in enumerate(META)}
    for column, name in (("A", "committee"), ("B", "administration"), ("C", "kind"), ("D", "pool")):
        listed(column, [f"B{meta_row[name]}"])
    listed("E", [f"B{row}" for row in line_rows])
    listed("F", [f"B{split_rows['key']}"])
    listed("G", [f"B{split_rows['costs']}"])


def template_lists(registry: Registry, keys: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
    """The drop-down lists of the template, by column of the hidden list sheet."""
    return {
        "A": ("Udvalg", [r.name for r in registry.rows if r.committee]),
        "B": ("Forvaltning", list(registry.administration_codes())),
        "C": ("Type", ["investering", "innovation", "effektivisering"]),
        "D": ("Pulje", ["investering", "innovation", "none"]),
        "E": ("Styringsområde", list(AREA_LABELS.values())),
        "F": ("Nøgle", ["intune", *sorted(keys)]),
        "G": ("Omkostninger", ["key", *registry.row_codes]),
    }


def write_lists_sheet(sheet: WriteOnlyWorksheet, lists: dict[str, tuple[str, list[str]]]) -> None:
    longest = max(len(values) for _, values in lists.values())
    plan = _Plan()
    plan.add(*(title for title, _ in lists.values()), style="header")
    for index in range(longest):
        plan.add(*(values[index] if index < len(values) else None for _, values in lists.values()))
    _emit(sheet, plan, _Styles(), None, {}, title_columns=None, merge_title=False)


def write_help_sheet(sheet: WriteOnlyWorksheet) -> None:
    plan = _Plan()
    plan.add("Vejledning", style="title")
    plan.blank()
    for text in TEMPLATE_HELP:
        plan.add(text, wrap=True)
    _emit(sheet, plan, _Styles(), None, {1: 90}, title_columns=None, merge_title=False)


def template_workbook(
    budget: int, registry: Registry | None = None, keys: Iterable[str] = ()
) -> Workbook:

    from kkinvest.registry import default_registry

    registry = registry or default_registry()
    lists = template_lists(registry, keys)
    book = new_workbook()
    write_template_sheet(book.create_sheet("Forslag"), budget, lists, "Lister")
    write_help_sheet(book.create_sheet("Vejledning"))
    sheet = book.create_sheet("Lister")
    write_lists_sheet(sheet, lists)
    sheet.sheet_state = "hidden"
    return book
