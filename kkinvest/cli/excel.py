"""`kkinvest export`, `template` and `convert`: Excel workbooks and TOML files out.

The only commands that load openpyxl (inside their functions)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkinvest.cli.common import (
    DataOption,
    Exit,
    ForceOption,
    Settings,
    XlsxOption,
    app,
    catalogue,
    examples,
    find,
    known_budget,
    notes,
    paybacks,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level

if TYPE_CHECKING:
    from kkinvest.calc.tables import KvantumTable
    from kkinvest.model import Catalogue, Proposal
    from kkinvest.registry import Registry
    from kkinvest.render.docx_out import Title
    from kkinvest.render.excel import ProposalSheet


def _kvantum_tables(
    cat: Catalogue, proposal: Proposal, registry: Registry, collapse: bool
) -> dict[str, KvantumTable]:
    """Tabel A/B/C of a proposal, by committee (or by its committee's parent, `collapse`)."""
    from kkinvest.calc.keys import proposal_shares, target_shares
    from kkinvest.calc.tables import collapse as collapse_table
    from kkinvest.calc.tables import tables as kvantum_tables

    computed = kvantum_tables(
        proposal,
        proposal_shares(proposal, cat.keys, registry),
        registry,
        target_shares(proposal, cat.keys, registry),
    )
    if collapse:
        computed = {name: collapse_table(t, registry) for name, t in computed.items()}
    return computed


def _sheet(cat: Catalogue, proposal: Proposal, registry: Registry, collapse: bool) -> ProposalSheet:
    from kkinvest.calc.checks import Context
    from kkinvest.calc.keys import key_description
    from kkinvest.calc.shown import hidden_stated
    from kkinvest.io import toml_out
    from kkinvest.render.excel import ProposalSheet

    computed = _kvantum_tables(cat, proposal, registry, collapse)
    # Only the printed totals and paybacks the sheet's Note shows: one that agreed with the
    # lines would come back from the hidden block after an edit as the document's figure.
    hidden = hidden_stated(proposal, Context(cat.keys, registry))
    extra = toml_out.extra_data(hidden)
    return ProposalSheet(
        proposal,
        paybacks(proposal),
        computed,
        toml_out.dumps(extra) if extra else "",
        computed_on=date.today().strftime("%d.%m.%Y"),
        key_note=key_description(proposal, cat.keys),
    )


def _save(path: Path, book: Any, force: bool) -> None:
    from kkinvest.io.files import write_atomically

    write_atomically(path, lambda temporary: book.save(temporary), force)


def _fits_one_workbook(chosen: list[Proposal]) -> None:
    """Refuse, before building anything, more than one workbook kkinvest can read back holds
    (io/xlsx_guard.py): proposals, and the cells of their Tabel 1 rows."""
    from kkinvest.io.excel_in import table_cells
    from kkinvest.io.xlsx_guard import MAX_PROPOSALS, MAX_TABLE_VALUES, dotted

    advice = "vælg færre med --budget ÅR eller nævn forslagene"
    if len(chosen) > MAX_PROPOSALS:
        raise Exit(
            f"{dotted(len(chosen))} forslag er for mange til én projektmappe, som kkinvest kan "
            f"læse igen; højst {dotted(MAX_PROPOSALS)}: {advice}"
        )
    cells = sum(table_cells(p) for p in chosen)
    if cells > MAX_TABLE_VALUES:
        raise Exit(
            f"forslagenes Tabel 1 har {dotted(cells)} celler i alt, for mange til én "
            f"projektmappe, som kkinvest kan læse igen; højst {dotted(MAX_TABLE_VALUES)}: {advice}"
        )


def _labels_read_back(chosen: list[Proposal]) -> None:
    """Refuse, before writing anything, a line whose label the readers would take for another
    row of Tabel 1 (io/recognise.py `misread_as`): read back, the line would be lost."""
    from kkinvest.io.problems import InputError, Problem
    from kkinvest.io.recognise import misread_as

    problems = []
    for proposal in chosen:
        for number, line in enumerate(proposal.lines, start=1):
            taken_for = misread_as(line.label, amounts=bool(line.values))
            if taken_for:
                problems.append(
                    Problem(
                        proposal.id,
                        f"linjen {line.label!r} ville blive læst tilbage som {taken_for}, ikke "
                        "som en linje; giv den et andet navn (fx med et ord foran) og eksportér "
                        "igen",
                        f"lines[{number}].label",
                    )
                )
    if problems:
        raise InputError(problems)


def _counted(sheets: Iterator[ProposalSheet]) -> Iterator[ProposalSheet]:
    """The sheets as they are built, refused (before anything is saved) once their tables hold
    more cells than the reader keeps from one workbook: Tabel 1's rows, and Tabel A-C as the
    sheets show them (the reader keeps at most every row of every year of those)."""
    from kkinvest.io.excel_in import table_cells
    from kkinvest.io.xlsx_guard import MAX_TABLE_VALUES, dotted

    cells = 0
    for sheet in sheets:
        shown = sum(len(t.rows) * len(t.years) for t in sheet.tables.values())
        cells += table_cells(sheet.proposal) + shown
        if cells > MAX_TABLE_VALUES:
            raise Exit(
                f"forslagenes tabeller (Tabel 1 og A-C) har over {dotted(MAX_TABLE_VALUES)} "
                "celler, for mange til én projektmappe, som kkinvest kan læse igen: vælg færre "
                "med --budget ÅR eller nævn forslagene"
            )
        yield sheet


def _save_readable(path: Path, book: Any, force: bool) -> None:
    """Save the workbook, but put it in place only if kkinvest's reader accepts it (checked as
    `--data` checks a workbook: io/excel_in.check_xlsx, io/xlsx_guard.py): never a workbook
    kkinvest itself cannot read back for its size."""
    from kkinvest.io.excel_in import check_xlsx
    from kkinvest.io.files import write_atomically
    from kkinvest.io.problems import InputError

    def write(temporary: Path) -> None:
        book.save(temporary)
        try:
            check_xlsx(temporary, str(path))
        except InputError as exc:
            reason = exc.problems[0].message.removeprefix("projektmappen er afvist: ")
            reason = reason.split("; del ")[0]  # the reader's advice is for a workbook's author
            raise Exit(
                f"{path}: kkinvest ville ikke kunne læse projektmappen igen ({reason}); den er "
                "ikke skrevet: eksportér færre forslag med --budget ÅR eller ved at nævne dem"
            ) from None

    write_atomically(path, write, force)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for long exports (a terminal only)."""
    if total < 200 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Eksporterer", total=total)
        yield lambda: bar.advance(task)


def suffix_must_be(path: Path, suffixes: tuple[str, ...], what: str) -> None:
    """Refuse an output file whose name does not say what it will hold."""
    if path.suffix.casefold() not in suffixes:
        wanted = " eller ".join(suffixes)
        raise Exit(f"{path}: {what} skal have et navn, der ender på {wanted}")


@app.command(
    epilog=examples(
        "kkinvest export --xlsx                  alle forslag og puljeoversigterne",
        "kkinvest export --xlsx BC06.xlsx BC06 --force",
        "kkinvest export --xlsx --budget 2023",
        "kkinvest export --docx --budget 2023     bilaget i Word: puljer og forslag",
        "kkinvest export --docx bilag.docx --budget 2023 --findings",
    )
)
def export(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FIL] [ID]...",
            help="Filen, der skal skrives (.xlsx eller .docx), og derefter forslagene.",
            show_default=False,
        ),
    ] = None,
    xlsx: XlsxOption = False,
    docx: Annotated[
        bool,
        typer.Option(
            "--docx", help="Skriv Bilaget i Word (.docx): puljeoversigten og hvert forslag."
        ),
    ] = False,
    budget: Annotated[
        int | None, typer.Option(metavar="ÅR", help="Kun forslagene fra dette budgetår.")
    ] = None,
    findings: Annotated[
        bool,
        typer.Option("--findings", help="Med --docx: hvad kkinvest check fandt, pr. forslag."),
    ] = False,
    collapse: Annotated[
        bool,
        typer.Option("--collapse", help="Tabel A-C med koncernenhederne lagt ind under ØU."),
    ] = False,
    annex: Annotated[
        str, typer.Option(metavar="NR", help="Med --docx: bilagets nummer (»Bilag 7«).")
    ] = "",
    committee_name: Annotated[
        str,
        typer.Option(metavar="UDVALG", help="Med --docx: udvalget, bilaget forelægges."),
    ] = "",
    meeting: Annotated[
        str, typer.Option(metavar="DATO", help="Med --docx: mødets dato (»14. juni 2022«).")
    ] = "",
    case_number: Annotated[
        str, typer.Option(metavar="SAGSNR", help="Med --docx: sagens nummer.")
    ] = "",
    force: ForceOption = False,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
) -> None:
    """Skriv en Excel-projektmappe med et ark for hvert forslag (Tabel 1, Tabel A/B/C, en graf
    over tilbagebetalingen) og puljeoversigterne. Standardnavn: kkinvest-budget-ÅR.xlsx."""
    from kkinvest.calc.pools import overview
    from kkinvest.io import toml_out
    from kkinvest.io.files import check_target, private_temporaries, writing
    from kkinvest.registry import default_registry
    from kkinvest.render.excel import build_workbook

    with reported(), private_temporaries():
        if xlsx and docx:
            raise Exit("vælg ét format: --xlsx eller --docx, ikke begge (kør export to gange)")
        if not xlsx and not docx:
            raise Exit("vælg et format: --xlsx eller --docx")
        names = list(args or [])
        target = None
        if names and ("." in names[0] or "/" in names[0]):  # a file name, not a proposal id
            target = Path(names.pop(0))
            suffix_must_be(target, (".docx",) if docx else (".xlsx",), "eksportfilen")
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, False)
        if docx:
            from kkinvest.render.docx_out import Title

            title = Title(annex, committee_name, meeting, case_number)
            _export_docx(cat, target, names, budget, findings, collapse, force, title)
            return
        registry = default_registry()
        if names:
            chosen = [find(cat, pid) for pid in names]
            twice = sorted({p.id for p in chosen if chosen.count(p) > 1})
            if twice:
                raise Exit(f"{', '.join(twice)} er nævnt to gange; nævn hvert forslag én gang")
        else:
            chosen = [p for p in cat.proposals if budget is None or p.budget == budget]
        if not chosen:
            raise Exit("ingen forslag at eksportere")
        _fits_one_workbook(chosen)
        _labels_read_back(chosen)
        budgets = sorted({p.budget for p in chosen if p.budget is not None})
        path = target or Path(f"kkinvest-budget-{'-'.join(str(b) for b in budgets)}.xlsx")
        check_target(path, force)  # before building: a write-only workbook must be saved
        overviews = []
        if not names:
            from kkinvest.cli.price_level import refuse_mixed

            for year in budgets:
                refuse_mixed(cat.proposals, cat.pools.get(year), year)
                ov = overview(cat.proposals, year, cat.pools.get(year))
                if ov.investment or ov.innovation:
                    stated = cat.pools.get(year)
                    overviews.append((ov, stated, toml_out.dumps_pool(stated) if stated else ""))
        with writing(path), _progress(len(chosen)) as advance:  # a full disk names `path`
            sheets = _counted(_sheet(cat, p, registry, collapse) for p in chosen)
            from kkinvest.render.excel_economics import economics_for

            economics = economics_for(chosen, sheets=not names)  # Følsomhed, nutidsværdi
            book = build_workbook(sheets, overviews, registry, advance, economics)
            _status_sheet(book, cat, chosen)  # the status annex, where there is follow-up
            _save_readable(path, book, force)
        typer.echo(f"Skrev {path}: {len(chosen)} forslag, {len(overviews)} puljeoversigt(er).")


def _status_sheet(book: Any, cat: Catalogue, chosen: list[Proposal]) -> None:
    """The status annex as a sheet (issue 23), where the catalogue has follow-up."""
    from kkinvest.calc.followup import status_rows, status_year

    year = status_year(cat.followup) if cat.followup else None
    if cat.followup is None or year is None:
        return
    from kkinvest.registry.statuses import default_statuses
    from kkinvest.render.followup_xlsx import add_status_sheet

    rows = status_rows(chosen, cat.followup, year, default_statuses())
    if rows:
        add_status_sheet(book, rows, year)


def _export_docx(
    cat: Catalogue,
    target: Path | None,
    names: list[str],
    budget: int | None,
    with_findings: bool,
    collapse: bool,
    force: bool,
    title: Title,
) -> None:
    """The Bilag of one budget year in Word, or (`names`) those proposals, each in the
    municipality's template (`render/docx_out.py`)."""
    from kkinvest.calc import checks
    from kkinvest.calc.npv import schedule_for
    from kkinvest.calc.pools import overview
    from kkinvest.calc.sensitivity import sensitivity
    from kkinvest.io.economics_in import load_rates
    from kkinvest.io.files import check_target
    from kkinvest.registry import default_registry
    from kkinvest.render.docx_out import (
        BilagProposal,
        build_bilag,
        build_proposals,
        finding_text,
    )

    registry = default_registry()
    if names:  # the named proposals, each in the municipality's template
        chosen = [find(cat, pid) for pid in names]
        twice = sorted({p.id for p in chosen if chosen.count(p) > 1})
        if twice:
            raise Exit(f"{', '.join(twice)} er nævnt to gange; nævn hvert forslag én gang")
        path = target or Path(f"{chosen[0].id if len(chosen) == 1 else 'kkinvest-forslag'}.docx")
    else:
        if budget is None:
            if not cat.budgets:
                raise Exit("kataloget har ingen forslag")
            budget = cat.budgets[-1]
        known_budget(cat, budget)
        chosen = sorted((p for p in cat.proposals if p.budget == budget), key=lambda p: p.id)
        if not chosen:
            raise Exit(f"ingen forslag fra budget {budget} at eksportere")
        path = target or Path(f"kkinvest-bilag-{budget}.docx")
    _labels_read_back(chosen)
    check_target(path, force)
    context = checks.Context(cat.keys, registry)

    schedules = load_rates()

    def part(p: Proposal) -> BilagProposal:
        checked = checks.check_proposal(p, context)
        found = [finding_text(f) for f in checked] if with_findings else []
        tables = _kvantum_tables(cat, p, registry, collapse)
        economics = sensitivity(p, schedule_for(p.budget, schedules))
        return BilagProposal(p, paybacks(p), tables, found, checked, economics)

    today = date.today().strftime("%d.%m.%Y")
    if names:
        _save(path, build_proposals(chosen, part, registry, cat.keys, today), force)
        typer.echo(f"Skrev {path}: {len(chosen)} forslag i kommunens skabelon.")
        return
    assert budget is not None
    stated = cat.pools.get(budget)
    ov = overview(cat.proposals, budget, stated)
    document = build_bilag(ov, stated, chosen, part, registry, today, title, cat.keys)
    _save(path, document, force)
    typer.echo(f"Skrev {path}: Bilag for budget {budget}, {len(chosen)} forslag.")


@app.command(
    epilog=examples(
        "kkinvest template --xlsx nyt-forslag.xlsx",
        "kkinvest payback NY01 --data nyt-forslag.xlsx   når den er udfyldt",
    )
)
def template(
    file: Annotated[
        Path, typer.Argument(metavar="FIL", help="Projektmappen, der skal skrives (.xlsx).")
    ],
    xlsx: XlsxOption = False,
    budget: Annotated[
        int | None, typer.Option(metavar="ÅR", help="Budgetåret (standard: næste år).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Skriv en projektmappe til udfyldning: et forslagsark i Tabel 1's layout, klar til
    --data."""
    from kkinvest.io.catalogue import load_catalogue
    from kkinvest.io.files import check_target, private_temporaries
    from kkinvest.io.folders import builtin_path
    from kkinvest.registry import default_registry
    from kkinvest.render.excel_template import template_workbook

    with reported(), private_temporaries():
        if not xlsx:
            raise Exit("vælg et format: --xlsx")
        suffix_must_be(file, (".xlsx",), "skabelonen")
        year = budget if budget is not None else date.today().year + 1
        _template_year(year)
        check_target(file, force)
        keys = load_catalogue(builtin_path() / "budget-2025").keys  # the shipped keys
        _save(file, template_workbook(year, default_registry(), keys), force)
        typer.echo(f"Skrev {file}.")


def _template_year(year: int) -> None:
    """The template's six year columns must all be years kkinvest reads back."""
    from kkinvest.model import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR - 5:
        raise Exit(
            f"--budget: {year} kan ikke bruges; skabelonen har seks år fra budgetåret, "
            f"så budgetåret skal ligge i {FIRST_YEAR}–{LAST_YEAR - 5}"
        )


class Format(StrEnum):
    TOML = "toml"
    XLSX = "xlsx"


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


@app.command(
    epilog=examples(
        "kkinvest convert BC06.xlsx --to toml",
        "kkinvest convert BC06.toml --to xlsx -o BC06.xlsx",
        "kkinvest convert forslag.xlsx --to toml -o mappe/",
    )
)
def convert(
    file: Annotated[
        Path,
        typer.Argument(metavar="FIL", help="Et forslag som .toml eller en .xlsx-projektmappe."),
    ],
    to: Annotated[
        Format, typer.Option("--to", metavar="toml|xlsx", help="Formatet, der skal skrives.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="STI",
            help="Filen, der skal skrives, eller en mappe (én fil pr. forslag).",
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Gør et forslag i TOML til en projektmappe, eller en projektmappes forslagsark til
    TOML-filer."""
    from kkinvest.io import toml_out
    from kkinvest.io.catalogue import load_catalogue
    from kkinvest.io.files import check_target, private_temporaries, write_all
    from kkinvest.registry import default_registry
    from kkinvest.render.excel import build_workbook

    with reported(), private_temporaries():
        cat = load_catalogue(file, skip_unreadable=Settings.skip_unreadable)
        notes(cat)
        registry = default_registry()
        if to is Format.XLSX:
            path = output or file.with_suffix(".xlsx")
            suffix_must_be(path, (".xlsx",), "projektmappen")
            if path.resolve() == file.resolve():
                raise Exit(f"{file} er allerede en .xlsx-fil")
            check_target(path, force)
            _labels_read_back(list(cat.proposals))
            sheets = [_sheet(cat, p, registry, False) for p in cat.proposals]
            _save(path, build_workbook(sheets, [], registry), force)
            typer.echo(f"Skrev {path}.")
            return
        into_folder = len(cat.proposals) > 1 or (output is not None and output.is_dir())
        if output is not None and not into_folder:
            suffix_must_be(output, (".toml",), "TOML-filen")
        folder = output if into_folder and output is not None else file.parent
        targets = []
        for p in cat.proposals:  # every target checked before the first is written
            path = output if output is not None and not into_folder else folder / f"{p.id}.toml"
            if path.resolve() == file.resolve():
                raise Exit(f"{file} er allerede en .toml-fil")
            check_target(path, force)
            targets.append((p, path))
        writes = [(path, _text_writer(toml_out.dumps_proposal(p))) for p, path in targets]
        for path in write_all(writes, force):  # all or none (io/files.py)
            typer.echo(f"Skrev {path}.")
