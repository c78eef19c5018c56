"""Present value and sensitivity in the Excel export.

- A sheet "Følsomhed BUDGET" per budget year: per proposal its payback, present value,
  discounted payback, switching values and the present value under each scenario.
- Below each proposal sheet's "Øvrige oplysninger (kkinvest)" (where the reader stops), the
  present-value table with live formulas: cash flow = saving - investment, the discount factor
  = the previous factor / (1 + rate), present value = cash flow x factor, cumulative and total
  as sums. An analyst who changes a rate or an amount sees the present value follow.

Written in openpyxl's write-only mode like the rest of the workbook (`render/excel.py`);
openpyxl is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kkinvest.calc.npv import HorizonSource, PresentValue
from kkinvest.calc.sensitivity import NoSwitch, Part, Scenario, Sensitivity
from kkinvest.formats.labels import NO_PAYBACK
from kkinvest.formats.xlsx import STAMPED_NOTE, stamp_cells
from kkinvest.model import Line
from kkinvest.money import round_half_away
from kkinvest.render.economics import percent, rates_used, scenario_label, switch_cell, unit
from kkinvest.render.excel_print import header_and_footer, row_height, wrapped_lines
from kkinvest.render.excel_sheet import FONT, NUMBER, SIZE, print_setup, sheet_title
from kkinvest.render.excel_styles import StyleArrays

LineRefs = Callable[[Iterable[Line], int], str]
"""The cells of some of Tabel 1's lines in one year as a formula's terms ("C16+C17"; "0" where
none has a cell): where a proposal sheet's lines stand, for formulas that follow Tabel 1."""

PERCENT = '[$-406]0.0" %"'
FACTOR = "[$-406]0.0000"
RATE = "[$-406]0.0"
PV_TITLE = "Nutidsværdi (kkinvest)"
PV_COLUMN_WIDTH = 11.5  # the least width of its columns (render/excel.py's AFTER_WIDTH)
PV_HEADINGS = (
    "År",
    "År nr.",
    "Investering",
    "Besparelse",
    "Pengestrøm",
    "Rente %",
    "Faktor",
    "Nutidsværdi",
    "Akkumuleret",
)


@dataclass(frozen=True)
class Economics:
    """What the export shows of present value and risk, per proposal id, computed beforehand."""

    results: dict[str, Sensitivity] = field(default_factory=dict)
    sheets: bool = True  # the "Følsomhed BUDGET" sheets (like the overviews: whole budgets)

    def budgets(self) -> list[int]:
        return sorted({s.proposal.budget for s in self.results.values() if s.proposal.budget})


def _cell(
    sheet: Any,
    value: Any,
    *,
    bold: bool = False,
    fmt: str | None = None,
    wrap: bool = False,
    right: bool = False,
    top: bool = False,
    indent: bool = False,
) -> Any:
    """A cell in the house font; `right`: a heading over a column of figures, aligned as they
    are; `indent`: text set off by a character from the figures to its left."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and not value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, str):
        cell.data_type = "f"
    kind = (bold, fmt, wrap, right, top, indent)
    if _ARRAYS.reuse(cell, kind):  # each kind of cell's style looked up once (excel_styles)
        return cell
    cell.font = Font(name=FONT, size=SIZE, bold=bold)  # one font family, name on every cell
    if fmt is not None:
        cell.number_format = fmt
    if wrap or right or top or indent:
        cell.alignment = Alignment(
            wrap_text=wrap,
            vertical="top" if wrap or top else None,
            horizontal="right" if right else "left" if indent else None,
            indent=1 if indent else 0,
        )
    _ARRAYS.keep(cell, kind)
    return cell


_ARRAYS = StyleArrays()


def write_present_value_block(
    sheet: Any,
    pv: PresentValue,
    last_row: int,
    refs: LineRefs | None = None,
    saving_lines: Sequence[Line] = (),
) -> int:
    """Append the present-value table after row `last_row`; returns the new last row. With
    `refs` (where Tabel 1's lines stand), each year's investment and saving are formulas over
    Tabel 1's cells (the counted implementation lines; minus `saving_lines`), and after the
    table's last year the saving is the year before's: the present value follows an edit."""
    row = last_row
    sheet.append([])
    row += 1
    sheet.append([_cell(sheet, PV_TITLE, bold=True)])
    row += 1
    horizon = (
        "forslagets levetid" if pv.source is HorizonSource.LIFETIME else "ingen levetid angivet"
    )
    note = (
        f"Over {pv.years} år ({horizon}), {rates_used(pv.schedule, pv.years)} "
        f"({pv.schedule.title}); år 1 diskonteres ikke. "
    ) + (
        "Alle implementeringsomkostninger indgår."
        if pv.all_lines
        else "Kun tilbagebetalingstidens linjer indgår."
    )
    row += 1
    # Wrapped over the table's nine columns (each at least AFTER_WIDTH wide): one line ran
    # past the print area and was cut.
    sheet.merged_cells.add(f"A{row}:I{row}")
    sheet.row_dimensions[row].height = 13 * _wrapped(note, 9 * PV_COLUMN_WIDTH) + 4
    sheet.append([_cell(sheet, note, wrap=True)])
    # Left-aligned, unlike the figures below: the sheet's columns are sized for Tabel 1, and
    # a right-aligned "Nutidsværdi" ran into "Faktor" beside it when printed.
    sheet.append([_cell(sheet, h, bold=True) for h in PV_HEADINGS])
    row += 1
    first = row + 1
    for item in pv.table:
        row += 1
        rate = None if item.number == 1 else pv.schedule.rate(item.number - 1)
        factor = "=1" if item.number == 1 else f"=G{row - 1}/(1+F{row}/100)"
        cumulative = f"=H{row}" if item.number == 1 else f"=I{row - 1}+H{row}"
        investment: Any = item.investment
        saving: Any = item.saving
        if refs is not None:
            spent = refs(pv.counted, item.year)
            investment = 0 if spent == "0" else f"={spent}"  # a year outside Tabel 1
            saving = (
                f"=D{row - 1}"
                if item.extrapolated and item.number > 1
                else f"=-({refs(saving_lines, item.year)})"
            )
        sheet.append(
            [
                _cell(sheet, item.year),
                _cell(sheet, item.number),
                _cell(sheet, investment, fmt=NUMBER),
                _cell(sheet, saving, fmt=NUMBER),
                _cell(sheet, f"=D{row}-C{row}", fmt=NUMBER),
                _cell(sheet, rate, fmt=RATE),
                _cell(sheet, factor, fmt=FACTOR),
                _cell(sheet, f"=E{row}*G{row}", fmt=NUMBER),
                _cell(sheet, cumulative, fmt=NUMBER),
            ]
        )
    row += 1
    sheet.append(
        [
            _cell(sheet, "I alt", bold=True),
            None,
            _cell(sheet, f"=SUM(C{first}:C{row - 1})", bold=True, fmt=NUMBER),
            _cell(sheet, f"=SUM(D{first}:D{row - 1})", bold=True, fmt=NUMBER),
            _cell(sheet, f"=SUM(E{first}:E{row - 1})", bold=True, fmt=NUMBER),
            None,
            None,
            _cell(sheet, f"=SUM(H{first}:H{row - 1})", bold=True, fmt=NUMBER),
            None,
        ]
    )
    return row


# The switching values as live formulas over the parts on the same row: each margin is the
# present value over the part it scales (fall = PV / G, rise = PV / R, overrun = PV / I), shown
# only where it has a meaning (else "–": see `calc/sensitivity.py`). Nested IFs, not AND:
# AND evaluates every argument, and a division by zero fails the whole formula.
# A present value already below 0 has no margin to lose: "må overskrides -31,4 %" reads as
# nonsense, so the cell says "–" and the row's note what it would take (issue 22, item 3).
SWITCH_FORMULAS = {
    Part.SAVINGS: '=IF({g}>0,IF({pv}<0,"–",IF({pv}/{g}<1,{pv}/{g}*100,"–")),"–")',
    Part.RUNNING: '=IF({r}>0,IF({pv}<0,"–",{pv}/{r}*100),"–")',
    Part.INVESTMENT: '=IF({i}>0,IF({pv}<0,"–",{pv}/{i}*100),"–")',
}
SWITCH_HEADINGS = {
    Part.SAVINGS: "Effektiviseringerne må falde (%)",
    Part.RUNNING: "De nye driftsudgifter må stige (%)",
    Part.INVESTMENT: "Investeringen må overskrides (%)",
}


def _scenario_formula(scenario: Scenario, g: str, r: str, i: str) -> str | None:
    """A scenario's present value as a formula over the parts, where it is linear (every
    scenario but a delay)."""
    if scenario.delay:
        return None
    realised = scenario.realisation / 100
    raised = 1 + scenario.running / 100
    overrun = 1 + scenario.overrun / 100

    def times(factor: Decimal, cell: str) -> str:
        return cell if factor == 1 else f"{factor.normalize():f}*{cell}"

    return f"={times(realised, g)}-{times(raised, r)}-{times(overrun, i)}"


SHORT_WHY = {
    NoSwitch.NO_SAVINGS: "ingen varige besparelser",
    NoSwitch.NO_RUNNING: "ingen nye driftsudgifter",
    NoSwitch.NO_INVESTMENT: "ingen investering",
    NoSwitch.NEVER: "negativ uanset",
    NoSwitch.ALWAYS: "bliver ikke negativ",
}
SHORT_RISE = "skal stige {} %"
SHORT_FALL = "skal være {} % lavere"
"""What it takes to bring a negative present value to 0, where a switching value has no
meaning (as the terminal's `sensitivity` says it)."""
SHORT_PART = {
    Part.SAVINGS: "Eff.",
    Part.RUNNING: "Drift",
    Part.INVESTMENT: "Inv.",
    Part.DELAY: "Forsink.",
}


def _why(s: Sensitivity) -> str:
    """Why a switching value is "–", short, and a payback beyond the horizon, for the row's
    note (the terminal says it whole)."""
    notes = []
    for sw in s.switching.each():
        if sw.reason is not None:
            notes.append(f"{SHORT_PART[sw.part]} –: {SHORT_WHY[sw.reason]}")
        elif sw.margin is not None and sw.margin < 0:  # the present value is negative
            takes = SHORT_RISE if sw.part is Part.SAVINGS else SHORT_FALL
            notes.append(
                f"{SHORT_PART[sw.part]} –: nutidsværdien er negativ; "
                + takes.format(percent(-sw.margin * 100))
            )
    if s.horizon.shorter_than(s.payback):
        notes.insert(0, f"Tilbagebetalingstiden ({s.payback} år) er længere end horisonten")
    return "; ".join(notes)


def write_sensitivity_sheet(sheet: Any, budget: int, results: Sequence[Sensitivity]) -> None:
    """The sheet "Følsomhed BUDGET": one row per proposal. The parts of the present value are
    figures; the present value, the switching values and the linear scenarios are live
    formulas over them."""
    from openpyxl.utils import get_column_letter

    scenarios = [o.scenario for o in results[0].outcomes if not o.scenario.is_base]
    headings = [
        "Forslag",
        "Titel",
        "Tilbagebetalingstid (år)",
        "Effektiviseringer, nutidsværdi",
        "Nye driftsudgifter, nutidsværdi",
        "Investering, nutidsværdi",
        "Nutidsværdi",
        "Horisont (år)",
        "Diskonteret tilbagebetalingstid (år)",
        *SWITCH_HEADINGS.values(),
        "Effektiviseringerne må forsinkes (år)",
        "Risikoreserve",
        "Tilbagebetalingstid med risikoreserve (år)",
        "Nutidsværdi med risikoreserve",
        *(f"Nutidsværdi, {scenario_label(s).lower()}" for s in scenarios),
        "Bemærkning",
    ]
    widths: list[float] = [12, 32, 13, 14, 14, 13, 12, 10, 13, 13, 13, 13, 13, 12, 13, 13]
    widths += [12] * len(scenarios) + [48]
    # wide enough for each heading's longest word: a wrapped heading is never cut mid-word
    widths = [
        max(w, max(len(word) for word in h.split()) * 1.1 + 1.5)
        for w, h in zip(widths, headings, strict=True)
    ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C5"
    sheet.row_dimensions[4].height = row_height(  # the wrapped headings (row 4)
        max(wrapped_lines(h, w, SIZE, bold=True) for h, w in zip(headings, widths, strict=True)),
        SIZE,
    )
    print_setup(sheet, widths, "A:B")  # A4, text at 9 pt or more; wider: more pages
    header_and_footer(sheet)  # the sheet's name and "Side x af y" (render/excel_print)
    sheet.print_title_rows = "4:4"  # the headings again at the top of every page
    first = results[0]
    sheet.append([_cell(sheet, f"Følsomhed, budget {budget}", bold=True)])
    note = (
        f"{unit(first.proposal)}; nutidsværdi over horisonten (forslagets levetid, hvor "
        f"den er angivet, ellers 10 år), {rates_used(first.schedule, first.years)}; "
        "tilbagebetalingstid efter kommunens regel. Risikoreserven (forventet værdi af "
        "forslagets risici) lægges til investeringen. Nutidsværdi = effektiviseringer − "
        "nye driftsudgifter − investering (hver "
        "diskonteret), hver skaleret for sig. Skifteværdi: hvor meget én del må gå galt, før "
        "nutidsværdien bliver negativ (nutidsværdien delt med delen); – hvor der ingen er. "
        "Formlerne følger delene på rækken."
    )
    # The note stays within the label columns A:B, which every printed page repeats: merged
    # wider, it was cut at B's edge on every page after the first.
    sheet.merged_cells.add("A2:B2")
    sheet.row_dimensions[2].height = row_height(_wrapped(note, widths[0] + widths[1]), SIZE)
    sheet.append([_cell(sheet, note, wrap=True)])
    # Within A:B as the note above, so every printed page (which repeats A:B) shows it whole.
    sheet.merged_cells.add("A3:B3")
    sheet.row_dimensions[3].height = 13 * _wrapped(STAMPED_NOTE, widths[0] + widths[1]) + 4
    sheet.append([_cell(sheet, STAMPED_NOTE, bold=True, wrap=True)])
    sheet.append(
        [
            _cell(
                sheet,
                h,
                bold=True,
                wrap=True,
                right=2 <= i < len(headings) - 1,
                indent=i == len(headings) - 1,  # "Bemærkning", not "+50 %Bemærkning"
            )
            for i, h in enumerate(headings)
        ]
    )
    for row, s in enumerate(results, start=5):
        base = next(o for o in s.outcomes if o.scenario.is_base)
        by_scenario = {o.scenario: o.present_value for o in s.outcomes}
        why = _why(s)
        lines = max(_wrapped(s.proposal.title, widths[1]), _wrapped(why, widths[-1] - 1))
        if lines > 1:  # the title and the note wrap, never cut
            sheet.row_dimensions[row].height = row_height(lines, SIZE)
        g, r, i, pv = (f"{get_column_letter(c)}{row}" for c in (4, 5, 6, 7))

        def figure(value: Any, fmt: str | None = NUMBER) -> Any:
            return _cell(sheet, value, fmt=fmt, right=True, top=True)

        sheet.append(
            [
                _cell(sheet, s.proposal.id, top=True),
                _cell(sheet, s.proposal.title, wrap=True),
                figure(base.payback if base.payback is not None else NO_PAYBACK, None),
                figure(round_half_away(s.parts.savings, 2)),
                figure(round_half_away(s.parts.running, 2)),
                figure(round_half_away(s.parts.investment, 2)),
                figure(f"={g}-{r}-{i}"),
                figure(s.years, None),
                figure(s.base.discounted_payback or NO_PAYBACK, None),
                *(
                    figure(formula.format(g=g, r=r, i=i, pv=pv), PERCENT)
                    for formula in SWITCH_FORMULAS.values()
                ),
                figure(switch_cell(s.switching.delay), None),
                *_risk_cells(s, figure),
                *(
                    figure(_scenario_formula(sc, g, r, i) or round_half_away(by_scenario[sc], 0))
                    for sc in scenarios
                ),
                _cell(sheet, why, wrap=True, indent=True),
            ]
        )
    _stamp_rows(sheet, 5 + len(results), [s.proposal for s in results])


def _stamp_rows(sheet: Any, after: int, proposals: Sequence[Any]) -> None:
    """Hidden rows below the sheet with the stamp of each proposal its figures were computed
    from (`kkinvest check` compares them with the proposal sheets as they are now)."""
    from kkinvest.calc.fingerprint import fingerprint

    sheet.append([])
    for number, proposal in enumerate(proposals, start=after + 1):
        sheet.row_dimensions[number].hidden = True
        sheet.append([_cell(sheet, v) for v in stamp_cells(proposal.id, fingerprint(proposal))])


def _risk_cells(s: Sensitivity, figure: Any) -> list[Any]:
    """The risk reserve, and payback and present value with it ("–" without costed risks)."""
    r = s.risk
    if r is None:
        return [figure("–", None)] * 3
    return [
        figure(round_half_away(r.reserve.total, 2)),
        figure(r.payback if r.payback is not None else NO_PAYBACK, None),
        figure(round_half_away(r.present_value, 2)),
    ]


def _wrapped(text: str, width: float) -> int:
    """Lines `text` takes wrapped at word boundaries in a column `width` characters wide,
    measured in Arial's character widths (render/excel_print)."""
    return wrapped_lines(text, width, SIZE)


def add_sensitivity_sheets(book: Any, taken: set[str], economics: Economics | None) -> None:
    """One "Følsomhed BUDGET" sheet per budget year with proposals in `economics`."""
    if economics is None or not economics.sheets:
        return
    for budget in economics.budgets():
        results = [s for s in economics.results.values() if s.proposal.budget == budget]
        sheet = book.create_sheet(sheet_title(f"Følsomhed {budget}", taken))
        write_sensitivity_sheet(sheet, budget, results)


def add_present_value(
    sheet: Any,
    proposal_id: str,
    last_row: int,
    economics: Economics | None,
    refs: LineRefs | None = None,
) -> int:
    """The present-value table below a proposal sheet's last row; returns the new last row."""
    from kkinvest.calc.npv import saving_lines

    if economics is None or proposal_id not in economics.results:
        return last_row
    s = economics.results[proposal_id]
    lines = saving_lines(s.proposal, s.base.basis, all_lines=s.base.all_lines)
    return write_present_value_block(sheet, s.base, last_row, refs, lines)


def economics_for(proposals: Iterable[Any], sheets: bool = True) -> Economics:
    """Sensitivity (with the present value) of each proposal, by its budget round's rate."""
    from kkinvest.calc.npv import schedule_for
    from kkinvest.calc.sensitivity import sensitivity
    from kkinvest.io.economics_in import load_rates

    schedules = load_rates()
    results = {p.id: sensitivity(p, schedule_for(p.budget, schedules)) for p in proposals}
    return Economics(results, sheets)
