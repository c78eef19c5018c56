"""Recognise proposals in a document's paragraphs and grids (from `io/docx_in.py`, or any
reader that gives the same blocks): where each proposal begins, then its stages: the header
facts (`header.py`), Tabel 1 (`tabel_1.py`), the technical tables A/B/C and the other tables
that repeat Tabel 1's lines (here), the split, and the figures the text states (`claims.py`).

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
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kkinvest.formats.keys import WEIGHTS_UNIT, key_named
from kkinvest.formats.labels import MEMO, NOT_IN_PAYBACK
from kkinvest.io.grid import Block, Grid, Paragraph, counted
from kkinvest.io.office import EMBEDDED_ADVICE
from kkinvest.io.recognise.claims import read_claims
from kkinvest.io.recognise.draft import Draft
from kkinvest.io.recognise.header import BUDGET_HEADING, kind_of, read_header
from kkinvest.io.recognise.parts import join_parts
from kkinvest.io.recognise.tabel_1 import (
    TABLE_NUMBER,
    CellProblem,
    Note,
    cell_amount,
    find_header,
    folded,
    is_tabel_1,
    read_tabel_1,
    year_of,
)
from kkinvest.io.risk_section import risk_assessment
from kkinvest.registry import Registry, fold

if TYPE_CHECKING:
    from kkinvest.model import Key


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
    draft.facts["grids"] = grids
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
        _other_table(grid, draft, registry)
    _tracked_changes(blocks, draft)
    _hidden_text(blocks, draft)
    _areas_from_other_tables(draft)
    _heading_years(draft)
    _split(grids, draft, registry)
    _claimed_key(blocks, draft, registry)
    read_claims(blocks, draft)
    _prose(blocks, draft)
    if "pool" not in draft.data:  # neither "Der søges om midler fra", a kind, nor Tabel 1
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
    if draft.facts.get("summary"):
        draft.data["summary"] = draft.facts["summary"]
    risks = risk_assessment(b.text for b in blocks if isinstance(b, Paragraph))
    if risks:
        draft.data["risk_assessment"] = risks


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
    data = draft.data
    data["lines"] = table.lines
    for line in table.lines:  # kkinvest's Bilag prints a line's note after its label
        for note, flag, value in ((MEMO, "memo", True), (NOT_IN_PAYBACK, "in_payback", False)):
            suffix = f" ({note})"
            if line.get("label", "").endswith(suffix) and len(line["label"]) > len(suffix):
                line["label"] = line["label"].removesuffix(suffix)
                line[flag] = value
    if table.stated:
        data.setdefault("stated", {}).update(table.stated)
    if table.price_level is not None:
        if "price_level" in data and data["price_level"] != table.price_level:
            draft.report.append(
                (
                    grid.where(1, 1),
                    f"Tabel 1 er i {table.price_level} p/l; 'Angiv p/l' siger "
                    f"{data['price_level']}",
                )
            )
        data.setdefault("price_level", table.price_level)
    if table.asks_pool and "pool" not in draft.guesses:
        data.setdefault("pool", "investering")
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
    if "budget" not in data and table.price_level is not None:
        data["budget"] = table.price_level
        draft.guesses["budget"] = "intet budgetår i overskriften; Tabel 1's p/l er brugt"
    if "price_level" not in data:  # never the budget year in its place: check reports it
        draft.missing.append("price_level (p/l: hverken 'Angiv p/l' eller Tabel 1's overskrift)")
    return parts


def _caption_kind(grid: Grid) -> str | None:
    caption = folded(grid.title)
    if "måltal" in caption:
        return "tabel_a"
    if "bevillingsmæssig" in caption:
        return "tabel_c" if re.search(r"\bikke\b", caption.replace("*", "")) else "tabel_b"
    return None


def _other_table(grid: Grid, draft: Draft, registry: Registry) -> None:
    try:
        if _key_weights(grid, registry) is not None:
            return  # a key table: read by _split
    except _NotANumber:
        return  # a key table with a figure that is none: _split names the cell
    if "tentativ businesscase" in folded(grid.text(1, 1)) or "kriterier til prioritering" in (
        folded(grid.title)
    ):
        _tentative(grid, draft)
        return
    kind = _caption_kind(grid)
    if kind is None and "effektivisering samt varige driftsomkostninger" in folded(grid.title):
        kind = "committee"
    if kind is None and _investment_by_committee(grid):
        table = _technical_table(grid, registry, draft)
        if table is not None:
            caption = folded(grid.title)
            table["section"] = "implementering"
            area = _area_word(caption) or ("service" if "driftsomkostninger" in caption else None)
            if area:
                table["area"] = area
            stated = draft.data.setdefault("stated", {})
            stated.setdefault("committee_tables", []).append(table)
            draft.report.append((grid.where(1, 1), f"{grid.title} → stated.committee_tables"))
            return
    if kind is not None:
        table = _technical_table(grid, registry, draft)
        if table is not None:
            stated = draft.data.setdefault("stated", {})
            if kind == "committee":  # BC01's 12.1: the permanent change by committee
                kind = "tabel_a"
                if any(_caption_kind(g) == "tabel_a" for g in draft.facts.get("grids", [])):
                    _sub_row_table(grid, registry, draft)
                    return
            if kind in stated:
                draft.unplaced.append(
                    (grid.where(1, 1), f"{grid.title}: en {kind} mere; ikke læst")
                )
                return
            stated[kind] = table
            draft.report.append((grid.where(1, 1), f"{grid.title} → stated.{kind}"))
        return
    lines_table = _lines_table(grid, draft)
    if lines_table == {}:
        return
    if lines_table is not None:
        draft.data.setdefault("stated", {}).setdefault("tables", []).append(lines_table)
        draft.report.append((grid.where(1, 1), f"{grid.title} → stated.tables"))
        return
    if grid.title and TABLE_NUMBER.match(grid.title):
        draft.unplaced.append((grid.where(1, 1), f"{grid.title}: ikke læst (ukendt layout)"))


def _sub_row_table(grid: Grid, registry: Registry, draft: Draft) -> None:
    """BC03's "Effektivisering samt varige driftsomkostninger" beside its Tabel A: each
    committee with the sub-rows "Besparelse" (the saving lines split by the key) and
    "Omkostninger" (the cost lines at their row). Recorded as a permanent change by committee
    with sub-rows only, which check compares sub-row by sub-row, not with Tabel A."""
    found = _year_columns(grid)
    if found is None or 2 in found[1]:
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: ved siden af en Tabel A; ikke læst")
        )
        return
    header, years = found
    sub_rows: dict[str, dict[str, dict[int, Decimal]]] = {}
    current = None
    for row in range(header + 1, grid.max_row + 1):
        label, sub = grid.text(row, 1), grid.text(row, 2)
        if label:
            current = None if folded(label) in ("total", "i alt") else label
        if current is None or not sub:
            continue  # the Total row's sub-rows are the sums; check computes them
        unit = registry.row(current) or registry.any_row(current)
        if unit is None:
            draft.unplaced.append((grid.where(row, 1), f"{current!r}: ikke en Kvantum-række"))
            continue
        values = _values(grid, row, years, draft)
        if values:
            sub_rows.setdefault(unit.code, {})[sub] = values
    if not sub_rows:
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: ved siden af en Tabel A; ikke læst")
        )
        return
    table = {"title": grid.title, "section": "varig", "area": "service", "sub_rows": sub_rows}
    draft.data.setdefault("stated", {}).setdefault("committee_tables", []).append(table)
    draft.report.append((grid.where(1, 1), f"{grid.title} → stated.committee_tables (underrækker)"))


def _investment_by_committee(grid: Grid) -> bool:
    """ "Fordeling af anlægsinvesteringer", "Fordeling af driftsomkostninger til
    implementering", "Fordeling af serviceinvesteringer mellem udvalg"."""
    caption = folded(grid.title)
    return "fordeling af" in caption and ("investering" in caption or "implementering" in caption)


def _year_columns(grid: Grid) -> tuple[int, dict[int, int]] | None:
    for row in range(1, min(grid.max_row, 4) + 1):
        years = {c: y for c in range(1, grid.max_col + 1) if (y := year_of(grid.get(row, c)))}
        if len(years) >= 1 and any(c > 1 for c in years):
            return row, years
    return None


def _technical_table(grid: Grid, registry: Registry, draft: Draft) -> dict[str, Any] | None:
    """Tabel A/B/C: a row per Kvantum row, amounts per year, a Total row."""
    found = _year_columns(grid)
    if found is None:
        return None
    header, years = found
    rows: dict[str, dict[int, Decimal]] = {}
    total: dict[int, Decimal] | None = None
    codes: set[str] = set()
    current = ""
    for row in range(header + 1, grid.max_row + 1):
        label = grid.text(row, 1) or current  # a sub-row ("Omkostninger") under its row
        if not label:
            continue
        current = label
        values = _values(grid, row, years, draft)
        if folded(label) in ("total", "i alt", "hovedtotal", "samlet"):
            total = (
                _add(total, values)
                if total is not None and not grid.text(row, 1)
                else (values if grid.text(row, 1) else _add(total or {}, values))
            )
            continue
        unit = registry.row(label) or registry.any_row(label)  # also older row sets' rows
        if unit is None:  # "Om-sorgsudvalget": a hyphenation left in the text
            unit = registry.any_row(re.sub(r"-(?=[a-zæøå])", "", label))
        if unit is None:
            draft.unplaced.append((grid.where(row, 1), f"{label!r}: ikke en Kvantum-række"))
            continue
        codes.add(unit.code)
        if values:
            rows[unit.code] = _add(rows.get(unit.code, {}), values)
        center = grid.text(row, 2) if 2 not in years else ""
        if center and center not in ("-", ".") and not center[:1].isalpha():
            draft.facts.setdefault("profit_centers", {})[unit.code] = center
    if not rows and total is None:
        return None
    table: dict[str, Any] = {"title": grid.title, "rows": rows}
    _own_price_level(grid, header, table, draft)
    if total is not None:
        table["total"] = total
    if codes and not codes & {"KS", "KIT", "KEID", "BYK"}:
        table["collapsed"] = True
    return table


def _add(a: dict[int, Decimal], b: dict[int, Decimal]) -> dict[int, Decimal]:
    return {y: a.get(y, Decimal(0)) + b.get(y, Decimal(0)) for y in sorted(set(a) | set(b))}


def _values(grid: Grid, row: int, years: dict[int, int], draft: Draft) -> dict[int, Decimal]:
    values: dict[int, Decimal] = {}
    for col, year in years.items():
        try:
            amount = cell_amount(grid.get(row, col))
        except CellProblem:
            draft.unplaced.append((grid.where(row, col), f"{grid.text(row, col)!r}: ikke et tal"))
            continue
        if amount is not None:
            values[year] = amount
    return values


def _lines_table(grid: Grid, draft: Draft) -> dict[str, Any] | None:
    """A table that repeats Tabel 1's lines (Tabel 2-4, "Bevilling, profitcenter"): its lines
    and its total row, as printed."""
    header = find_header(grid)
    if header is None or not folded(grid.text(header, 1)).startswith(("1.000 kr", "udgift")):
        return None
    years = {c: y for c in range(2, grid.max_col + 1) if (y := year_of(grid.get(header, c)))}
    if not years:
        return None
    lines: list[dict[str, Any]] = []
    table: dict[str, Any] = {"title": grid.title or grid.name, "lines": lines}
    _own_price_level(grid, header, table, draft)
    for row in range(header + 1, grid.max_row + 1):
        label = grid.text(row, 1)
        if not label:
            continue
        values = _values(grid, row, years, draft)
        low = folded(label)
        if low.startswith(("samlet", "samlede", "i alt", "total")) or "totalt" in low:
            table["total_label"], table["total"] = label, values
            continue
        if not values:
            continue  # a section row ("Implementeringsomkostninger")
        line: dict[str, Any] = {"label": label, "values": values}
        center = grid.text(row, 2) if 2 not in years else ""
        if center and center not in ("-", "."):
            line["profit_center"] = center
            line["_area"] = center
        lines.append(line)
    if not lines:
        return None
    caption = folded(grid.title)
    other_area = re.search(
        r"(finansposter|administration|deponer)",
        caption + " " + folded(table.get("total_label", "")),
    )
    if other_area:  # not Tabel 1's areas (BC03's deposit, the administration tables)
        draft.unplaced.append(
            (grid.where(1, 1), f"{grid.title}: {other_area.group(1)} indgår ikke i Tabel 1")
        )
        return {}
    area = _area_word(caption) or _area_word(table.get("total_label", ""))
    if area:
        table["area"] = area
    if "investering" in caption or "implementering" in caption:
        table["section"] = "implementering"
    elif "varig" in caption:
        table["section"] = "varig"
    return table


_AREA_WORDS = (("anlæg", "anlæg"), ("service", "service"), ("overførsl", "overførsler"))


def _area_word(text: str) -> str | None:
    text = folded(text)
    return next((area for word, area in _AREA_WORDS if word in text), None)


def _areas_from_other_tables(draft: Draft) -> None:
    """A Tabel 1 line without a Styringsområde (BC02, BC10) takes the area another table gives
    the same line: in its "Bevilling, profitcenter" column ("KIT Anlæg"), or in the table's
    caption or total ("Serviceinvesteringer i forslaget", "Investeringer totalt, service")
    when that table repeats the line, or adds up to the same section total. A guess, reported."""
    tables = draft.data.get("stated", {}).get("tables", [])
    lines = draft.data.get("lines", [])
    stated = draft.data.get("stated", {})
    for index, line in enumerate(lines):
        if "area" in line:
            continue
        wanted = _comparable(line["label"])
        for table in tables:
            table_area = _area_word(table["title"]) or _area_word(table.get("total_label", ""))
            for other in table["lines"]:
                found = _area_word(other.get("_area", "")) or table_area
                same = _comparable(other["label"]) == wanted or other["values"] == line["values"]
                if found and same and "area" not in line:
                    line["area"] = found
                    draft.guesses[f"lines[{index + 1}].area"] = (
                        f"intet styringsområde i Tabel 1; {found} fra {table['title']!r}"
                    )
            total_name = (
                "total_implementation"
                if line["section"] == "implementering"
                else ("total_permanent")
            )
            section_total = stated.get(total_name)
            if (
                "area" not in line
                and table_area
                and section_total
                and _same_series(table.get("total"), section_total)
            ):
                line["area"] = table_area
                draft.guesses[f"lines[{index + 1}].area"] = (
                    f"intet styringsområde i Tabel 1; {table['title']!r} har samme total "
                    f"og siger {table_area}"
                )
    for table in tables:
        for other in table["lines"]:
            other.pop("_area", None)
            if "total" in table and not table["total"]:
                del table["total"]
    innovation = draft.data.get("kind") == "innovation" or draft.data.get("pool") == "innovation"
    guessed = []
    for index, line in enumerate(lines):
        if "area" not in line and innovation:
            line["area"] = "service"
            guessed.append(index)
            draft.guesses[f"lines[{index + 1}].area"] = (
                "Styringsområde er tomt; et innovationsforslag søger innovationspuljen, som er "
                "service: service antaget"
            )
        elif "area" not in line:
            draft.missing.append(f"lines[{index + 1}].area ({line['label']!r})")
    if guessed:  # an area decides the pool and the split: a guess the figures rest on
        labels = ", ".join(repr(lines[index]["label"]) for index in guessed[:3])
        more = " …" if len(guessed) > 3 else ""
        draft.warnings.append(
            (
                draft.places.get(("lines", guessed[0]), draft.source),
                f"Styringsområde er tomt for {counted(len(guessed), 'linje', 'linjer')} "
                f"({labels}{more}); service er antaget, da innovationspuljen er service. "
                "Skriv styringsområdet i Tabel 1, hvis det er et andet",
            )
        )


def _same_series(a: dict[int, Decimal] | None, b: dict[int, Decimal]) -> bool:
    if not a:
        return False
    years = set(a) | set(b)
    return all(a.get(y, Decimal(0)) == b.get(y, Decimal(0)) for y in years)


def _comparable(label: str) -> str:
    return re.sub(r"[^a-zæøå0-9]", "", fold(label))


@dataclass
class Document:
    """What a document holds: its proposals, and a Bilag's pool overview if it has one."""

    drafts: list[Draft]
    pool: Draft | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (where, id, message)

    @property
    def written_by_kkinvest(self) -> bool:
        """A Bilag `export --docx` wrote: every proposal carries the header lines only its
        writer prints ("Forslagstype: …" and "Fordeling…: …", render/docx_out.header_facts)."""
        return bool(self.drafts) and all(
            "kind_line" in d.facts and "split_stated" in d.facts for d in self.drafts
        )


def read_document(blocks: list[Block], source: str, registry: Registry, stem: str) -> Document:
    """Every proposal in a document (split at the proposal headings), and the overview."""
    parts = split_proposals(blocks)
    drafts: list[Draft] = []
    pool: Draft | None = None
    overview: Draft | None = None
    notes: list[tuple[str, str]] = []
    loose: list[Paragraph] = []  # altChunks outside any proposal
    for number, part in enumerate(parts, start=1):
        if _is_overview(part):
            from kkinvest.io.recognise.pool import read_overview

            pool = read_overview(part, source, registry)
            overview = pool
            if "no_pool_file" in pool.facts:  # says so itself: every figure is computed
                notes.append((pool.facts["no_pool_file"], "ingen puljefil; oversigten er beregnet"))
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
        first = drafts[0] if drafts else overview
        if first is None:
            message = "intet forslag fundet; " + embedded_text(loose, refused=True)
            document.problems.append((loose[0].where, "", message))
        else:
            first.warnings.append((loose[0].where, embedded_text(loose, refused=False)))
    if overview is not None:
        _overview_without_section(overview, document)
    return document


def _overview_without_section(overview: Draft, document: Document) -> None:
    """A proposal the overview's Tabel 2 or 3 lists but the document has no section for (its
    heading deleted or edited): a problem naming it, never a silent partial read. Only where
    every section names its proposal's id (a Bilag whose titles carry no id is matched by
    nothing)."""
    if not document.drafts or any("id" in d.guesses for d in document.drafts):
        return
    read = {d.id for d in document.drafts}
    for table in ("tabel_2", "tabel_3"):
        for proposal in overview.data.get(table, {}).get("rows", {}):
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


class _NotANumber(Exception):
    """A key table's figure that is not a number: the table is not read as a key."""

    def __init__(self, where: str, text: str) -> None:
        super().__init__(where, text)
        self.where = where
        self.text = text


def _key_weights(grid: Grid, registry: Registry) -> dict[str, Decimal] | None:
    """A key table ("Forvaltning | Ca. antal enheden | Procentvis fordeling", "Forvaltning |
    Gennemsnitligt forbrug | Fordelingsnøgle"): weights per administration, as printed.
    Raises _NotANumber for a figure that is none (the report names the cell)."""
    if grid.max_col < 2:
        return None
    heading = folded(grid.text(1, 1))
    names = [grid.text(r, 1).rstrip("*").strip() for r in range(2, grid.max_row + 1)]
    admins = [n for n in names if registry.administration(n) is not None]
    if not heading.startswith("forvaltning") and not (heading == "" and len(admins) >= 3):
        return None
    weights: dict[str, Decimal] = {}
    for row in range(2, grid.max_row + 1):
        name = grid.text(row, 1).rstrip("*").strip()
        admin = registry.administration(name)
        if admin is None:
            continue
        value = grid.get(row, 2)
        if isinstance(value, str):  # "12,5 %": a key printed as percentages
            value = value.strip().removesuffix("%").strip()
        try:
            amount = cell_amount(value)
        except CellProblem:
            raise _NotANumber(grid.where(row, 2), grid.text(row, 2)) from None
        if amount is not None:
            weights[admin.code] = amount
    return weights or None


def _in_percent(grid: Grid) -> bool:
    """Whether a key table's figures (column B) are percentages: the heading says
    "Procentvis fordeling" or "%", or the cells print "%"."""
    heading = folded(grid.text(1, 2))
    if "procent" in heading or "%" in heading:
        return True
    cells = [grid.text(r, 2) for r in range(2, grid.max_row + 1) if grid.text(r, 2)]
    return bool(cells) and all(cell.endswith("%") for cell in cells)


def _split(grids: list[Grid], draft: Draft, registry: Registry) -> None:
    """The split over the Kvantum rows, where the document shows it:

    - a key table whose weights are those of a key kkinvest knows: that key by name; another
      key table: its weights inline (both reported as guesses);
    - no key table but a Tabel A: the split is Tabel A's amounts as printed (split.fixed),
      where they add up to the permanent change;
    - the cost lines go to the Tabel B row that holds exactly their sum (BC03: Københavns
      Ejendomme).
    Otherwise the split is left out, and the report says so."""
    if "split_stated" in draft.facts:
        _stated_split(draft, registry)
        return
    split: dict[str, Any] = {}
    for grid in grids:
        try:
            weights = _key_weights(grid, registry)
        except _NotANumber as bad:
            draft.unplaced.append(
                (bad.where, f"{grid.title}: {bad.text!r} er ikke et tal; ikke læst som nøgle")
            )
            continue
        if weights is None:
            continue
        name = _known_key(weights, registry)
        if name:
            split["key"] = name
            draft.guesses["split.key"] = f"{grid.title!r} har nøglen {name!r}s vægte"
        elif _in_percent(grid):  # check reports it if the percentages do not add up to 100
            split["key"] = {"percent": weights}
            draft.guesses["split.key"] = f"procenterne fra {grid.title!r}, som trykt"
        else:
            split["key"] = {"weights": weights}
            draft.guesses["split.key"] = f"vægtene fra {grid.title!r}, som trykt"
        draft.report.append((grid.where(1, 1), f"{grid.title}: fordelingsnøgle"))
        break
    stated = draft.data.get("stated", {})
    lines = draft.data.get("lines", [])
    permanent = [ln for ln in lines if ln.get("section") == "varig" and not ln.get("memo")]
    costs = [ln for ln in permanent if all(v >= 0 for v in ln["values"].values())]
    if "key" not in split and stated.get("tabel_a"):
        fixed = stated["tabel_a"]["rows"]
        net: dict[int, Decimal] = {}
        for line in permanent:
            net = _add(net, line["values"])
        by_rows: dict[int, Decimal] = {}
        for values in fixed.values():
            by_rows = _add(by_rows, values)
        if fixed and _same_series(by_rows, net):
            split["fixed"] = fixed
            draft.guesses["split.fixed"] = (
                f"ingen fordelingsnøgle i dokumentet; beløbene fra {stated['tabel_a']['title']!r}"
            )
    if costs and "key" in split and stated.get("tabel_b"):
        cost_sum: dict[int, Decimal] = {}
        for line in costs:
            cost_sum = _add(cost_sum, line["values"])
        for code, values in stated["tabel_b"]["rows"].items():
            if _same_series(values, {y: v for y, v in cost_sum.items() if v}):
                split["costs"] = code
                draft.guesses["split.costs"] = (
                    f"omkostningslinjerne står samlet i {stated['tabel_b']['title']!r} under {code}"
                )
                break
    if (
        costs
        and "key" in split
        and "costs" not in split
        and stated.get("tabel_a")
        and stated.get("tabel_b")
        and stated["tabel_a"]["rows"] == stated["tabel_b"]["rows"]
    ):
        split["costs"] = "key"
        draft.guesses["split.costs"] = (
            "Tabel A og B er ens: omkostningerne fordeles efter nøglen som besparelserne"
        )
    if costs and "key" in split and "costs" not in split:
        draft.missing.append(
            'split.costs: hvor omkostningslinjerne lander (en Kvantum-række, eller "key"), '
            "kan ikke læses af dokumentet; uden det lander de på forslagets eget udvalg"
        )
    centers = draft.facts.get("profit_centers", {})
    if split and centers:
        split["profit_centers"] = centers
    if split:
        draft.data["split"] = split
    elif stated.get("tabel_a") or stated.get("tabel_b"):
        draft.missing.append(
            "split (fordelingsnøglen): dokumentet trykker Tabel A-C, men ikke en nøgle "
            "kkinvest kan læse; skriv [split] selv"
        )


def _inline_key(value: str, where: str, draft: Draft) -> Any:
    """A key as the Bilag prints it inline ("vægte i m²: ØKF 2, SOF 1", "procent ...",
    "ligeligt ØKF, SOF"; formats/keys.py); None (and a problem) where it cannot be read."""
    kind, _, rest = value.strip().partition(" ")
    kind = folded(kind)
    if kind == "ligeligt":
        return {"equal": [name.strip() for name in rest.split(",") if name.strip()]}
    if kind in ("vægte", "procent"):
        unit = WEIGHTS_UNIT.match(rest.strip()) if kind == "vægte" else None
        rest = unit.group("rest") if unit else rest
        weights: dict[str, Decimal] = {}
        for part in rest.split(", "):
            name, _, figure = part.strip().rpartition(" ")
            try:
                amount = cell_amount(figure)
            except CellProblem:
                amount = None
            if not name or amount is None:
                draft.problems.append((where, f"{part.strip()!r} er ikke 'forvaltning tal'"))
                return None
            weights[name] = amount
        if unit:
            return {"weights": weights, "unit": unit.group("unit")}
        return {"weights" if kind == "vægte" else "percent": weights}
    return None


def _stated_split(draft: Draft, registry: Registry) -> None:
    """The split as kkinvest's Bilag states it in words (render/docx_out.py `split_facts`):
    read as printed, nothing guessed. Fixed amounts are Tabel A's rows, as printed."""
    facts = draft.facts["split_stated"]
    stated = draft.data.get("stated", {})
    split: dict[str, Any] = {}
    how, where = facts.get("fordeling", ("", ""))
    if folded(how).startswith("faste beløb"):
        if stated.get("tabel_a"):
            rows = stated["tabel_a"]["rows"].items()  # Tabel A prints every row; 0 is none
            split["fixed"] = {code: v for code, v in rows if any(v.values())}
        else:
            draft.problems.append((where, "faste beløb, men ingen Tabel A at læse dem af"))
    if "fordelingsnøgle" in facts:
        value, where = facts["fordelingsnøgle"]
        inline = _inline_key(value, where, draft)
        if inline is not None:
            split["key"] = inline
        elif folded(value).startswith("sammensat"):
            draft.problems.append(
                (
                    where,
                    "en sammensat fordelingsnøgle står ikke i Bilaget; "
                    "læs forslaget fra dets TOML-fil",
                )
            )
        elif value.split():
            name = _key_by_words(value, where, draft, registry)
            if name is not None:
                split["key"] = name
        else:
            draft.problems.append((where, "Fordelingsnøgle: ingen nøgle angivet"))
    if "omkostninger fordeles" in facts:
        value, where = facts["omkostninger fordeles"]
        split["costs"] = "key" if folded(value) == "efter nøglen" else _target(value, registry)
    if "teksten fordeler efter" in facts:
        value, where = facts["teksten fordeler efter"]
        claimed = _inline_key(value, where, draft)
        if claimed is not None:
            split["claimed_key"] = claimed
    centers = draft.facts.get("profit_centers", {})
    if split and centers:
        split["profit_centers"] = centers
    if split:
        draft.data["split"] = split
    targets = draft.facts.get("line_splits", {})
    for line in draft.data.get("lines", []):
        label = line["label"]
        for printed, target in targets.items():
            if label == printed:
                line["split"] = _target(target, registry)
    unmatched = set(targets) - {line["label"] for line in draft.data.get("lines", [])}
    for label in sorted(unmatched):
        draft.problems.append((draft.source, f"linjen {label!r} står ikke i Tabel 1"))


def _shipped_keys(registry: Registry) -> list[Key]:
    from kkinvest.io.entries import parse_keys, shipped_keys_path
    from kkinvest.io.toml_in import read_toml

    path = shipped_keys_path()
    return parse_keys(read_toml(path, str(path)), str(path), registry)


def _known_key(weights: dict[str, Decimal], registry: Registry) -> str | None:
    for key in _shipped_keys(registry):
        if key.weights and {k: Decimal(v) for k, v in key.weights.items()} == weights:
            return key.name
    return None


def _key_by_words(value: str, where: str, draft: Draft, registry: Registry) -> str | None:
    """The key "Fordelingsnøgle: …" names: by its title and date as the Bilag prints them
    (formats/keys.py), or by its name (a Bilag written before 4 December 2026); None and a
    problem where it names no known key."""
    name = key_named(value, _shipped_keys(registry))
    if name is not None:
        return name
    if len(value.split()) == 1:
        return value.strip()
    draft.problems.append(
        (where, f"fordelingsnøglen »{value}« er ingen kendt nøgle; skriv dens navn i [split] key")
    )
    return None


def _target(value: str, registry: Registry) -> str:
    """Where costs or a line go ("Omkostninger fordeles: …"): a key by its words, else as
    printed (a Kvantum row such as KIT, or a key's name)."""
    return key_named(value, _shipped_keys(registry)) or value


def _heading_years(draft: Draft) -> None:
    """A technical table whose heading prints other years than Tabel 1's, but whose total
    row is Tabel 1's net change year by year (BC03: headings 2022-2027, values of 2023-2028):
    the values are recorded under the years they belong to, the printed years as
    `heading_years` (a guess, reported)."""
    stated = draft.data.get("stated", {})
    net = stated.get("total_permanent")
    if not net:
        net = {}
        for line in draft.data.get("lines", []):
            if line.get("section") == "varig" and not line.get("memo"):
                net = _add(net, line["values"])
    years = sorted(net)
    for name in ("tabel_a", "tabel_b", "tabel_c"):
        table = stated.get(name)
        if not table or not table.get("total"):
            continue
        printed = sorted(table["total"])
        if printed == years[: len(printed)] or len(printed) != len(years):
            continue
        if name != "tabel_c" and [table["total"][y] for y in printed] != [net[y] for y in years]:
            continue
        shift = dict(zip(printed, years, strict=True))
        table["heading_years"] = printed
        table["rows"] = {
            r: {shift[y]: v for y, v in vals.items()} for r, vals in table["rows"].items()
        }
        table["total"] = {shift[y]: v for y, v in table["total"].items()}
        draft.guesses[f"stated.{name}.heading_years"] = (
            f"overskriften siger {printed[0]}-{printed[-1]}, men totalrækken er Tabel 1's "
            f"{years[0]}-{years[-1]}; beløbene er skrevet under de år, de hører til"
        )


_AREA_SHARE = re.compile(r"^\s*([A-ZÆØÅa-zæøå][\w -]*?)\s*:\s*([\d.]+)\s*m(?:2|²)\s*$")


def _claimed_key(blocks: list[Block], draft: Draft, registry: Registry) -> None:
    """Where the split is fixed amounts and the text lists a share per administration
    ("KFF: 30.634 m2", "BUF: 39.475 m2"), that list is the key the text claims (BC01):
    `kkinvest check` compares the amounts with it."""
    split = draft.data.get("split", {})
    if "fixed" not in split:
        return
    weights: dict[str, Decimal] = {}
    where = ""
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        match = _AREA_SHARE.match(block.text)
        admin = registry.administration(match.group(1)) if match else None
        if match and admin is not None:
            try:
                amount = cell_amount(match.group(2))
            except CellProblem as problem:
                draft.unplaced.append((block.where, f"fordeling efter areal: {problem}"))
                continue
            if amount is not None:
                weights[admin.code] = amount
                where = where or block.where
        elif len(weights) >= 2:
            break
        else:
            weights, where = {}, ""
    if len(weights) >= 2:
        split["claimed_key"] = {"weights": weights, "unit": "m²"}  # what _AREA_SHARE reads
        draft.guesses["split.claimed_key"] = f"teksten fordeler efter areal ({where})"


_CRITERIA = (
    ("tværgående", "tværgående effektivisering"),
    ("storskala", "storskala"),
    ("teknologi", "ny teknologi"),
)
_RANGE = re.compile(r"(-?\d[\d.,]*)\s*(?:-|–|til)\s*(\d[\d.,]*)")


def _thousands(text: str) -> tuple[Decimal, Decimal | None] | None:
    """An amount in 1.000 kr. as an innovation proposal's business case prints it: "600",
    "2.500 t.kr.", "1,5 - 2,5 mio.kr." (a range), "-1000" (a saving of 1000: the format
    records the potential positive)."""
    low = folded(text)
    factor = Decimal(1000) if "mio" in low else Decimal(1)
    cleaned = re.sub(r"(t\.\s*kr\.?|mio\.?\s*kr\.?|kr\.?)", "", low).strip()
    found = _RANGE.search(cleaned)
    parts = [found.group(1), found.group(2)] if found else [cleaned]
    try:
        amounts = [cell_amount(part.strip()) for part in parts]
    except CellProblem:
        return None
    if any(a is None for a in amounts):
        return None
    scaled = [
        _whole(abs(a) * factor) for a in amounts if a is not None
    ]  # positive, as the format has it
    return scaled[0], (scaled[1] if len(scaled) > 1 else None)


def _whole(amount: Decimal) -> Decimal:
    """1500.0 as 1500: a scaled amount keeps no decimals it does not need."""
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount


def _tentative(grid: Grid, draft: Draft) -> None:
    """An innovation proposal's tentative business case ("Tabel 3. Kriterier til
    prioritering"): expected spend, the budget an investment proposal is expected for, the
    potential permanent saving (a range allowed), the criteria marked with X."""
    header = next(
        (r for r in range(1, grid.max_row + 1) if folded(grid.text(r, 1)).startswith("udgift")),
        None,
    )
    if header is None or header + 1 > grid.max_row:
        draft.unplaced.append((grid.where(1, 1), f"{grid.title}: ikke læst (ukendt layout)"))
        return
    row = header + 1
    tentative: dict[str, Any] = {}
    for col in range(1, grid.max_col + 1):
        head, text = folded(grid.text(header, col)), grid.text(row, col)
        if not text:
            continue
        if head.startswith("udgift"):
            amount = _thousands(text)
            if amount:
                tentative["expected_spend"] = amount[0]
        elif head.startswith("forventet vedtagelse"):
            year = re.search(r"budget\s*(\d{4}|\d{2})\b", folded(text))
            if year:
                value = int(year.group(1))
                tentative["investment_budget"] = value if value > 100 else 2000 + value
        elif head.startswith("potentiale for varig"):
            amount = _thousands(text)
            if amount:
                tentative["potential_saving"] = amount[0]
                if amount[1] is not None:
                    tentative["potential_saving_to"] = amount[1]
        else:
            criterion = next((name for word, name in _CRITERIA if word in head), None)
            if criterion and folded(text).startswith("x"):
                tentative.setdefault("criteria", []).append(criterion)
    if tentative:
        draft.data["tentative"] = tentative
        draft.report.append((grid.where(row, 1), f"{grid.title}: tentativ businesscase"))


_LEVEL = re.compile(r"(\d{4})\s*p\s*/\s*[l1]\b", re.IGNORECASE)  # "p/1": a typo the documents print


def _own_price_level(grid: Grid, header: int, table: dict[str, Any], draft: Draft) -> None:
    """A table whose heading prints another p/l than Tabel 1's records it (`price_level`)."""
    texts = " ".join(grid.text(r, c) for r in range(1, header + 1) for c in range(1, 4))
    found = _LEVEL.search(texts)
    own = draft.data.get("price_level")
    if found and own and int(found.group(1)) != own:
        table["price_level"] = int(found.group(1))
        draft.report.append(
            (grid.where(1, 1), f"{grid.title}: i {found.group(1)} p/l, Tabel 1 i {own} p/l")
        )
