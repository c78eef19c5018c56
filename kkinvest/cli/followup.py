"""`kkinvest status` and `kkinvest ledger`: the follow-up after the decision (issue 23)."""

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkinvest.cli.common import (
    DataOption,
    Exit,
    ForceOption,
    JsonOption,
    NoPagerOption,
    app,
    catalogue,
    examples,
    out,
    out_json,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption

if TYPE_CHECKING:
    from kkinvest.calc.followup import StatusRow
    from kkinvest.registry import Registry
    from kkinvest.registry.statuses import Statuses

NO_FOLLOWUP = (
    "kataloget har ingen bevillinger eller opfølgning ([[decision]] og [[followup]]); se "
    "README, »Efter beslutningen«, eller prøv --data builtin --data examples/followup"
)


@app.command(
    epilog=examples(
        "kkinvest status --data builtin --data examples/followup",
        "kkinvest status --committee BIU --since 2018 --year 2026",
        "kkinvest status --json",
        "kkinvest status --year 2027 --xlsx opfølgning/   en projektmappe pr. udvalg",
        "kkinvest status --docx status-2026.docx",
    )
)
def status(
    committee: Annotated[
        str | None,
        typer.Option(metavar="UDVALG", help="Kun forslagene under dette udvalg (kode eller navn)."),
    ] = None,
    since: Annotated[
        int | None,
        typer.Option(metavar="ÅR", help="Kun forslag bevilget i en runde fra dette år, fx 2018."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            metavar="ÅR",
            help="Forårsstatus for dette år (opfølgning dateret senest i året; til dato = årene "
            "før). Standard: året for den nyeste opfølgning.",
        ),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            metavar="MAPPE",
            help="Skriv en projektmappe pr. udvalg til næste forårsstatus (gule celler til "
            "status, note og de realiserede tal), klar til --data.",
            show_default=False,
        ),
    ] = None,
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx",
            metavar="FIL",
            help="Skriv statusbilaget som et Word-dokument (.docx), pr. udvalg med en graf "
            "over planlagt og realiseret besparelse.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Statusbilaget: hvert godkendt forslag pr. udvalg med runde, status og farve,
    investering efter planen og brugt, besparelse efter planen og realiseret til dato (og i
    % af planen), hvad der mangler, og tilbagebetalingstiden efter planen og nu forventet."""
    from kkinvest.calc.followup import status_rows, status_year
    from kkinvest.model import FIRST_YEAR, LAST_YEAR, unknown_name
    from kkinvest.model_followup import FollowUpBook
    from kkinvest.registry import default_registry
    from kkinvest.registry.statuses import default_statuses

    with reported():
        cat = catalogue(data, proposals=True)
        registry = cat.registry or default_registry()
        book = cat.followup or FollowUpBook()
        code = None
        if committee is not None:
            row = registry.committee(committee)
            if row is None:
                known = [(r.code, r.name) for r in registry.rows if r.committee]
                raise Exit(f"--committee: {unknown_name('udvalg', committee, known, registry)}")
            code = row.code
        for name, given in (("--year", year), ("--since", since)):
            if given is not None and not FIRST_YEAR <= given <= LAST_YEAR:
                raise Exit(f"{name}: {given} er ikke et årstal ({FIRST_YEAR}–{LAST_YEAR})")
        chosen = year if year is not None else status_year(book)
        if chosen is None:
            raise Exit(NO_FOLLOWUP)
        statuses = default_statuses()
        rows = status_rows(cat.proposals, book, chosen, statuses, code, since)
        if xlsx is not None:
            _write_workbooks(xlsx, rows, chosen, registry, statuses, force)
            return
        if docx is not None:
            _write_document(docx, rows, chosen, registry, force)
            return
        if json:
            from kkinvest.render.followup_json import status_data

            out_json(status_data(rows, chosen, code, since, statuses))
        else:
            from kkinvest.render.followup import status_report

            out(status_report(rows, chosen, registry))


def _write_workbooks(
    folder: Path,
    rows: "list[StatusRow]",
    year: int,
    registry: "Registry",
    statuses: "Statuses",
    force: bool,
) -> None:
    """One fill-in workbook per committee, all or none (io/files.write_all)."""
    from kkinvest.io.files import private_temporaries, write_all
    from kkinvest.render.followup_xlsx import followup_workbook

    if not rows:
        raise Exit(f"ingen godkendte forslag at følge op på i foråret {year}")
    if folder.exists() and not folder.is_dir():
        raise Exit(f"--xlsx: {folder} er ikke en mappe; angiv mappen, filerne skal skrives i")
    by_committee: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_committee.setdefault(row.proposal.proposing_committee, []).append(row)
    files = []
    for code, group in by_committee.items():
        found = registry.row(code)
        name = f"{found.name} ({code})" if found else code
        book = followup_workbook([(name, group)], year, statuses)
        files.append((folder / f"opfoelgning-{year}-{code}.xlsx", _saver(book)))
    with private_temporaries():
        folder.mkdir(parents=True, exist_ok=True)
        written = write_all(files, force)
    for path in written:
        typer.echo(f"Skrev {path}.")


def _write_document(
    path: Path, rows: "list[StatusRow]", year: int, registry: "Registry", force: bool
) -> None:
    from kkinvest.io.files import private_temporaries, write_atomically
    from kkinvest.render.followup_docx import status_document

    if path.suffix.casefold() != ".docx":
        raise Exit(f"--docx: {path} skal hedde .docx")
    document = status_document(rows, year, registry)
    with private_temporaries():
        write_atomically(path, _saver(document), force)
    typer.echo(f"Skrev {path}.")


def _saver(book: Any) -> Callable[[Path], None]:
    return lambda path: book.save(path)


class PoolChoice(StrEnum):
    INVESTMENT = "investering"
    INNOVATION = "innovation"


@app.command(
    epilog=examples(
        "kkinvest ledger",
        "kkinvest ledger --pool innovation --data builtin --data examples/followup",
        "kkinvest ledger --price-level 2025 --json",
    )
)
def ledger(
    pool: Annotated[
        PoolChoice | None,
        typer.Option(help="Kun denne pulje; standard: begge puljer samlet."),
    ] = None,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Puljerne som konto: afsat pr. år, bevilget pr. runde, reserveret, tilbageført og hvad
    der resterer, i ét pris- og lønniveau, afstemt med de trykte »Der resterer …«."""
    from kkinvest.calc.ledger import account_lines, compute_ledger
    from kkinvest.calc.prices import PriceLevelProblem, find_index
    from kkinvest.io.economics_in import load_indices
    from kkinvest.io.folders import data_path
    from kkinvest.model import PoolName
    from kkinvest.model_followup import FollowUpBook
    from kkinvest.registry.statuses import default_statuses

    with reported():
        cat = catalogue(data)
        book = cat.followup or FollowUpBook()
        chosen = None if pool is None else PoolName(pool.value)
        try:
            lines = account_lines(cat.proposals, book, cat.pools, default_statuses())
            if not lines:
                raise Exit(NO_FOLLOWUP.replace("bevillinger eller opfølgning", "puljeposter"))
            levels = {line.price_level for line in lines}
            needs_index = len(levels) > 1 or (price_level is not None and levels != {price_level})
            found = None
            if needs_index or index is not None:
                indices, _ = load_indices(data_path(data))
                found = find_index(index, indices)
            account = compute_ledger(lines, chosen, price_level, found)
        except PriceLevelProblem as exc:
            raise Exit(f"ledger: {exc}") from None
        if json:
            from kkinvest.render.followup_json import ledger_data

            out_json(ledger_data(account, found))
        else:
            from kkinvest.render.followup import ledger_report

            out(ledger_report(account, found.name if found else None))
