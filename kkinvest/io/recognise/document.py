"""Recognise proposals in a document's paragraphs and grids (from `io/docx_in.py`, or any
reader that gives the same blocks): where each proposal begins, then its stages: the header
facts (`header.py`), Tabel 1 (`tabel_1.py`, here joined and checked), the technical tables
A/B/C and the other tables that repeat Tabel 1's lines (`other_tables.py`), the split
(`split.py`), and the figures the text states (`claims.py`).

Nothing is invented: what the document does not say is left out and reported as missing; what
is inferred (a pool from the proposal's kind, an id from the file name, an area from another
table) is reported as a guess, and `kkinvest import` writes each guess into the TOML as a
comment next to the value.

Patterns read (and only these):

- headings: INVESTERINGSFORSLAG, TVÆRGÅENDE INVESTERINGSFORSLAG, INNOVATIONSFORSLAG,
  EFFEKTIVISERINGSFORSLAG (also inside "ADMINISTRATIVT BILAG TIL ..."), "Budget 2023";
- "Label: value" paragraphs: Forslagets titel, (Kort) resumé, Fremstillende forvaltning
  ("Vælg forvaltning" = not filled), Der søges om midler fra, Angiv p/l;
- "Berørte forvaltninger": ☒/☐ (check-box controls or characters) next to a name, in a table
  or in paragraphs;
- tables by their caption: "... samlede økonomiske konsekvenser" (Tabel 1), "Måltalseffekt"
  (A), "Bevillingsmæssig effekt – hvis ... indarbejdes" (B) and "... ikke indarbejdes" (C),
  and tables of lines with a "Bevilling, profitcenter" column (Tabel 2-4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kkinvest.io.grid import Block, Grid, Paragraph, counted
from kkinvest.io.office import EMBEDDED_ADVICE
from kkinvest.io.recognise.claims import read_claims
from kkinvest.io.recognise.draft import Draft, PoolDraft
from kkinvest.io.recognise.header import BUDGET_HEADING, kind_of, read_header
from kkinvest.io.recognise.other_tables import (
    areas_from_other_tables,
    heading_years,
    read_other_table,
)
from kkinvest.io.recognise.parts import join_parts
from kkinvest.io.recognise.split import read_claimed_key, read_split
from kkinvest.io.recognise.tabel_1 import (
    Note,
    folded,
    is_tabel_1,
    read_tabel_1,
)
from kkinvest.io.risk_section import risk_assessment
from kkinvest.registry import Registry, fold

_KIND_HEADING = re.compile(
    r"^(tværgående\s+)?(investerings|innovations|effektiviserings)forslag$", re.IGNORECASE
)
_STARTS = ("forslagets titel", "kort resumé", "resumé")


def split_proposals(blocks: list[Block]) -> list[list[Block]]:
    """A document holding several proposals (a Bilag), split at the proposal headings: a
    heading that is only a kind of proposal ("INVESTERINGSFORSLAG"), or the heading nearest
    above a "Forslagets titel" or "Kort resumé" paragraph. A part without a Tabel 1 or a title
    paragraph is not a proposal: it stays with the one before (a cover page with the one
    after; an overview with tables of its own is a part of its own)."""
    starts: list[int] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = folded(block.text)
        start = None
        if block.heading and (_KIND_HEADING.match(text) or text.startswith(_STARTS)):
            start = index  # kkinvest's own Bilag: the heading is "Forslagets titel: ..."
        elif text.startswith(_STARTS):
            start = next(
                (
                    i
                    for i in range(index - 1, max(-1, index - 5), -1)
                    if isinstance(blocks[i], Paragraph) and blocks[i].heading  # type: ignore[union-attr]
                ),
                None,
            )
        if start is None:
            continue
        start = _back_to_heading(blocks, start)
        if starts and start - starts[-1] <= 4:
            continue
        starts.append(start)
    if len(starts) <= 1 and not (starts and _has_overview(blocks[: starts[0]])):
        return [blocks]
    parts = [blocks[a:b] for a, b in zip(starts, [*starts[1:], len(blocks)], strict=True)]
    front = blocks[: starts[0]]
    if _has_overview(front):
        parts.insert(0, front)
    else:
        parts[0] = front + parts[0]
    kept: list[list[Block]] = []
    for part in parts:
        is_proposal = any(isinstance(b, Grid) and is_tabel_1(b) for b in part) or any(
            isinstance(b, Paragraph) and folded(b.text).startswith(_STARTS) for b in part
        )
        if kept and not is_proposal and not _has_overview(part):
            kept[-1] = kept[-1] + part
        else:
            kept.append(part)
    return kept


def _has_overview(blocks: list[Block]) -> bool:
    return any(isinstance(b, Grid) and "indkomne ansøgninger" in folded(b.title) for b in blocks)


def _tabel_1_between(blocks: list[Block], start: int, end: int) -> bool:
    return any(isinstance(b, Grid) and is_tabel_1(b) for b in blocks[start:end])


def _back_to_heading(blocks: list[Block], index: int) -> int:
    """Include the headings just above ("BUDGET 2023" under "INVESTERINGSFORSLAG")."""
    while index > 0:
        before = blocks[index - 1]
        if (isinstance(before, Paragraph) and before.heading and kind_of(before.text)) or (
            isinstance(before, Paragraph) and before.heading and BUDGET_HEADING.match(before.text)
        ):
            index -= 1
        else:
            break
    return index


def read_proposal(blocks: list[Block], source: str, registry: Registry, fallback_id: str) -> Draft:
    """One proposal's draft from its blocks."""
    draft = Draft(source=source)
    read_header(blocks, draft, registry, fallback_id)
    grids = [b for b in blocks if isinstance(b, Grid)]
    draft.facts.grids = grids
    tabel_1 = next((g for g in grids if is_tabel_1(g)), None)
    joined: list[Grid] = []
    embedded = [b for b in blocks if isinstance(b, Paragraph) and b.embedded]
    if tabel_1 is None:
        draft.missing.append("Tabel 1 (Forslagets samlede økonomiske konsekvenser)")
        draft.problems.append(
            (embedded[0].where, "ingen Tabel 1 fundet; " + embedded_text(embedded, refused=True))
            if embedded
            else (
                source,
                "ingen Tabel 1 fundet (Forslagets samlede økonomiske "
                "konsekvenser): skriv linjerne i TOML-filen",
            )
        )
    else:
        if embedded:
            draft.warnings.append((embedded[0].where, embedded_text(embedded, refused=False)))
        joined = _tabel_1(blocks, tabel_1, draft)
    for grid in grids:
        if grid is tabel_1 or any(grid is part for part in joined):
            continue
        read_other_table(grid, draft, registry)
    _tracked_changes(blocks, draft)
    _hidden_text(blocks, draft)
    areas_from_other_tables(draft)
    heading_years(draft)
    read_split(grids, draft, registry)
    read_claimed_key(blocks, draft, registry)
    read_claims(blocks, draft)
    _prose(blocks, draft)
    if draft.pool is None:  # neither "Der søges om midler fra", a kind, nor Tabel 1
        draft.missing.append("pool (pulje: 'Der søges om midler fra' er ikke udfyldt)")
    return draft


def embedded_text(embedded: list[Paragraph], refused: bool) -> str:
    """What to say of content embedded as altChunk (io/docx_in.py), which is not read: where
    Tabel 1 is missing it may well be there (a refusal), else it may hold other tables or text
    of the proposal (a warning). The standard asks a reader that ignores an altChunk to say so.
    """
    kinds = sorted({b.embedded for b in embedded})
    what = f"indhold indlejret som altChunk ({', '.join(kinds)})"
    if len(embedded) > 1:
        what += f" {len(embedded)} steder"
    if refused:
        return f"her er {what}, som kkinvest ikke kan læse: {EMBEDDED_ADVICE}"
    return f"{what} er ikke læst; hører det til forslaget, så {EMBEDDED_ADVICE}"


def _prose(blocks: list[Block], draft: Draft) -> None:
    """The proposal's text the catalogue keeps: the Kort resumé, and the Risikovurdering
    section as the document prints it (prose in every template seen, never costed risks)."""
    if draft.facts.summary:
        draft.summary = draft.facts.summary
    risks = risk_assessment(b.text for b in blocks if isinstance(b, Paragraph))
    if risks:
        draft.risk_assessment = risks


def _tracked_changes(blocks: list[Block], draft: Draft) -> None:
    """Tracked changes nobody accepted are read as if accepted: a warning says so, with where
    the first of them is, since the figures may not be the ones the author means to send."""
    changed = [b for b in blocks if b.tracked]
    if not changed:
        return
    count = sum(b.tracked for b in changed)
    first = changed[0]
    where = first.where if isinstance(first, Paragraph) else first.where(1, 1)
    draft.warnings.append(
        (
            where,
            f"dokumentet har {counted(count, 'sporet ændring', 'sporede ændringer')}, der "
            "ikke er godkendt; de er læst, som om de var godkendt (accepteret). Godkend eller "
            "afvis dem i Word, og læs dokumentet igen",
        )
    )


def _hidden_text(blocks: list[Block], draft: Draft) -> None:
    """Hidden text (w:vanish) in a cell that reads as a figure is not read (nobody sees or
    prints it), but it may be a figure someone meant to keep: a warning names the first."""
    hidden = [item for block in blocks if isinstance(block, Grid) for item in block.hidden]
    if not hidden:
        return
    where, text = hidden[0]
    more = f" (og {counted(len(hidden) - 1, 'celle', 'celler')} mere)" if len(hidden) > 1 else ""
    draft.warnings.append(
        (
            where,
            f"skjult tekst i en celle med et tal er ikke læst: {text!r}{more}; kun det synlige "
            "tal er læst. Vis skjult tekst i Word, og ret cellen, hvis tallet er et andet",
        )
    )


def _tabel_1(blocks: list[Block], first: Grid, draft: Draft) -> list[Grid]:
    """Read Tabel 1 (with the tables that continue it) into the draft; the tables joined."""
    grid, parts = join_parts(blocks, first)
    for part in parts:
        draft.report.append(
            (part.where(1, 1), f"Tabel 1 fortsætter i {part.name} ({part.title or 'uden titel'})")
        )
    last = parts[-1] if parts else first
    index = next(i for i, block in enumerate(blocks) if block is last)
    notes: list[Note] = []
    for block in blocks[index + 1 :]:
        if isinstance(block, Grid) and block.inside:
            continue  # nested in a cell of Tabel 1: its notes come after it still
        if isinstance(block, Grid) or (block.heading and block.text.strip()):
            break
        if block.text.strip():
            notes.append(Note(block.text.strip(), block.where))
    table = read_tabel_1(grid, notes_after=notes)
    draft.lines = table.lines
    draft.stated.update(table.stated)
    if table.price_level is not None:
        if draft.price_level is not None and draft.price_level != table.price_level:
            draft.report.append(
                (
                    grid.where(1, 1),
                    f"Tabel 1 er i {table.price_level} p/l; 'Angiv p/l' siger {draft.price_level}",
                )
            )
        if draft.price_level is None:
            draft.price_level = table.price_level
    if table.asks_pool and "pool" not in draft.guesses and draft.pool is None:
        draft.pool = "investering"
    draft.report.append(
        (
            grid.where(1, 1),
            f"Tabel 1 ({grid.title or grid.name}): {counted(len(table.lines), 'linje', 'linjer')}",
        )
    )
    draft.report.extend(table.report)
    draft.problems.extend(table.problems)
    draft.warnings.extend(table.warnings)
    draft.places.update(table.places)
    for path, why in table.guesses:
        draft.guesses[path] = why
    if draft.budget is None and table.price_level is not None:
        draft.budget = table.price_level
        draft.guesses["budget"] = "intet budgetår i overskriften; Tabel 1's p/l er brugt"
    if draft.price_level is None:  # never the budget year in its place: check reports it
        draft.missing.append("price_level (p/l: hverken 'Angiv p/l' eller Tabel 1's overskrift)")
    return parts


@dataclass
class Document:
    """What a document holds: its proposals, and a Bilag's pool overview if it has one."""

    drafts: list[Draft]
    pool: PoolDraft | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (where, id, message)

    @property
    def written_by_kkinvest(self) -> bool:
        """A Bilag `export --docx` wrote: every proposal carries the header lines only its
        writer prints ("Forslagstype: …" and "Fordeling…: …", render/docx_out.header_facts)."""
        return bool(self.drafts) and all(
            d.facts.kind_line is not None and d.facts.split_stated for d in self.drafts
        )


def read_document(blocks: list[Block], source: str, registry: Registry, stem: str) -> Document:
    """Every proposal in a document (split at the proposal headings), and the overview."""
    parts = split_proposals(blocks)
    drafts: list[Draft] = []
    pool: PoolDraft | None = None
    overview: PoolDraft | None = None
    notes: list[tuple[str, str]] = []
    loose: list[Paragraph] = []  # altChunks outside any proposal
    for number, part in enumerate(parts, start=1):
        if _is_overview(part):
            from kkinvest.io.recognise.pool import read_overview

            pool = read_overview(part, source, registry)
            overview = pool
            if pool.no_pool_file is not None:  # says so itself: every figure is computed
                notes.append((pool.no_pool_file, "ingen puljefil; oversigten er beregnet"))
                pool = None
            continue
        has_content = any(isinstance(b, Grid) for b in part) or any(
            isinstance(b, Paragraph)
            and (
                (b.heading and _KIND_HEADING.match(folded(b.text)))
                or folded(b.text).startswith(_STARTS)
            )
            for b in part
        )  # a proposal without any table still is one: the report says Tabel 1 is missing
        if not has_content:
            loose.extend(b for b in part if isinstance(b, Paragraph) and b.embedded)
            continue
        fallback = stem if len(parts) == 1 else f"{stem}-{number}"
        drafts.append(read_proposal(part, source, registry, _safe_id(fallback)))
    document = Document(drafts, pool, notes)
    if loose:  # before the first proposal, or a document of nothing else
        first: Draft | PoolDraft | None = drafts[0] if drafts else overview
        if first is None:
            message = "intet forslag fundet; " + embedded_text(loose, refused=True)
            document.problems.append((loose[0].where, "", message))
        else:
            first.warnings.append((loose[0].where, embedded_text(loose, refused=False)))
    if overview is not None:
        _overview_without_section(overview, document)
    return document


def _overview_without_section(overview: PoolDraft, document: Document) -> None:
    """A proposal the overview's Tabel 2 or 3 lists but the document has no section for (its
    heading deleted or edited): a problem naming it, never a silent partial read. Only where
    every section names its proposal's id (a Bilag whose titles carry no id is matched by
    nothing)."""
    if not document.drafts or any("id" in d.guesses for d in document.drafts):
        return
    read = {d.id for d in document.drafts}
    for table in ("tabel_2", "tabel_3"):
        printed = overview.tabel_2 if table == "tabel_2" else overview.tabel_3
        for proposal in (printed or {}).get("rows", {}):
            if proposal not in read:
                message = (
                    f"står i oversigtens {table.replace('_', ' ').title()}, men dokumentet "
                    f"har intet afsnit 'Forslagets titel: {proposal} …'; forslaget er ikke læst"
                )
                document.problems.append((overview.source, proposal, message))
                overview.missing.append(f"{proposal}: {message}")


def _safe_id(text: str) -> str:
    cleaned = re.sub(
        r"[^A-Za-z0-9_.-]+",
        "-",
        fold(text).replace("æ", "ae").replace("ø", "oe").replace("å", "aa"),
    ).strip("-.")
    return (cleaned or "forslag")[:40].upper()


def _is_overview(blocks: list[Block]) -> bool:
    """The Bilag's pool overview: "Indkomne ansøgninger til investeringspuljen" tables."""
    return _has_overview(blocks) and not any(isinstance(b, Grid) and is_tabel_1(b) for b in blocks)
