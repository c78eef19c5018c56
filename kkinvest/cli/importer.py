"""`kkinvest import`: Word documents (.docx) in the municipality's template to TOML files,
one per proposal (ID.toml), plus a pool file when the document is a Bilag with an overview.

The report says what was read from where (table, row, cell), what was inferred (also written
into the TOML as `# gæt:` comments), what is missing for the user to fill in, and what could
not be placed. Nothing is invented.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any

import typer

from kkinvest.cli.common import (
    Exit,
    ForceOption,
    JsonOption,
    app,
    examples,
    out_json,
    reported,
    warn,
)


@app.command(
    "import",
    epilog=examples(
        "kkinvest import BC06.docx",
        "kkinvest import forslag/ -o katalog/",
        "kkinvest import bilag-7-budget-2023.docx -o katalog/ --json",
    ),
)
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FIL_ELLER_MAPPE...",
            help="Word-filer (.docx) eller mapper med dem (søges rekursivt).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="MAPPE",
            help="Mappen, TOML-filerne skrives i (standard: den aktuelle mappe).",
            show_default=False,
        ),
    ] = Path(),
    force: ForceOption = False,
    json: JsonOption = False,
) -> None:
    """Læs forslag skrevet i kommunens Word-skabelon og skriv dem som TOML (ID.toml).

    Et bilag med puljeoversigten giver også pool-BUDGET.toml. Rapporten siger, hvad der er
    læst hvorfra, hvad der er udledt (også som '# gæt:' i TOML-filen), hvad der mangler, og
    hvad der ikke kunne placeres."""
    from kkinvest.io.folders import shown
    from kkinvest.io.problems import InputError, Problem
    from kkinvest.io.word import draft_toml, pool_toml, proposal_of, read_time_checks, read_word
    from kkinvest.registry import default_registry

    with reported():
        files = _docx_files(paths)
        if output.exists() and not output.is_dir():
            raise Exit(f"-o {output}: er en fil, ikke en mappe")
        registry = default_registry()
        documents = [(file, read_word(file, shown(file), registry)) for file in files]
        reports: list[dict[str, Any]] = []
        writes: list[tuple[Path, Any]] = []  # every file, written all or none (io/files.py)
        written: dict[str, str] = {}  # target's name -> the file it is read from
        for file, document in documents:
            planned = _planned_followup(file, len(document.drafts))  # issue 23
            for draft in document.drafts:
                target = output / f"{draft.id}.toml"
                first = written.get(target.name.casefold())
                if first is not None:
                    raise Exit(
                        f"{shown(file)}: id {draft.id} er allerede læst fra {first}; giv det "
                        "ene forslag et andet nummer, eller importér filerne hver for sig"
                    )
                written[target.name.casefold()] = shown(file)
                try:
                    read_time_checks(draft, proposal_of(draft, registry))
                    loads: list[str] = []
                except InputError as exc:
                    loads = [str(p) for p in exc.problems]
                writes.append((target, _writer(draft_toml(draft) + planned[0])))
                reports.append(_report(draft, target, loads))
                reports[-1]["read"].extend({"where": w, "what": what} for w, what in planned[1])
            if document.pool is not None and document.pool.to_data():
                budget = document.pool.budget or "ukendt"
                target = output / f"pool-{budget}.toml"
                writes.append((target, _writer(pool_toml(document.pool))))
                reports.append(_report(document.pool, target, [], pool=True))
        _write_into(output, writes, force)
        warn(  # the figures may be wrong: on stderr as with --data, in JSON too, not twice
            Problem(item["where"], item["what"], report["id"])
            for report in reports
            for item in report["warnings"]
        )
        if json:
            out_json(reports)
        else:
            for report in reports:
                _print(report)
        unloadable = [r["written"] for r in reports if not r["loads"]]
        if unloadable:
            raise Exit(
                f"{', '.join(unloadable)}: "
                + ("kan" if len(unloadable) == 1 else "kan alle")
                + " ikke indlæses endnu; udfyld det, der står under 'mangler' (filerne er"
                " skrevet, så de kan rettes)"
            )
        if not reports:
            raise Exit(
                "intet forslag fundet i "
                + ", ".join(str(p) for p in paths)
                + ": hverken Tabel 1 (Forslagets samlede økonomiske konsekvenser) eller en"
                " forslagsoverskrift (fx INVESTERINGSFORSLAG eller 'Forslagets titel: ...');"
                " skriv forslaget i kommunens Word-skabelon, eller skriv det som TOML"
            )


def _planned_followup(file: Path, drafts: int) -> tuple[str, list[tuple[str, str]]]:
    """The follow-up a one-proposal document plans (its Opfølgning table and whether it comes
    from an innovation proposal), as TOML for the proposal's file and report lines
    (kkinvest.io.followup_docx); a document of several proposals keeps it unread."""
    if drafts != 1:
        return "", []
    from kkinvest.io.docx_in import read_docx
    from kkinvest.io.folders import shown
    from kkinvest.io.followup_docx import planned_followup

    return planned_followup(read_docx(file, shown(file)))


def _write_into(output: Path, writes: list[tuple[Path, Any]], force: bool) -> None:
    """Write every file or none; a folder made for them goes again if nothing was written."""
    from kkinvest.io.files import write_all

    if not writes:
        return
    made = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        write_all(writes, force)
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                output.rmdir()  # only if empty: nothing of ours, nothing of anyone else's
        raise


def _docx_files(paths: list[Path]) -> list[Path]:
    """The Word files to import: only regular files, as every --data reads them (a FIFO
    named x.docx would hang the reader; folders.walk_catalogue names it instead)."""
    from kkinvest.io.folders import walk_catalogue

    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise Exit(f"{path}: filen findes ikke")
        found, _ = walk_catalogue(path)
        if path.is_dir():
            found = [p for p in found if p.suffix.casefold() == ".docx"]
            if not found:
                raise Exit(f"{path}: ingen .docx-filer i mappen")
        files.extend(found)
    return files


def _writer(text: str) -> Any:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _unread_cells(draft: Any) -> list[str]:
    """What could not be read where a cell or paragraph is named: a `mangler` line each."""
    return [f"{where}: {what}" for where, what in draft.problems if where != draft.source]


def _report(draft: Any, target: Path, loads: list[str], pool: bool = False) -> dict[str, Any]:
    return {
        "file": draft.source,
        "id": None if pool else draft.id,
        "pool": pool,
        "written": str(target),
        "read": [{"where": w, "what": what} for w, what in draft.report],
        "guesses": [{"field": f, "why": why} for f, why in draft.guesses.items()],
        "warnings": [{"where": w, "what": what} for w, what in draft.warnings],
        "missing": [*draft.missing, *_unread_cells(draft)],
        "not_placed": [{"where": w, "what": what} for w, what in draft.unplaced],
        "loads": not loads,
        "problems": loads,
    }


def _echo(text: str, indent: int = 0) -> None:
    """One report line, wrapped at the terminal's width with a hanging indent."""
    import shutil
    import textwrap

    from kkinvest.io.problems import printable

    text = printable(text, keep="")  # a document's text, not yet checked: no ESC, no \r
    width = max(shutil.get_terminal_size((80, 24)).columns, 40)
    lines = textwrap.wrap(text, width, subsequent_indent=" " * indent, break_on_hyphens=False)
    typer.echo("\n".join(lines) if lines else text)


def _print(report: dict[str, Any]) -> None:
    what = "Puljeoversigt" if report["pool"] else f"Forslag {report['id']}"
    _echo(f"{what} fra {report['file']} -> {report['written']}", 2)
    prefix = f"{report['file']}, "

    def place(where: str) -> str:  # the file is named once, in the heading line
        return where.removeprefix(prefix)

    for item in report["read"]:
        _echo(f"  læst     {place(item['where'])}: {item['what']}", 11)
    for item in report["guesses"]:
        _echo(f"  gæt      {item['field']}: {item['why']}", 11)
    for item in report["missing"]:
        _echo(f"  mangler  {item}", 11)
    for item in report["not_placed"]:
        _echo(f"  ikke placeret  {place(item['where'])}: {item['what']}", 11)
    if not report["loads"]:
        typer.echo("  indlæses ikke endnu (udfyld det, der mangler):")
        for problem in report["problems"]:
            _echo(f"    {problem}", 6)
    typer.echo("")
