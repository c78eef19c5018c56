"""`kkinvest pool`: the overview's Tabel 1, 2 and 3, the balance and the reconciliation, in the
document's layout and order. Amounts in mio. kr. with one decimal; "." where there is nothing,
as the overview prints it."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.pools import Discrepancy, Overview, RoundingNote, count_text
from kkinvest.model import Pool
from kkinvest.render.layout import legend, number_column, plain_table
from kkinvest.render.numbers import danish, millions


def mio_or_dot(thousands: Decimal) -> str:
    return "." if thousands == 0 else millions(thousands)


def _unit(ov: Overview, pool: Pool | None) -> str:
    level = pool.price_level if pool else ov.budget
    return f"Mio. kr. {level} p/l."


def tabel_1(ov: Overview, pool: Pool | None) -> Table:
    table = plain_table("Tabel 1 Investerings- og innovationsforslag fordelt på udvalg")
    table.add_column(_unit(ov, pool), ratio=1)
    for name in (
        "Antal\n(innovations-\nforslag)",
        "Investering\ni alt",
        "Effektivise-\nringer ved fuld\nindfasning,\nservice",
    ):
        number_column(table, name)
    labels = pool.committee_labels if pool else {}
    for row in ov.committees:
        table.add_row(
            labels.get(row.committee, row.committee),
            count_text(row.investment_count, row.innovation_count),
            millions(row.investment),
            millions(row.savings),
        )
    table.add_section()
    table.add_row(
        Text("I alt", style="bold"),
        Text(
            count_text(
                sum(r.investment_count for r in ov.committees),
                sum(r.innovation_count for r in ov.committees),
            ),
            style="bold",
        ),
        Text(millions(sum((r.investment for r in ov.committees), Decimal(0))), style="bold"),
        Text(millions(sum((r.savings for r in ov.committees), Decimal(0))), style="bold"),
    )
    return table


def pool_markers(pool: Pool | None, table: str, pid: str) -> str:
    if pool is None:
        return ""
    stated = pool.tabel_2 if table == "2" else pool.tabel_3
    row = stated.rows.get(pid) if stated else None
    return f" {row.marker}" if row and row.marker else ""


def _applications(title: str, ov: Overview, pool: Pool | None) -> Table:
    """Tabel 2 and 3 begin alike: committee, number and title of each application."""
    table = plain_table(f"{title}\n{_unit(ov, pool)}")
    table.add_column("Udv.", no_wrap=True)
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag", ratio=1, min_width=12)
    return table


def tabel_2(ov: Overview, pool: Pool | None) -> Table:
    table = _applications("Tabel 2 Indkomne ansøgninger til investeringspuljen", ov, pool)
    for name in (
        "Inv.\nservice",
        "Inv.\nanlæg",
        "Eff.\nservice",
        "Eff.\noverf.\nmv.",
        "Tilb.\ntid,\når",
    ):
        number_column(table, name)
    outside = set(pool.outside_criteria) if pool else set()
    for row in ov.investment:
        p = row.proposal
        title = p.title + (" †" if p.id in outside else "")
        table.add_row(
            p.proposing_committee + pool_markers(pool, "2", p.id),
            p.id,
            title,
            mio_or_dot(row.service),
            mio_or_dot(row.capital),
            mio_or_dot(row.savings_service),
            mio_or_dot(row.savings_transfers),
            "." if row.payback is None else str(row.payback),
        )
    table.add_section()
    table.add_row(
        Text("I alt", style="bold"),
        "",
        "",
        *(
            Text(mio_or_dot(ov.total(c)), style="bold")
            for c in ("service", "capital", "savings_service", "savings_transfers")
        ),
        ".",
    )
    return table


TABEL_2_LEGEND = (
    "Inv.: investeringer. Eff.: varige effektiviseringer ved fuld indfasning.",
    "Overf. mv.: overførsler mv. Tilb.tid: tilbagebetalingstid.",
)


def tabel_3(ov: Overview, pool: Pool | None) -> Table:
    table = _applications("Tabel 3 Indkomne ansøgninger til innovationspuljen", ov, pool)
    number_column(table, "Innovations-\npulje\n(service)")
    potential = any(row.proposal.potential_saving for row in ov.innovation)
    if potential:  # the tentative business cases' potential permanent saving (issue 10)
        number_column(table, "Potentiel\nvarig be-\nsparelse")
    for row in ov.innovation:
        p = row.proposal
        cells = [
            p.proposing_committee + pool_markers(pool, "3", p.id),
            p.id,
            p.title,
            mio_or_dot(row.amount),
        ]
        if potential:
            cells.append(_potential(p.potential_saving))
        table.add_row(*cells)
    table.add_section()
    table.add_row(
        Text("I alt", style="bold"),
        "",
        "",
        Text(mio_or_dot(ov.innovation_total), style="bold"),
        *([""] if potential else []),
    )
    return table


def _potential(span: tuple[Decimal, Decimal] | None) -> str:
    if span is None:
        return ""
    low, high = (millions(x) for x in span)
    return low if low == high else f"{low}–{high}"


def _footnotes(notes: dict[str, str]) -> list[RenderableType]:
    return [Text(f"{marker} {text}", style="dim") for marker, text in notes.items()]


def balance(ov: Overview, pool: Pool | None) -> Text:
    if ov.remaining is None or ov.left_after is None:
        return Text(
            f"Ansøgt i alt: {millions(ov.asked)} mio. kr. Der er ingen puljeoplysninger for "
            f"budget {ov.budget}, så restbeløbet i puljerne kendes ikke."
        )
    assert pool is not None
    return Text(
        f"Tilbage i puljerne: {millions(ov.remaining)} mio. kr. ({pool.price_level} p/l). "
        f"Ansøgt i alt: {millions(ov.asked)} mio. kr. "
        f"Tilbage efter ansøgningerne: {millions(ov.left_after)} mio. kr."
    )


def _value(value: Decimal | int | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return danish(value, 1)
    return str(value)


def reconciliation(
    found: list[Discrepancy], notes: list[RoundingNote], pool: Pool | None
) -> list[RenderableType]:
    if pool is None:
        return []
    parts: list[RenderableType] = []
    if not found:
        parts.append(Text("Afstemning: alle trykte tal i overblikket stemmer med de beregnede."))
    else:
        table = plain_table("Afstemning med det trykte overblik: tal der afviger")
        table.add_column("Tabel", no_wrap=True)
        table.add_column("Række", no_wrap=True)
        table.add_column("Kolonne", ratio=1, min_width=12)
        for name in ("Trykt", "Beregnet", "Sum af\ntrykte\nrækker"):
            number_column(table, name)
        for d in found:
            table.add_row(
                d.table,
                d.row,
                d.column,
                _value(d.printed),
                _value(d.computed),
                "" if d.printed_rows is None else danish(d.printed_rows, 1),
            )
        parts.append(table)
    for note in notes:
        parts.append(
            Text(
                f"Note: {note.table}, {note.column}: de trykte rækker summer til "
                f"{danish(note.printed_rows, 1)}, men totalen {danish(note.total, 1)} er den "
                "afrundede eksakte sum og derfor rigtig (der kan forekomme afrundingsdifferencer).",
                style="dim",
            )
        )
    return parts


def pool_report(
    ov: Overview, pool: Pool | None, found: list[Discrepancy], notes: list[RoundingNote]
) -> Group:
    parts: list[RenderableType] = [
        Text(f"Investerings- og innovationspuljerne, budget {ov.budget}", style="bold")
    ]
    parts.append(tabel_1(ov, pool))
    parts.append(tabel_2(ov, pool))
    parts.append(legend(TABEL_2_LEGEND))
    if pool and pool.tabel_2:
        parts.extend(_footnotes(pool.tabel_2.footnotes))
    if pool and pool.outside_criteria:
        parts.append(Text("† ligger ikke inden for investeringspuljens kriterier", style="dim"))
    if ov.innovation:
        parts.append(tabel_3(ov, pool))
        if pool and pool.tabel_3:
            parts.extend(_footnotes(pool.tabel_3.footnotes))
    else:
        parts.append(Text("Tabel 3 Indkomne ansøgninger til innovationspuljen: ingen ansøgninger."))
    parts.append(balance(ov, pool))
    parts.extend(reconciliation(found, notes, pool))
    return Group(*parts)
