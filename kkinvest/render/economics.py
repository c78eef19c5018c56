"""Terminal output for present value, sensitivity, discount rates and price indices (Danish).

Every function returns a rich renderable or plain JSON data; the command line prints it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.npv import Horizon, HorizonSource, PresentValue, Schedule
from kkinvest.calc.payback import Payback
from kkinvest.calc.prices import PriceIndex
from kkinvest.calc.sensitivity import (
    NoSwitch,
    Outcome,
    Part,
    Scenario,
    Sensitivity,
    Switch,
    Switching,
    Uplift,
)
from kkinvest.model import Line, Proposal
from kkinvest.money import round_half_away
from kkinvest.render.layout import indented
from kkinvest.render.numbers import danish

BAR = 16  # characters on each side of a tornado bar


def percent(rate: Decimal, places: int = 1, strip: bool = False) -> str:
    """35.17 -> '35,2'; with `strip` (for rates) 3.50 -> '3,5' and 4 -> '4'."""
    text = danish(round_half_away(rate, places), places)
    return text.rstrip("0").rstrip(",") if strip and "," in text else text


def rates_used(schedule: Schedule, years: int) -> str:
    """The rates a horizon of `years` years uses: '3,5 %' or '3,5 / 2,5 %'."""
    used = list(dict.fromkeys(schedule.rate(k) for k in range(1, max(years, 2))))
    return " / ".join(percent(rate, 2, strip=True) for rate in used) + " %"


def unit(proposal: Proposal) -> str:
    if proposal.price_level is None:
        return "1.000 kr., p/l ikke angivet"
    return f"1.000 kr. {proposal.price_level} p/l"


def value_answer(proposal: Proposal, pv: PresentValue) -> str:
    """'Nutidsværdi over 10 år: 6.023 (1.000 kr. 2023 p/l, 3,5 %)'."""
    return (
        f"Nutidsværdi over {pv.years} år: {danish(pv.value)} "
        f"({unit(proposal)}, {rates_used(pv.schedule, pv.years)})"
    )


def horizon_text(proposal: Proposal, horizon: Horizon) -> str:
    """Which horizon the present value uses, and why."""
    if horizon.source is HorizonSource.LIFETIME:
        text = f"Horisont: {horizon.years} år, aktivets levetid som forslaget angiver den"
        if proposal.lifetime_source:
            text += f" (»{proposal.lifetime_source}«)"
        return text + "."
    if horizon.source is HorizonSource.CHOSEN:
        return f"Horisont: {horizon.years} år (valgt med --years)."
    return f"Horisont: {horizon.years} år (forslaget angiver ingen levetid)."


def horizon_warning(horizon: Horizon, payback_years: int | None) -> str | None:
    """A warning where payback comes after the horizon ends, else None."""
    if not horizon.shorter_than(payback_years):
        return None
    return (
        f"Advarsel: tilbagebetalingstiden ({payback_years} år) er længere end horisonten "
        f"({horizon.years} år): nutidsværdien slutter, før investeringen er tjent hjem. Angiv "
        "forslagets levetid (lifetime i forslagets TOML) eller vælg --years."
    )


def horizon_lines(proposal: Proposal, horizon: Horizon, payback_years: int | None) -> list[Text]:
    lines = [Text(horizon_text(proposal, horizon))]
    warning = horizon_warning(horizon, payback_years)
    if warning:
        lines.append(Text(warning, style="yellow"))
    return lines


def discounted_payback_text(pv: PresentValue) -> str:
    if pv.discounted_payback is None and pv.investment <= 0:
        return "Diskonteret tilbagebetalingstid: ingen (forslaget har ingen investering)"
    if pv.discounted_payback is None:
        return (
            "Diskonteret tilbagebetalingstid: ingen (de diskonterede besparelser dækker ikke "
            "den diskonterede investering inden for 100 år)"
        )
    return (
        f"Diskonteret tilbagebetalingstid: år {pv.discounted_payback} "
        f"({pv.discounted_payback_year})"
    )


def _labels(lines: Sequence[Line]) -> str:
    return ", ".join(line.label for line in lines)


def lines_note(proposal: Proposal, pv: PresentValue) -> str:
    left_out = [line for line in proposal.lines if line.counts and not line.in_payback]
    if not left_out:
        return "Alle implementeringsomkostninger indgår."
    if pv.all_lines:
        return (
            "Alle implementeringsomkostninger indgår, også dem dokumentet holder uden for "
            f"tilbagebetalingstiden ({_labels(left_out)}): de er reelle udgifter. "
            "--payback-lines tæller kun tilbagebetalingstidens linjer."
        )
    return f"Kun de linjer, tilbagebetalingstiden regner med, indgår (ikke {_labels(left_out)})."


def npv_report(proposal: Proposal, pv: PresentValue, payback: Payback) -> Group:
    """`kkinvest npv ID`: the answer first, then the table per year."""
    table = Table(
        title=f"{proposal.id} {proposal.title}\nNutidsværdi, {unit(proposal)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for heading in ("År", "Invest.", "Besparelse", "Pengestrøm", "Faktor", "Nutidsv.", "Akkum."):
        table.add_column(heading, justify="left" if heading == "År" else "right")
    for row in pv.table:
        mark = "*" if row.extrapolated else ""
        table.add_row(
            f"{row.number} ({row.year}){mark}",
            danish(row.investment),
            danish(row.saving),
            danish(row.cash_flow),
            danish(row.factor, 4),
            danish(row.present_value),
            danish(row.cumulative),
        )
    table.add_row(
        Text("I alt", style="bold"),
        danish(sum((r.investment for r in pv.table), Decimal(0))),
        danish(sum((r.saving for r in pv.table), Decimal(0))),
        danish(sum((r.cash_flow for r in pv.table), Decimal(0))),
        "",
        Text(danish(pv.value), style="bold"),
        "",
    )
    parts: list[RenderableType] = [
        Text(value_answer(proposal, pv), style="bold"),
        *horizon_lines(proposal, pv.horizon, payback.years),
        Text(discounted_payback_text(pv)),
        Text(
            "Tilbagebetalingstid efter kommunens regel: "
            + (f"{payback.years} år ({payback.year})" if payback.years else "ingen")
        ),
        Text(lines_note(proposal, pv)),
        table,
        Text(conventions(pv)),
    ]
    return Group(*parts)


def conventions(pv: PresentValue) -> str:
    text = (
        f"År 1 ({pv.first_year}) er det første år med en implementeringsomkostning og "
        f"diskonteres ikke; år t diskonteres t - 1 år. Rente: {pv.schedule.title}"
    )
    if pv.schedule.source:
        text += f" ({pv.schedule.source})"
    text += "."
    if any(row.extrapolated for row in pv.table):
        text += " * efter tabellens sidste år: sidste års besparelse fortsætter."
    return text


def plain_table(
    title: str, headings: Sequence[str], rows: Sequence[Sequence[str]], gap: int = 3
) -> Text:
    """A simple aligned table as one Text: the first column left, the others right. Rich's
    Table costs about 1 ms a row, too slow for a catalogue of 10.000 proposals."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)
        ]
        return "  " + (" " * gap).join(parts).rstrip()

    text = Text(title + "\n\n", style="")
    text.append(line(headings) + "\n", style="bold")
    text.append("  " + "─" * (sum(widths) + gap * (len(widths) - 1)) + "\n")
    text.append("\n".join(line(r) for r in rows))
    return text


def npv_overview(rows: Sequence[tuple[Proposal, PresentValue, Payback]]) -> Text:
    """`kkinvest npv --all`."""
    return with_horizon_note(
        plain_table(
            "Nutidsværdi pr. forslag",
            ("Forslag", "p/l", "Rente", "Hor.", "Nutidsværdi", "Disk. tilb.", "Tilb.tid"),
            [
                (
                    proposal.id,
                    "" if proposal.price_level is None else str(proposal.price_level),
                    rates_used(pv.schedule, pv.years),
                    f"{pv.years} år" + ("!" if pv.horizon.shorter_than(payback.years) else ""),
                    danish(pv.value),
                    "–" if pv.discounted_payback is None else f"år {pv.discounted_payback}",
                    "–" if payback.years is None else f"{payback.years} år",
                )
                for proposal, pv, payback in rows
            ],
        )
    )


HORIZON_NOTE = (
    "\nHor.: horisonten, forslagets levetid hvor den er angivet, ellers 10 år. ! "
    "tilbagebetalingstiden er længere end horisonten: nutidsværdien slutter før den."
)
OVERVIEW_NOTE = (
    "\nEff.-%, Drift+%, Inv.+%: hvor meget effektiviseringerne må falde, de nye "
    "driftsudgifter stige og investeringen overskrides; Fors.: hvor mange år "
    "effektiviseringerne må forsinkes; ≤N: -%: hvor meget effektiviseringerne må falde "
    "med tilbagebetaling inden for N år. –: ingen skifteværdi (se forslaget)."
)


def with_horizon_note(table: Text) -> Text:
    table.append("\n" + HORIZON_NOTE)
    return table


def scenario_label(scenario: Scenario) -> str:
    parts = []
    if scenario.realisation != 100:
        parts.append(f"effektiviseringer {percent(scenario.realisation, 1, strip=True)} %")
    if scenario.delay:
        parts.append(f"effektiviseringer {scenario.delay} år forsinket")
    if scenario.running:
        parts.append(f"driftsudgifter {signed(scenario.running)} %")
    if scenario.overrun:
        parts.append(f"investering {signed(scenario.overrun)} %")
    if scenario.label:
        parts.append(f"({scenario.label})")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] if parts else "Som forslaget"


def signed(value: Decimal) -> str:
    text = percent(value, 1, strip=True)
    return text if value < 0 else f"+{text}"


def _bar(change: Decimal, widest: Decimal) -> Text:
    """A tornado bar: losses to the left of the middle, gains to the right."""
    length = 0 if widest == 0 else int(round_half_away(abs(change) / widest * BAR))
    if change < 0:
        return Text(" " * (BAR - length)) + Text("█" * length, style="red") + Text("│")
    return Text(" " * BAR + "│") + Text("█" * length, style="green")


SUBJECT = {
    Part.SAVINGS: "Effektiviseringerne",
    Part.RUNNING: "De nye driftsudgifter",
    Part.INVESTMENT: "Investeringen",
    Part.DELAY: "Forsinkelse af effektiviseringerne",
}
WHY_NOT = {
    (Part.SAVINGS, NoSwitch.NO_SAVINGS): "forslaget har ingen varige besparelser at lade falde",
    (Part.SAVINGS, NoSwitch.ALWAYS): "resultatet bliver ikke negativt, hvor meget de end falder",
    (Part.RUNNING, NoSwitch.NO_RUNNING): "forslaget har ingen nye driftsudgifter",
    (Part.RUNNING, NoSwitch.NEVER): "selv uden dem dækker effektiviseringerne ikke investeringen",
    (Part.RUNNING, NoSwitch.ALWAYS): "tilbagebetalingen nås, før de tæller",
    (Part.INVESTMENT, NoSwitch.NO_INVESTMENT): "forslaget har ingen investering",
    (Part.INVESTMENT, NoSwitch.NEVER): "de varige ændringer sparer intet netto, så resultatet "
    "er negativt uanset investeringen",
    (Part.DELAY, NoSwitch.NO_SAVINGS): "forslaget har ingen varige besparelser",
    (Part.DELAY, NoSwitch.NEVER): "resultatet er negativt allerede uden forsinkelse",
    (Part.DELAY, NoSwitch.ALWAYS): "resultatet bliver ikke negativt, hvor længe de end forsinkes",
}


def why_not(switch: Switch) -> str:
    """Why a factor has no switching value, in Danish (the "–" and why)."""
    if switch.reason is None:
        return ""
    fallback = {
        NoSwitch.NO_SAVINGS: WHY_NOT[Part.SAVINGS, NoSwitch.NO_SAVINGS],
        NoSwitch.NO_RUNNING: WHY_NOT[Part.RUNNING, NoSwitch.NO_RUNNING],
        NoSwitch.NO_INVESTMENT: WHY_NOT[Part.INVESTMENT, NoSwitch.NO_INVESTMENT],
        NoSwitch.NEVER: "resultatet er negativt uanset denne faktor",
        NoSwitch.ALWAYS: "resultatet holder uanset denne faktor",
    }
    return WHY_NOT.get((switch.part, switch.reason), fallback[switch.reason])


def switch_text(switch: Switch, turns: str, reaches: str) -> str:
    """One switching value as a sentence: '{Subject} må falde 10,1 %, {turns}.'; where the
    result is already on the wrong side, what it takes '{reaches}'; else '–' and why."""
    subject, margin = SUBJECT[switch.part], switch.margin
    if margin is None:
        return f"{subject}: – ({why_not(switch)})."
    if switch.part is Part.DELAY:
        if margin == 0:
            return "Effektiviseringerne må ikke forsinkes: allerede ét år vender resultatet."
        return f"Effektiviseringerne må forsinkes {int(margin)} år, {turns}."
    size = percent(abs(margin) * 100)
    if switch.part is Part.SAVINGS:
        verb = f"må falde {size} %" if margin >= 0 else f"skal stige {size} %"
    elif switch.part is Part.RUNNING:
        verb = f"må stige {size} %" if margin >= 0 else f"skal være {size} % lavere"
    else:
        verb = f"må overskrides {size} %" if margin >= 0 else f"skal være {size} % lavere"
    return f"{subject} {verb}, {turns if margin >= 0 else reaches}."


def switch_cell(switch: Switch | None) -> str:
    """A switching value in a table cell: '10,1', '2 år' or '–'."""
    if switch is None or switch.margin is None:
        return "–"
    if switch.part is Part.DELAY:
        return f"{int(switch.margin)} år"
    return percent(switch.margin * 100)


def switching_lines(s: Sensitivity) -> list[RenderableType]:
    """The switching values as a heading and one indented sentence each."""
    turns, reaches = "før nutidsværdien bliver negativ", "før nutidsværdien bliver 0"
    lines: list[RenderableType] = [
        Text(f"Skifteværdier, nutidsværdi over {s.years} år:", style="bold"),
        *(indented(switch_text(sw, turns, reaches), 2) for sw in s.switching.each()),
    ]
    if s.max_years is not None and s.payback_switching is not None:
        n = s.max_years
        turns = f"før tilbagebetalingstiden overstiger {n} år"
        reaches = f"for tilbagebetaling inden for {n} år"
        lines.append(Text(f"Skifteværdier, tilbagebetaling inden for {n} år:", style="bold"))
        lines.extend(
            indented(switch_text(sw, turns, reaches), 2) for sw in s.payback_switching.each()
        )
    return lines


def parts_text(s: Sensitivity) -> str:
    """'Nutidsværdien = effektiviseringer 59.517 - nye driftsudgifter 42.393 - investering
    11.101.'"""
    p = s.parts
    return (
        f"Nutidsværdien = effektiviseringer {danish(p.savings)} − nye driftsudgifter "
        f"{danish(p.running)} − investering {danish(p.investment)} (hver diskonteret)."
    )


def sensitivity_report(s: Sensitivity) -> Group:
    """`kkinvest sensitivity ID`: the switching values first, then the scenarios as a tornado."""
    p = s.proposal
    table = Table(
        title=f"{p.id} {p.title}\nFølsomhed, {unit(p)}, {rates_used(s.schedule, s.years)}, "
        f"{s.years} år",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Scenarie")
    table.add_column("Tilb.", justify="right")
    table.add_column("Nutidsv.", justify="right")
    table.add_column("Ændring", justify="right")
    table.add_column("", no_wrap=True)
    base = s.base.value
    widest = max((abs(o.present_value - base) for o in s.outcomes), default=Decimal(0))
    for outcome in s.outcomes:
        change = outcome.present_value - base
        # the change of the figures shown (6.023 -> 4.310 is -1.713), so a reader's own
        # subtraction agrees; the bar and --json keep the exact change
        shown = round_half_away(outcome.present_value, 0) - round_half_away(base, 0)
        table.add_row(
            scenario_label(outcome.scenario),
            "–" if outcome.payback is None else f"{outcome.payback} år",
            danish(outcome.present_value),
            "" if outcome.scenario.is_base else danish(shown),
            _bar(change, widest),
        )
    parts: list[RenderableType] = [
        Text(value_answer(p, s.base), style="bold"),
        *horizon_lines(p, s.horizon, s.payback),
        Text(parts_text(s)),
        *switching_lines(s),
        *risk_lines(s),
        table,
        Text(
            "Effektiviseringer er de varige linjers besparelser, nye driftsudgifter deres "
            "merudgifter (år for år); hver skaleres for sig. Tilbagebetalingstiden regner som "
            "kommunens regel; nutidsværdien "
            + (
                "med alle implementeringsomkostninger."
                if s.all_lines
                else "kun med tilbagebetalingstidens linjer."
            )
            + " Ændringen er forskellen mellem de viste, afrundede nutidsværdier."
        ),
    ]
    return Group(*parts)


def risk_lines(s: Sensitivity) -> list[RenderableType]:
    """The risk register and the figures with and without the risk reserve."""
    if s.risk is None:
        return []
    r = s.risk
    n = len(r.reserve.risks)
    with_back = "ingen" if r.payback is None else f"{r.payback} år ({r.payback_year})"
    without = "ingen" if s.payback is None else f"{s.payback} år"
    rows = [
        (
            value.risk.name,
            f"{percent(value.risk.probability, 1, strip=True)} %",
            " / ".join(danish(x) for x in (value.risk.low, value.risk.likely, value.risk.high)),
            year_span(value.risk.years),
            danish(value.total),
        )
        for value in r.reserve.risks
    ]
    return [
        Text(
            f"Risikoreserve (forventet værdi af {n} {'risiko' if n == 1 else 'risici'}): "
            f"{danish(r.reserve.total)}, lagt til investeringen i de år, risiciene falder",
            style="bold",
        ),
        indented(
            Text(
                f"Tilbagebetalingstid: {without} uden, {with_back} med risikoreserven.\n"
                f"Nutidsværdi over {s.years} år: {danish(s.base.value)} uden, "
                f"{danish(r.present_value)} med risikoreserven."
            ),
            2,
        ),
        risk_table(rows),
        Text(
            "Forventet værdi = sandsynlighed × (lav + sandsynlig + høj) / 3 for hvert af "
            "risikoens år (middelværdien af en trekantfordeling)."
        ),
    ]


def risk_table(rows: Sequence[Sequence[str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Risiko", ratio=1)
    for heading in ("Sandsynl.", "Lav / sandsynlig / høj", "År", "Forventet"):
        table.add_column(heading, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def year_span(years: Sequence[int]) -> str:
    """[2025, 2026, 2027] -> '2025-2027'; [2024, 2026] -> '2024, 2026'."""
    ordered = sorted(years)
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


def sensitivity_overview(rows: Sequence[Sensitivity]) -> Text:
    """`kkinvest sensitivity --all`: the switching values per proposal."""
    max_years = next((s.max_years for s in rows if s.max_years is not None), None)
    headings = [
        "Forslag",
        "Hor.",
        "Nutidsv.",
        "Eff.-%",
        "Drift+%",
        "Inv.+%",
        "Fors.",
        "Tilb.",
    ]
    if max_years is not None:
        headings.append(f"≤{max_years}: -%")
    table = []
    for s in rows:
        base = next((o for o in s.outcomes if o.scenario.is_base), None)
        cells = [
            s.proposal.id,
            f"{s.years} år" + ("!" if s.horizon.shorter_than(s.payback) else ""),
            danish(s.base.value),
            *(switch_cell(sw) for sw in s.switching.each()),
            "–" if base is None or base.payback is None else f"{base.payback} år",
        ]
        if max_years is not None:
            ps = s.payback_switching
            cells.append(switch_cell(None if ps is None else ps.savings))
        table.append(cells)
    return with_horizon_note(
        plain_table(
            "Følsomhed pr. forslag: hvor meget må det gå galt, før nutidsværdien bliver negativ?",
            headings,
            table,
            gap=2,
        )
    ).append(OVERVIEW_NOTE)


def rates_table(schedules: Sequence[Schedule]) -> Group:
    """`kkinvest rates`: each schedule with its bands, source and date (newest first)."""
    parts: list[RenderableType] = [
        Text("Diskonteringsrenter (Finansministeriets samfundsøkonomiske)", style="bold"),
        Text(
            "Et forslag bruger den rente, der gælder 1. juli året før dets budgetår "
            "(budgetrunden); --rate PCT sætter én fast rente."
        ),
    ]
    for schedule in sorted(schedules, key=lambda s: s.valid_from, reverse=True):
        bands = "; ".join(
            f"år {b.from_year}-{b.to_year}: {percent(b.rate, 2, strip=True)} %"
            if b.to_year is not None
            else f"år {b.from_year}-: {percent(b.rate, 2, strip=True)} %"
            for b in schedule.bands
        )
        parts.append(Text(""))
        parts.append(Text(f"{schedule.name}: {schedule.title}", style="bold"))
        parts.append(indented(Text(f"Gælder fra {schedule.valid_from}. {bands}."), 2))
        parts.append(indented(Text(f"Kilde: {schedule.source} (dato {schedule.date})."), 2))
    return Group(*parts)


def uplifts_table(uplifts: Sequence[Uplift]) -> Group:
    """The optimism-bias uplifts for `kkinvest sensitivity --uplift TYPE`: each bound on its
    own lines; "–" where the guidance gives no figure."""
    parts: list[RenderableType] = [
        Text(""),
        Text("Optimism bias (Green Book), til sensitivity --uplift TYPE", style="bold"),
    ]

    def bound(upper: Decimal | None, lower: Decimal | None) -> str:
        if upper is None:
            return "–"
        low = "" if lower is None else f" (nedre grænse {percent(lower, 0)} %)"
        return f"+{percent(upper, 0)} %{low}"

    for u in uplifts:
        shortfall = "–" if u.benefits_upper is None else f"-{percent(u.benefits_upper, 0)} %"
        parts.append(
            indented(
                Text(
                    f"{u.name}: {u.title}: investering {bound(u.capex_upper, u.capex_lower)}; "
                    f"nye driftsudgifter {bound(u.opex_upper, u.opex_lower)}; "
                    f"effektiviseringer {shortfall}"
                ),
                2,
            )
        )
    if uplifts:
        parts.append(indented(Text(f"Kilde: {uplifts[0].source} ({uplifts[0].date})."), 2))
        parts.append(
            indented(
                Text(
                    "– : vejledningen giver intet generisk tal (driftsudgifter kun for "
                    "udlicitering; effektiviseringernes svigt for ingen type): brug "
                    "--running eller --realisation med egne tal."
                ),
                2,
            )
        )
    return Group(*parts)


def indices_table(indices: Sequence[PriceIndex], sources: dict[str, str]) -> Group:
    """`kkinvest indices`: each index with its source and date, then one table of the figures
    (growth in % from the year before where the index is given so, else its level)."""
    if not indices:
        return Group(Text("Ingen prisindeks. Tilføj [[indices]] i en TOML-fil i kataloget."))
    parts: list[RenderableType] = [Text("Prisindeks til --price-level", style="bold")]
    for index in indices:
        parts.append(Text(""))
        default = " (standard)" if index.default else ""
        parts.append(Text(f"{index.name}{default}: {index.title}", style="bold"))
        parts.append(
            indented(
                Text(f"Kilde: {index.source} (dato {index.date}; fil {sources.get(index.name)})."),
                2,
            )
        )
        if index.note:
            parts.append(indented(Text(index.note), 2))
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("År", justify="right")
    for index in indices:
        kind = "vækst %" if index.growth is not None else "niveau"
        table.add_column(f"{index.name}\n{kind}", justify="right")
    years = sorted({y for index in indices for y in (index.growth or index.levels)})
    for year in years:
        cells = []
        for index in indices:
            value = (index.growth or index.levels).get(year)
            cells.append("" if value is None else danish(value, 1))
        table.add_row(str(year), *cells)
    parts.append(table)
    parts.append(
        Text(
            "KL's pris- og lønskøn (kommunernes serviceudgifter) følger ikke med: tallene kunne "
            "ikke hentes og citeres. Tilføj det selv som [[indices]] i en TOML-fil i kataloget."
        )
    )
    return Group(*parts)


def number(value: Decimal | None, places: int = 2) -> int | float | None:
    """An amount for JSON as a number, rounded to `places` decimals (no float arithmetic: the
    rounded decimal's shortest float repr is the same text)."""
    if value is None:
        return None
    rounded = round_half_away(value, places)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def npv_data(proposal: Proposal, pv: PresentValue, payback: Payback) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "price_level": proposal.price_level,
        "basis": pv.basis.value,
        "years": pv.years,
        "horizon_source": pv.source.value,
        "payback_beyond_horizon": pv.horizon.shorter_than(payback.years),
        "schedule": pv.schedule.name,
        "rates": [number(pv.schedule.rate(k), 4) for k in range(1, max(pv.years, 2))],
        "all_lines": pv.all_lines,
        "present_value": number(pv.value),
        "discounted_payback": pv.discounted_payback,
        "discounted_payback_year": pv.discounted_payback_year,
        "payback_years": payback.years,
        "payback_year": payback.year,
        "first_year": pv.first_year,
        "table": [
            {
                "number": row.number,
                "year": row.year,
                "investment": number(row.investment),
                "saving": number(row.saving),
                "cash_flow": number(row.cash_flow),
                "factor": number(row.factor, 6),
                "present_value": number(row.present_value),
                "cumulative": number(row.cumulative),
                "extrapolated": row.extrapolated,
            }
            for row in pv.table
        ],
    }


def _switch_data(switching: Switching | None, turns: str, reaches: str) -> dict[str, Any] | None:
    if switching is None:
        return None
    data: dict[str, Any] = {}
    for switch in switching.each():
        if switch.part is Part.DELAY:
            amount: dict[str, Any] = {
                "years": None if switch.margin is None else int(switch.margin)
            }
        else:
            amount = {
                "margin_percent": number(None if switch.margin is None else switch.margin * 100, 4)
            }
        data[switch.part.value] = {
            **amount,
            "reason": None if switch.reason is None else switch.reason.value,
            "text": switch_text(switch, turns, reaches),
        }
    return data


def _outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "realisation_percent": number(outcome.scenario.realisation),
        "delay_years": outcome.scenario.delay,
        "running_percent": number(outcome.scenario.running),
        "overrun_percent": number(outcome.scenario.overrun),
        "label": scenario_label(outcome.scenario),
        "payback_years": outcome.payback,
        "payback_year": outcome.payback_year,
        "present_value": number(outcome.present_value),
    }


def sensitivity_data(s: Sensitivity) -> dict[str, Any]:
    return {
        "id": s.proposal.id,
        "price_level": s.proposal.price_level,
        "years": s.years,
        "horizon_source": s.horizon.source.value,
        "payback_beyond_horizon": s.horizon.shorter_than(s.payback),
        "schedule": s.schedule.name,
        "all_lines": s.all_lines,
        "present_value": number(s.base.value),
        "parts": {
            "savings": number(s.parts.savings),
            "running": number(s.parts.running),
            "investment": number(s.parts.investment),
        },
        "scenarios": [_outcome_data(o) for o in s.outcomes],
        "switching": _switch_data(
            s.switching, "før nutidsværdien bliver negativ", "før nutidsværdien bliver 0"
        ),
        "risk": _risk_data(s),
        "max_years": s.max_years,
        "payback_switching": _switch_data(
            s.payback_switching,
            f"før tilbagebetalingstiden overstiger {s.max_years} år",
            f"for tilbagebetaling inden for {s.max_years} år",
        ),
    }


def _risk_data(s: Sensitivity) -> dict[str, Any] | None:
    if s.risk is None:
        return None
    r = s.risk
    return {
        "reserve": number(r.reserve.total),
        "reserve_by_year": {str(y): number(v) for y, v in r.reserve.by_year.items()},
        "payback_years": r.payback,
        "payback_year": r.payback_year,
        "present_value": number(r.present_value),
        "discounted_payback": r.discounted_payback,
        "risks": [
            {
                "name": v.risk.name,
                "probability_percent": number(v.risk.probability),
                "low": number(v.risk.low),
                "likely": number(v.risk.likely),
                "high": number(v.risk.high),
                "years": list(v.risk.years),
                "effect": v.risk.effect.value,
                "expected_per_year": number(v.expected),
                "expected": number(v.total),
            }
            for v in r.reserve.risks
        ],
    }
