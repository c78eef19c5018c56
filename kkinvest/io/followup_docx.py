"""The follow-up a proposal plans, read from its Word document: the table "Opfølgningsmål |
Hvordan måles opfølgningsmålet? | Hvem er ansvarlig for opfølgning? | Hvornår gennemføres
opfølgningen?" as milestones, and the answer to "Her angives om forslaget udspringer af et
innovationsforslag". A small extraction over the blocks the Word reader gives
(io/docx_in.read_docx), kept apart from the recogniser of Tabel 1.

Every text is kept as written. When a milestone is due is parsed where the text allows it — a
date (15-06-2024), a quarter ("2023, Q3", "Q4 2022", "3. kvartal 2023"), the start, middle or
end of a year ("Primo 2024", "medio 2025", "ultimo 2023") or a year alone — into `due`
("2024-06-15", "2023-Q3", "2024-Q1", "2025-Q2", "2023-Q4", "2024"); where it does not ("Ved
projektets afslutning", "Hvert år") the milestone has no `due` and a note says so.

>>> due_of("2023, Q3")
'2023-Q3'
>>> due_of("Primo 2024")
'2024-Q1'
>>> due_of("Ved projektets afslutning") is None
True
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from kkinvest.io.grid import CHECKED, UNCHECKED, Block, Grid, Paragraph

HEADER = "opfølgningsmål"
QUESTION = "udspringer af et innovationsforslag"
GROUPS = {
    "milepæle for implementering": "implementering",
    "realisering af effektiviseringer": "effektivisering",
}
"""The table's group rows, by how they begin, and the group each gives its milestones."""
PARTS_OF_YEAR = {"primo": 1, "medio": 2, "ultimo": 4}
"""Primo (start), medio (middle) and ultimo (end) of a year, as the quarter they mean."""

_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_QUARTER = re.compile(r"\b(?:Q([1-4])\D{0,3}(\d{4})|(\d{4})\D{0,3}Q([1-4]))\b", re.IGNORECASE)
_KVARTAL = re.compile(r"\b([1-4])\.\s*kvartal\D{0,3}(\d{4})\b", re.IGNORECASE)
_PART = re.compile(r"\b(primo|medio|ultimo)\s+(\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")


def due_of(text: str) -> str | None:
    """When a milestone's text says it is due, or None where it does not say (see above)."""
    found = _DATE.search(text)
    if found:
        day, month, number = (int(part) for part in found.groups())
        try:
            return datetime.date(number, month, day).isoformat()
        except ValueError:
            return None
    found = _QUARTER.search(text)
    if found:
        quarter, year = (found.group(1), found.group(2)) if found.group(1) else found.group(4, 3)
        return f"{year}-Q{quarter}"
    found = _KVARTAL.search(text)
    if found:
        return f"{found.group(2)}-Q{found.group(1)}"
    found = _PART.search(text)
    if found:
        return f"{found.group(2)}-Q{PARTS_OF_YEAR[found.group(1).casefold()]}"
    years = set(_YEAR.findall(text))
    return years.pop() if len(years) == 1 else None


def milestones(blocks: list[Block]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The milestones of every follow-up table, and (where, what) lines for the report."""
    found: list[dict[str, Any]] = []
    said: list[tuple[str, str]] = []
    for block in blocks:
        if not isinstance(block, Grid) or block.text(1, 1).casefold() != HEADER:
            continue
        group = None
        for row in range(2, block.max_row + 1):
            cells = [block.text(row, col) for col in range(1, 5)]
            if not any(cells):
                continue
            start = " ".join(cells[0].split()).casefold()
            named = next((g for key, g in GROUPS.items() if start.startswith(key)), None)
            if named is not None and not any(cells[1:]):
                group = named
                continue
            milestone: dict[str, Any] = {"goal": cells[0], "how": cells[1], "who": cells[2]}
            milestone["when"] = cells[3]
            if group is not None:
                milestone["group"] = group
            due = due_of(cells[3])
            where = block.where(row, 4)
            if due is not None:
                milestone["due"] = due
            elif cells[3]:
                said.append((where, f"opfølgningen »{_short(cells[3])}« kan ikke dateres"))
            found.append({k: v for k, v in milestone.items() if v != ""})
    return found, said


def innovation_origin(blocks: list[Block]) -> tuple[dict[str, Any] | None, str | None]:
    """The answer to "udspringer af et innovationsforslag": ({"answer": "ja"|"nej", "text":
    ...} as far as the document says it, or None), and a line for the report where the answer
    cannot be read (both Ja and Nej printed, neither ticked)."""
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or QUESTION not in block.text.casefold():
            continue
        answers = []
        for after in blocks[index + 1 : index + 4]:
            if not isinstance(after, Paragraph) or after.heading:
                break
            answers.append(after)
        return _answer(answers, block.where)
    return None, None


def _answer(paragraphs: list[Paragraph], where: str) -> tuple[dict[str, Any] | None, str | None]:
    ticked = [p for p in paragraphs if p.text.lstrip().startswith(CHECKED)]
    if not ticked:
        plain = [p for p in paragraphs if not p.text.lstrip().startswith(UNCHECKED)]
        words = [p.text.strip().lstrip("-• ").strip() for p in plain]
        words = [w for w in words if w]
        if len(words) == 1:
            ticked = [p for p in plain if p.text.strip().lstrip("-• ").strip() == words[0]]
    if len(ticked) != 1:
        return None, (
            f"{where}: svaret på, om forslaget udspringer af et innovationsforslag, kan ikke "
            "aflæses (både Ja og Nej står der, og intet er afkrydset)"
        )
    text = ticked[0].text.strip().lstrip(CHECKED + "-• ").strip()
    answer = text.split()[0].casefold().strip(".:,") if text else ""
    if answer not in ("ja", "nej"):
        return None, f"{where}: svaret »{_short(text)}« er hverken Ja eller Nej"
    result: dict[str, Any] = {"answer": answer}
    if text.casefold() != answer:
        result["text"] = text
    return result, None


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def planned_followup(
    blocks: list[Block],
) -> tuple[str, list[tuple[str, str]]]:
    """The TOML to add to a proposal's own file (`[[milestone]]` tables and `[origin]`, no
    id: the file's proposal), and the report's (where, what) lines."""
    from kkinvest.io.toml_out import dumps

    found, said = milestones(blocks)
    origin, note = innovation_origin(blocks)
    data: dict[str, Any] = {}
    if found:
        data["milestone"] = found
        dated = sum(1 for m in found if "due" in m)
        where = next(
            b.name for b in blocks if isinstance(b, Grid) and b.text(1, 1).casefold() == HEADER
        )
        said.insert(0, (where, f"opfølgning: {len(found)} milepæle, {dated} af dem med en dato"))
    if origin is not None:
        data["origin"] = origin
        said.append((QUESTION, f"udspringer af et innovationsforslag: {origin['answer']}"))
    if note is not None:
        where, _, what = note.partition(": ")
        said.append((where, what))
    if not data:
        return "", said
    head = "\n# Opfølgningen, som forslaget planlægger den (afsnit Opfølgning)\n"
    return head + dumps(data), said
