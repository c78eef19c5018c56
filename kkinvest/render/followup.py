"""`kkinvest status` and `kkinvest ledger` in the terminal: the status annex per committee and
the pool as an account. Amounts in mio. kr. with one decimal, as the committee papers print
them; a colour is written as its word (grøn, gul, rød), so it survives a pipe and a printer."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.followup import StatusRow
from kkinvest.calc.ledger import Ledger
from kkinvest.model import PoolName
from kkinvest.registry import Registry
from kkinvest.render.layout import legend, number_column, plain_table
from kkinvest.render.numbers import danish, millions

STYLES = {"grøn": "green", "gul": "yellow", "rød": "red", "ingen": ""}

KINDS = {
    "opening": "Primo",
    "set_aside": "Afsat",
    "granted": "Bevilget",
    "reserved": "Reserveret",
    "released": "Frigivet",
    "returned": "Tilbageført",
    "printed": "Trykt saldo",
}
"""The ledger's kinds of line, as printed."""

POOLS = {PoolName.INVESTMENT: "investering", PoolName.INNOVATION: "innovation", None: "begge"}


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{danish(value)} %"


def payback(years: int | None) -> str:
    return "aldrig" if years is None else str(years)


def colour_text(row: StatusRow) -> Text:
    word = row.colour if row.colour != "ingen" else "–"
    text = Text(word, style=STYLES.get(row.colour, ""))
    text.append(f" {row.status.name}")
    if row.behind:
        text.append(" *")
    return text


STATUS_LEGEND = (
    "Inv.: investering efter planen. Brugt: implementeringsmidler brugt til dato.",
    "Besp.: varig besparelse til dato (netto, som Tabel 1) efter planen og realiseret.",
    "Mangler: den årlige besparelse ved fuld indfasning, der endnu ikke er realiseret.",
    "Tilb.: tilbagebetalingstid i år efter planen og nu forventet (de realiserede år",
    "og resten af planen). * vist gul: besparelsen til dato er under grænsen for planen.",
)


def status_table(rows: list[StatusRow], title: str) -> Table:
    """Per proposal: its rounds and its status with colour."""
    table = plain_table(title)
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag", ratio=1, min_width=12)
    table.add_column("Runde", min_width=8)
    table.add_column("Status", min_width=12)
    for row in rows:
        rounds = "\n".join(d.round for d in row.decisions) or "–"
        table.add_row(row.proposal.id, row.proposal.title, rounds, colour_text(row))
    return table


def figures_table(rows: list[StatusRow]) -> Table:
    """Per proposal: planned against spent and realised, and the paybacks (1.000 kr.)."""
    table = plain_table()
    table.add_column("Nr.", no_wrap=True)
    for name in (
        "Inv.",
        "Brugt",
        "Besp.\nplan",
        "Besp.\nreal.",
        "Real.\n% af\nplan",
        "Mangler",
        "Tilb.\nplan",
        "Tilb.\nnu",
    ):
        number_column(table, name)
    for row in rows:
        table.add_row(row.proposal.id, *figure_cells(row))
    return table


def figure_cells(row: StatusRow) -> list[str]:
    """A proposal's figures as the annex prints them, in the terminal and in Word alike:
    investment, spent, saving planned and realised to date, % of plan, still to come, the
    paybacks by plan and now expected."""
    return [
        danish(row.investment_planned),
        danish(row.spent),
        danish(row.saving_planned),
        danish(row.saving_realised),
        percent(row.percent),
        danish(row.saving_to_come),
        payback(row.payback_planned),
        payback(row.payback_expected),
    ]


def status_report(rows: list[StatusRow], year: int, registry: Registry) -> Group:
    parts: list[RenderableType] = [
        Text(
            f"Status på tidligere godkendte investerings- og innovationsforslag, foråret {year}",
            style="bold",
        ),
        Text(f"1.000 kr. i forslagenes p/l. Til dato: årene til og med {year - 1}."),
    ]
    if not rows:
        parts.append(Text("Ingen godkendte forslag med bevilling eller status i kataloget."))
        return Group(*parts)
    by_committee: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_committee.setdefault(row.proposal.proposing_committee, []).append(row)
    for code, group in by_committee.items():
        found = registry.row(code)
        name = f"{found.name} ({code}): {_counts(group)}" if found else code
        parts.append(status_table(group, name))
        parts.append(figures_table(group))
    parts.append(legend(STATUS_LEGEND))
    for row in rows:
        said = _notes(row)
        if said:
            parts.append(Text.assemble((f"{row.proposal.id}: ", "bold"), " ".join(said)))
    return Group(*parts)


def _notes(row: StatusRow) -> list[str]:
    """The report's note, what was taken out of the budgets where it is not what was
    delivered, and the years not reported."""
    said = [row.note] if row.note else []
    if row.incorporated is not None and row.incorporated != row.saving_realised:
        said.append(
            f"Indarbejdet i budgetterne til dato: {danish(row.incorporated)}; leveret: "
            f"{danish(row.saving_realised)}."
        )
    if row.missing:
        said.append(f"(Ikke indberettet: {', '.join(str(y) for y in row.missing)}.)")
    return said


def _counts(rows: list[StatusRow]) -> str:
    """'3 forslag: 1 grøn, 1 gul, 1 rød'."""
    colours: dict[str, int] = {}
    for row in rows:
        colours[row.colour] = colours.get(row.colour, 0) + 1
    shown = ", ".join(f"{n} {c}" for c, n in colours.items())
    return f"{len(rows)} forslag, {shown}"


def ledger_report(ledger: Ledger, index: str | None) -> Group:
    pool = POOLS[ledger.pool]
    heading = (
        "Investerings- og innovationspuljerne"
        if ledger.pool is None
        else (f"{pool.capitalize()}spuljen")
    )
    parts: list[RenderableType] = [Text(f"{heading} som konto", style="bold")]
    converted = f", omregnet med indekset {index}" if index else ""
    table = plain_table(f"Mio. kr. {ledger.price_level} p/l{converted}")
    table.add_column("Dato", no_wrap=True)
    table.add_column("Post", ratio=1, min_width=12)
    if ledger.pool is None:
        table.add_column("Pulje", no_wrap=True)
    for name in ("Beløb", "Saldo", "Trykt"):
        number_column(table, name)
    for line in ledger.lines:
        sign = {"granted": -1, "reserved": -1}.get(line.kind, 1)
        amount = "" if line.kind in ("printed", "opening") else millions(sign * line.converted)
        printed = millions(line.converted) if line.kind in ("printed", "opening") else ""
        what = KINDS[line.kind] + (f" ({line.round})" if line.round else "")
        if line.text:
            what += f": {line.text}"
        cells: list[RenderableType] = [line.date.isoformat(), what]
        if ledger.pool is None:
            cells.append(POOLS[line.pool])
        balance = Text(millions(line.balance), style="bold" if line.differs else "")
        cells += [amount, balance, Text(printed + (" ≠" if line.differs else ""))]
        table.add_row(*cells)
    parts.append(table)
    parts.append(
        Text(
            f"Afsat {millions(ledger.total('set_aside'))}, bevilget "
            f"{millions(ledger.total('granted'))}, reserveret "
            f"{millions(ledger.total('reserved') - ledger.total('released'))}, tilbageført "
            f"{millions(ledger.total('returned'))}. Der resterer {millions(ledger.remaining)} "
            f"mio. kr. ({ledger.price_level} p/l)."
        )
    )
    for line in ledger.differences:
        parts.append(
            Text(
                f"Afstemning {line.date.isoformat()}: trykt {millions(line.converted)}, "
                f"beregnet {millions(line.balance)} mio. kr. (forskel "
                f"{millions(line.converted - line.balance)}).",
                style="bold",
            )
        )
    if ledger.lowest is not None:
        low = ledger.lowest
        parts.append(
            Text(
                f"Puljen går under nul: {millions(low.balance)} mio. kr. efter "
                f"{low.date.isoformat()} ({KINDS[low.kind].lower()}).",
                style="bold",
            )
        )
    if ledger.left_out:
        parts.append(
            Text(
                f"{len(ledger.left_out)} post(er) gælder puljerne samlet og kan ikke deles på "
                "én pulje; de er ikke med (kør uden --pool for at se dem).",
                style="dim",
            )
        )
    return Group(*parts)
