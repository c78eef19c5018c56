"""`--price-level YEAR [--index NAME]`: the options, and the step that converts a loaded
catalogue before any calculator sees it (so every command shows converted amounts the same
way, and says so in a heading line)."""

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kkinvest.cli.common import Exit

if TYPE_CHECKING:
    from kkinvest.model import Catalogue, Pool, Proposal

PriceLevelOption = Annotated[
    int | None,
    typer.Option(
        "--price-level",
        metavar="ÅR",
        help="Omregn alle beløb til dette pris- og lønniveau (fx 2025) med et prisindeks.",
        show_default=False,
    ),
]
IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="NAVN",
        help="Prisindekset til --price-level (se kkinvest indices); standard: det markerede.",
        show_default=False,
    ),
]


def at_price_level(
    cat: "Catalogue",
    data: Path | list[Path] | None,
    year: int | None,
    index_name: str | None,
    json: bool,
) -> "Catalogue":
    """`cat` with every proposal and pool in `year` p/l; a heading line says so (on stderr
    with --json, so that stdout stays JSON)."""
    if year is None:
        if index_name is not None:
            raise Exit("--index bruges sammen med --price-level ÅR")
        return cat
    from kkinvest.calc.prices import PriceLevelProblem, convert_catalogue, find_index
    from kkinvest.io.economics_in import load_indices
    from kkinvest.io.folders import data_path

    indices, _ = load_indices(data_path(data))
    try:
        index = find_index(index_name, indices)
        converted = convert_catalogue(cat, index, year)
    except PriceLevelProblem as exc:
        raise Exit(f"--price-level {year}: {exc}") from None
    changed = sorted({p.price_level for p in cat.proposals if p.price_level is not None} - {year})
    source = ", ".join(f"{level} p/l" for level in changed) or f"allerede {year} p/l"
    heading = (
        f"Beløb omregnet til 1.000 kr. {year} p/l (fra {source}) "
        f"med indekset {index.name}: {index.title}."
    )
    unknown = [p.id for p in cat.proposals if p.price_level is None]
    if unknown:
        heading += f" Uden pris- og lønniveau, ikke omregnet: {', '.join(unknown)}."
    if json:
        typer.echo(f"kkinvest: {heading}", err=True)
    else:
        from rich.text import Text

        from kkinvest.cli.common import out

        out(Text(heading))
    return converted


def refuse_mixed(proposals: "Iterable[Proposal]", pool: "Pool | None", budget: int) -> None:
    """A pool never adds amounts of different price levels: name them and stop."""
    from kkinvest.calc.prices import mixed_levels

    items = [(p.id, p.price_level) for p in proposals if p.budget == budget]
    if pool is not None:
        items.append((f"puljefilen for budget {budget}", pool.price_level))
    by_level = mixed_levels(items)
    if by_level:
        parts = "; ".join(
            f"{', '.join(ids)} " + ("uden p/l" if level is None else f"i {level} p/l")
            for level, ids in sorted(by_level.items(), key=lambda item: item[0] or 0)
        )
        raise Exit(
            f"budget {budget}: beløbene er i forskellige pris- og lønniveauer ({parts}); "
            "omregn dem med --price-level ÅR [--index NAVN]"
        )
