"""Recognise a Bilag's pool overview: "Der resterer 208,7 mio. kr. (2023 p/l) i
investeringspuljerne", "der er indkommet forslag for samlet 97,5 mio. kr.", a proposal that
"ligger ikke inden for investeringspuljens kriterier", and the tables 1-3 (per committee, the
investment pool's applications, the innovation pool's), with the footnotes under them.

The result is the data of a pool file (`[pool]`), as printed ("." recorded as 0 or, for a
payback, as none); mio. kr. with the decimals printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kkinvest.io.grid import Block, Grid, Paragraph
from kkinvest.io.recognise.draft import (
    AmountField,
    ApplicationData,
    ApplicationsData,
    CommitteeFiguresData,
    PoolDraft,
)
from kkinvest.io.recognise.tabel_1 import CellProblem, cell_amount, folded, text_amount
from kkinvest.registry import Registry

_REMAINING = re.compile(
    r"resterer\s+([\d.,]+)\s*mio\.?\s*kr\.?(?:\s*\((\d{4})\s*p/l\))?", re.IGNORECASE
)
_ASKED = re.compile(r"indkommet\s+forslag\s+for\s+samlet\s+([\d.,]+)\s*mio", re.IGNORECASE)
_LEVEL = re.compile(r"(\d{4})\s*p/l", re.IGNORECASE)
_COUNT = re.compile(r"^\s*(\d+)?\s*(?:\((\d+)\))?\s*$")
_ROW_LABEL = re.compile(r"^(.*?)\s*([*/]+(?:\s*/\s*\**)?)?\s*$")

NO_POOL_MARKS = ("ingen puljefil", "ingen oplysning om, hvad der resterer i puljerne")
"""How kkinvest's Bilag says it had no pool overview (render/docx_out.py NO_POOL_FILE; the
first as Bilag written before 3 December 2026 say it)."""


def read_overview(blocks: list[Block], source: str, registry: Registry) -> PoolDraft:
    """The overview as a pool file's [pool] table, with the report of what was read."""
    draft = PoolDraft(source=source)
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    grids = [b for b in blocks if isinstance(b, Grid)]
    for paragraph in paragraphs:
        text = paragraph.text
        found = _REMAINING.search(text)
        if found:
            draft.remaining = _mio(found.group(1), paragraph.where, draft)
            if found.group(2):
                draft.price_level = int(found.group(2))
            draft.report.append((paragraph.where, f"tilbage i puljerne: {found.group(1)} mio. kr."))
        asked = _ASKED.search(text)
        if asked:
            draft.stated_asked = _mio(asked.group(1), paragraph.where, draft)
            draft.report.append((paragraph.where, f"ansøgt i alt: {asked.group(1)} mio. kr."))
        if any(mark in folded(text) for mark in NO_POOL_MARKS):  # kkinvest's Bilag, no pool
            draft.no_pool_file = paragraph.where
        budget = re.search(r"budget\s+(\d{4})", text, re.IGNORECASE)
        if budget and draft.budget is None:
            draft.budget = int(budget.group(1))
    for grid in grids:
        title = folded(grid.title)
        level = _LEVEL.search(grid.text(1, 1))
        if level and draft.price_level is None:
            draft.price_level = int(level.group(1))
        if "fordelt på udvalg" in title:
            _tabel_1(grid, draft, registry)
        elif "investeringspuljen" in title:
            draft.tabel_2 = _applications(grid, draft, registry, blocks)
        elif "innovationspuljen" in title:
            draft.tabel_3 = _applications(grid, draft, registry, blocks, innovation=True)
    _outside_criteria(paragraphs, draft)
    if draft.budget is None and draft.price_level is not None:
        draft.budget = draft.price_level
        draft.guesses["budget"] = "intet budgetår i teksten; oversigtens p/l er brugt"
    if draft.remaining is None:
        draft.missing.append("remaining (Der resterer ... mio. kr.)")
    return draft


def _mio(text: str, where: str, draft: PoolDraft) -> Decimal:
    try:
        amount = text_amount(text)
    except CellProblem as problem:
        draft.unplaced.append((where, f"{problem} (mio. kr.)"))
        return Decimal(0)
    return amount if amount is not None else Decimal(0)


def _amount(grid: Grid, row: int, col: int | None, draft: PoolDraft) -> Decimal:
    if col is None:
        return Decimal(0)
    try:
        return cell_amount(grid.get(row, col)) or Decimal(0)
    except CellProblem:
        draft.unplaced.append((grid.where(row, col), f"{grid.text(row, col)!r}: ikke et tal"))
        return Decimal(0)


def _tabel_1(grid: Grid, draft: PoolDraft, registry: Registry) -> None:
    rows: dict[str, CommitteeFiguresData] = {}
    total: CommitteeFiguresData | None = None
    labels: dict[str, str] = {}
    for row in range(2, grid.max_row + 1):
        label = grid.text(row, 1)
        if not label:
            continue
        figures: CommitteeFiguresData = {}
        count = _COUNT.match(grid.text(row, 2))
        if count:
            if count.group(1):
                figures["investment_count"] = int(count.group(1))
            if count.group(2):
                figures["innovation_count"] = int(count.group(2))
        figures["investment"] = _amount(grid, row, 3, draft)
        figures["savings"] = _amount(grid, row, 4, draft)
        if folded(label) in ("i alt", "total"):
            total = figures
            continue
        committee = registry.committee(label)
        if committee is None:
            draft.unplaced.append((grid.where(row, 1), f"{label!r}: ukendt udvalg"))
            continue
        rows[committee.code] = figures
        if label not in (committee.code, committee.name):
            labels[committee.code] = label
    if total is None:
        draft.unplaced.append((grid.where(1, 1), "Tabel 1 uden 'I alt'-række; ikke læst"))
        return
    draft.tabel_1 = {"rows": rows, "total": total}
    if labels:
        draft.committee_labels = labels
    draft.report.append((grid.where(1, 1), f"{grid.title}: {len(rows)} udvalg"))


def _columns(grid: Grid) -> dict[str, int]:
    """The columns of the applications tables, by their (two-level) headings."""
    found: dict[str, int] = {}
    for col in range(1, grid.max_col + 1):
        top = folded(next((grid.text(1, c) for c in range(col, 0, -1) if grid.text(1, c)), ""))
        below = folded(grid.text(2, col))
        here = folded(grid.text(1, col))
        flat = " ".join(re.sub(r"(?<=\w)-\s+", "", here).split())  # "Investe-\nringer\nanlæg"
        if flat.startswith("investeringer "):  # a one-row heading
            top, below = "investeringer", flat.removeprefix("investeringer ")
        elif flat.startswith("varige effektiviseringer "):
            top, below = "varige", flat.removeprefix("varige effektiviseringer ")
        elif "tilbagebetaling" in flat:
            here = flat
        if here.startswith("nr"):
            found["id"] = col
        elif here.startswith("forslag"):
            found["title"] = col
        elif "tilbagebetaling" in here:
            found["payback"] = col
        elif here.startswith("innovationspulje"):
            found["amount"] = col
        elif top.startswith("investering") and below.startswith("service"):
            found["service"] = col
        elif top.startswith("investering") and below.startswith("anlæg"):
            found["capital"] = col
        elif "varige" in top and below.startswith("service"):
            found["savings_service"] = col
        elif "varige" in top and below.startswith("overf"):
            found["savings_transfers"] = col
    return found


def _applications(
    grid: Grid, draft: PoolDraft, registry: Registry, blocks: list[Block], innovation: bool = False
) -> ApplicationsData | None:
    """The overview's Tabel 2 (the investment pool's applications) or, `innovation`, its
    Tabel 3 (the innovation pool's, with one total amount)."""
    columns = _columns(grid)
    if "id" not in columns:
        draft.unplaced.append((grid.where(1, 1), f"{grid.title}: ingen 'Nr.'-kolonne; ikke læst"))
        return None
    first = 3 if folded(grid.text(2, columns["id"])) == "" and not grid.text(2, 1) else 2
    rows: dict[str, ApplicationData] = {}
    total: ApplicationData = {}
    amount_fields: tuple[AmountField, ...] = (
        "service",
        "capital",
        "savings_service",
        "savings_transfers",
        "amount",
    )
    for row in range(first, grid.max_row + 1):
        label = grid.text(row, 1)
        if folded(label) in ("i alt", "total"):
            for field in amount_fields:
                if field in columns:
                    total[field] = _amount(grid, row, columns[field], draft)
            continue
        proposal_id = grid.text(row, columns["id"])
        if not proposal_id:
            continue
        match = _ROW_LABEL.match(label)
        committee_text = match.group(1) if match else label
        committee = registry.committee(committee_text)
        if committee is None:
            draft.unplaced.append((grid.where(row, 1), f"{label!r}: ukendt udvalg"))
            continue
        entry: ApplicationData = {"committee": committee.code}
        marker = (match.group(2) or "").replace(" ", "") if match else ""
        if marker:
            entry["marker"] = marker
        for field in amount_fields:
            if field in columns:
                entry[field] = _amount(grid, row, columns[field], draft)
        if "payback" in columns:
            text = grid.text(row, columns["payback"])
            text = re.sub(r"\s*(?:\*+|[¹²³\u2070\u2074-\u2079]+)$", "", text)  # a footnote mark
            if text.isascii() and text.isdigit():  # '6²' is 6 and a mark; int('6²') fails
                entry["payback"] = int(text)
        rows[proposal_id] = entry
        if "title" in columns:
            draft.titles[proposal_id] = grid.text(row, columns["title"])
    table: ApplicationsData = {"rows": rows}
    if innovation:
        table["total"] = total.get("amount", Decimal(0))
    else:
        table["total"] = total
    footnotes = _footnotes_after(grid, blocks)
    if footnotes:
        table["footnotes"] = footnotes
    draft.report.append((grid.where(1, 1), f"{grid.title}: {len(rows)} forslag"))
    return table


def _footnotes_after(grid: Grid, blocks: list[Block]) -> dict[str, str]:
    notes: dict[str, str] = {}
    for block in blocks[blocks.index(grid) + 1 :]:
        if isinstance(block, Grid) or (block.heading and block.text.strip()):
            break
        match = re.match(r"^\s*(\*+)\s*(.+)$", block.text)
        if match:
            notes[match.group(1)] = match.group(2).strip()
        elif block.text.strip():
            break
    return notes


def _outside_criteria(paragraphs: list[Paragraph], draft: PoolDraft) -> None:
    """'Forslaget <title> ... ligger ikke inden for investeringspuljens kriterier': the id of
    the application in Tabel 2 whose title the sentence names."""
    titles: dict[str, str] = {}
    for table in (draft.tabel_2, draft.tabel_3):
        titles.update({pid: pid for pid in (table or {}).get("rows", {})})
    for paragraph in paragraphs:
        text = folded(paragraph.text)
        if "ikke inden for" not in text or "kriterier" not in text:
            continue
        named = [pid for pid in titles if pid.casefold() in text]
        if not named:
            named = _by_title(paragraph.text, draft)
        if named:
            draft.outside_criteria = named
            draft.report.append((paragraph.where, f"uden for kriterierne: {', '.join(named)}"))


def _by_title(text: str, draft: PoolDraft) -> list[str]:
    found = draft.titles
    return [pid for pid, title in found.items() if folded(title)[:40] in folded(text)]
