"""`kkinvest pool --rank`: the applications in order of priority, with the line where the
money left in the pools runs out. Amounts in mio. kr. with one decimal, as the overview."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kkinvest.calc.ranking import RankBy, Ranked
from kkinvest.render.layout import number_column, plain_table
from kkinvest.render.numbers import millions

TITLES = {RankBy.PAYBACK: "tilbagebetalingstid", RankBy.NPV: "nutidsværdi"}
POOLS = {"investering": "inv.", "innovation": "innov."}


def ranking_report(
    rows: list[Ranked], by: RankBy, remaining: Decimal | None, outside: list[str], unit: str
) -> list[RenderableType]:
    table: Table = plain_table(f"Ansøgningerne prioriteret efter {TITLES[by]}\n{unit}")
    table.add_column("", no_wrap=True)
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag", ratio=1, min_width=12)
    table.add_column("Pulje", no_wrap=True)
    number_column(table, "Ansøgt")
    number_column(table, "Tilb.\ntid, år")
    if by is RankBy.NPV:
        number_column(table, "Nutids-\nværdi")
    number_column(table, "Akku-\nmuleret")
    drawn = False
    for row in rows:
        if not row.within and not drawn:
            drawn = True
            table.add_section()
            table.add_row(
                "", "", Text(f"Her slipper puljen op ({millions(remaining)})", style="bold")
            )
            table.add_section()
        cells: list[Any] = [
            f"{row.rank}.",
            row.proposal.id,
            row.proposal.title,
            POOLS.get(row.pool.value, row.pool.value),
            millions(row.asked),
            "." if row.payback is None else str(row.payback),
        ]
        if by is RankBy.NPV:
            cells.append("." if row.npv is None else millions(row.npv))
        cells.append(millions(row.cumulative))
        table.add_row(*cells, style="dim" if not row.within else None)
    parts: list[RenderableType] = [table]
    if remaining is None:
        parts.append(Text("Puljens restbeløb kendes ikke (ingen puljefil), så der er ingen streg."))
    elif not drawn:
        spare = remaining - (rows[-1].cumulative if rows else Decimal(0))
        parts.append(
            Text(f"Alle ansøgninger er dækket; der er {millions(spare)} mio. kr. tilbage.")
        )
    if outside:
        parts.append(Text(f"Uden for puljens kriterier, ikke prioriteret: {', '.join(outside)}."))
    return parts


def ranking_data(
    rows: list[Ranked], by: RankBy, remaining: Decimal | None, outside: list[str]
) -> dict[str, Any]:
    return {
        "by": by.value,
        "remaining": remaining,
        "outside_criteria": outside,
        "applications": [
            {
                "rank": row.rank,
                "id": row.proposal.id,
                "pool": row.pool.value,
                "asked": row.asked,
                "payback": row.payback,
                "npv": row.npv,
                "cumulative": row.cumulative,
                "within": row.within,
            }
            for row in rows
        ],
    }
