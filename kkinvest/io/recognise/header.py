"""The header of a proposal: its kind and budget headings, the "Label: value" paragraphs
(Forslagets titel, Kort resumé, Fremstillende forvaltning, Der søges om midler fra, Angiv p/l),
the facts only kkinvest's Bilag prints (Udvalg, Forslagstype, Pulje, Fordeling, ...), and the
administrations ticked under "Berørte forvaltninger". A stage of the recogniser
(`document.read_proposal`): it fills in the draft and says what it read, guessed or missed.
"""

from __future__ import annotations

import difflib
import re

from kkinvest.formats.ids import id_in_title
from kkinvest.formats.vocabulary import (
    KINDS,
    NOT_FILLED_IN,
    POOL_OF_KIND,
    TEMPLATE_UNFILLED,
    UNFILLED_MARKS,
)
from kkinvest.io.grid import CHECKED, UNCHECKED, Block, Grid, Paragraph
from kkinvest.io.recognise.draft import Draft
from kkinvest.io.recognise.tabel_1 import (
    folded,
)
from kkinvest.registry import Registry

BUDGET_HEADING = re.compile(r"^\s*budget\s+(\d{4})\s*$", re.IGNORECASE)
_BUDGET_IN_HEADING = re.compile(r"\bbudget\s+(\d{4})\b", re.IGNORECASE)


def kind_of(text: str) -> str | None:
    text = folded(text)
    for stem, kind in KINDS:  # "investeringsforslag", ...
        if f"{stem}sforslag" in text:
            return kind
    return None


def read_header(blocks: list[Block], draft: Draft, registry: Registry, fallback_id: str) -> None:
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.text.strip()]
    for paragraph in paragraphs[:60]:
        text = paragraph.text.strip()
        low = folded(text)
        if _bilag_fact(text, paragraph.where, draft, registry):
            continue
        titled = low.startswith("forslagets titel")
        if (
            draft.kind is None
            and not titled
            and (paragraph.heading or text.isupper())
            and kind_of(text)
        ):
            draft.kind = kind_of(text)
            draft.report.append((paragraph.where, f"forslagstype: {text}"))
        budget = BUDGET_HEADING.match(text) or (
            _BUDGET_IN_HEADING.search(text) if paragraph.heading or text.isupper() else None
        )  # "Budget 2023"; "INVESTERINGSFORSLAG – BUDGET 2017"
        if budget and draft.budget is None:
            draft.budget = int(budget.group(1))
            draft.report.append((paragraph.where, f"budget: {text}"))
        label, _, value = text.partition(":")
        label_low, value = folded(label), value.strip()
        if not _ or not label_low:
            continue
        if label_low == "forslagets titel" and draft.title is None:
            titled_id = id_in_title(value)
            if titled_id and titled_id[1]:
                draft.id, draft.title = titled_id
            elif value:
                draft.title = value
            draft.report.append((paragraph.where, f"titel: {value}"))
        elif label_low in ("kort resumé", "resumé") and draft.facts.summary is None:
            draft.facts.summary = value
        elif label_low == "fremstillende forvaltning":
            _administration(value, paragraph.where, draft, registry)
        elif label_low.startswith("der søges om midler fra"):
            if value and not folded(value).startswith(UNFILLED_MARKS):
                draft.funds_from = value
            pool = _pool_from_text(value)
            if pool:
                draft.pool = pool
                draft.report.append((paragraph.where, f"pulje: {value}"))
        elif label_low in ("angiv p/l", "p/l", "pris- og lønniveau"):
            year = re.search(r"\d{4}", value)
            if year:
                draft.price_level = int(year.group())
                draft.report.append((paragraph.where, f"p/l: {value}"))
        if low.startswith("berørte forvaltninger") and value:
            _ticked_in_text(value, paragraph.where, draft, registry)
    if draft.title is None:
        heading = _title_heading(blocks)
        if heading is not None:
            titled_id = id_in_title(heading.text.strip())
            if draft.id is None and titled_id and titled_id[1]:
                draft.id, draft.title = titled_id
                draft.guesses["id"] = f"nummeret står i overskriften ({heading.where})"
            else:
                draft.title = heading.text.strip()
            draft.guesses["title"] = f"titlen er overskriften ({heading.where})"
    if draft.kind is None:
        found = next((kind_of(p.text) for p in paragraphs if kind_of(p.text)), None)
        if found:
            draft.kind = found
            draft.guesses["kind"] = "forslagstypen læst af en senere overskrift eller forsiden"
        else:
            draft.missing.append("kind (forslagstype)")
    if draft.id is None:
        draft.id = fallback_id
        draft.guesses["id"] = "intet nummer i 'Forslagets titel'; id'et er filens navn"
    if draft.pool is None and draft.kind in POOL_OF_KIND:
        draft.pool = POOL_OF_KIND[draft.kind]
        draft.guesses["pool"] = "puljen følger af forslagstypen (dokumentet siger det ikke)"
    for grid in (b for b in blocks if isinstance(b, Grid)):
        if _ticked_in_grid(grid, draft, registry):
            break
    cross_cutting = any("tværgående" in folded(p.text) and kind_of(p.text) for p in paragraphs[:60])
    if draft.committee is None and cross_cutting:
        draft.committee = "ØU"
        draft.guesses["committee"] = (
            "Fremstillende forvaltning er ikke udfyldt; et tværgående forslag hører under "
            "Økonomiudvalget (oversigtens 'Tværgående forslag (ØU)')"
        )
    elif draft.committee is None:
        draft.missing.append("committee (udvalg)")


def _title_heading(blocks: list[Block]) -> Paragraph | None:
    """Where no "Forslagets titel" names the proposal: its first heading that is not the
    kind or the budget year. A heading is a paragraph in a heading style, or (above the first
    table, in a template without heading styles) a short paragraph all in bold that is no
    "Label: value" line."""
    tabled = False
    for block in blocks:
        if isinstance(block, Grid):
            tabled = True
            continue
        text = block.text.strip()
        if not text or kind_of(text) or BUDGET_HEADING.match(text):
            continue
        typed = block.bold and not tabled and len(text) <= 150 and ":" not in text
        if block.heading or typed:
            return block
    return None


_LIFETIME = re.compile(r"^(\d{1,3})\s+år(?:\s+–\s+\u00bb(.+)\u00ab)?$", re.DOTALL)
"""The Bilag's "Levetid: 23 år – »the proposal's sentence«" (render/docx_out.lifetime_fact)."""


_LINE_SPLIT = re.compile(r"^linjen\s+\u00bb(.+)\u00ab\s+fordeles:\s*(.+)$", re.IGNORECASE)


_POOL_NAMES = (("investering", "investering"), ("innovation", "innovation"), ("ingen", "none"))


def _bilag_fact(text: str, where: str, draft: Draft, registry: Registry) -> bool:
    """A header line only kkinvest's Bilag prints (render/docx_out.py `header_facts`): the
    committee, the kind, the pool, the row set and how Tabel A-C split the proposal. True
    where the line was one of them (read, or reported as not readable)."""
    line = _LINE_SPLIT.match(text)
    if line:
        target = line.group(2).strip()
        draft.facts.line_splits[line.group(1)] = (
            "key" if folded(target) == "efter nøglen" else target
        )
        draft.report.append((where, f"linjens fordeling: {text}"))
        return True
    label, colon, value = text.partition(":")
    label_low, value = folded(label), value.strip()
    if not colon:
        return False
    if label_low == "udvalg":
        committee = registry.committee(value)
        if committee is None:
            draft.problems.append((where, f"Udvalg: {value!r} er intet kendt udvalg"))
        else:
            draft.committee = draft.facts.committee = committee.code
            draft.report.append((where, f"udvalg: {value} ({committee.code})"))
    elif label_low == "forslagstype":
        found = kind_of(value)
        if found is None:
            draft.problems.append((where, f"Forslagstype: {value!r} er ingen kendt forslagstype"))
        else:
            draft.kind = found
            draft.facts.kind_line = where  # the Bilag's "Forslagstype:" line
            draft.report.append((where, f"forslagstype: {value}"))
    elif label_low == "pulje":
        pool = next((name for word, name in _POOL_NAMES if word in folded(value)), None)
        if pool is None:
            draft.problems.append((where, f"Pulje: {value!r} er ingen kendt pulje"))
        else:
            draft.pool = pool
            draft.report.append((where, f"pulje: {value}"))
    elif label_low == "rækkesæt":
        draft.row_set = value
        draft.report.append((where, f"rækkesæt: {value}"))
    elif label_low == "budgetår":
        draft.report.append((where, f"budgetår: {value}"))
    elif label_low == "levetid" and (lifetime := _LIFETIME.match(value)):
        draft.lifetime = int(lifetime.group(1))
        if lifetime.group(2):
            draft.lifetime_source = lifetime.group(2)
        draft.report.append((where, f"levetid: {lifetime.group(1)} år"))
    elif label_low in (
        "fordeling",
        "fordelingsnøgle",
        "omkostninger fordeles",
        "teksten fordeler efter",
    ):
        draft.facts.split_stated[label_low] = (value, where)
        draft.report.append((where, f"{label}: {value}"))
    else:
        return False
    return True


def _administration(value: str, where: str, draft: Draft, registry: Registry) -> None:
    if not value or folded(value).startswith(UNFILLED_MARKS):
        if not value or folded(value).startswith(("vælg forvaltning", NOT_FILLED_IN)):
            # the drop-down, showing its placeholder (read as empty) or typed over
            draft.administration = TEMPLATE_UNFILLED  # as the template prints it
        draft.missing.append("administration (Fremstillende forvaltning er ikke udfyldt)")
        draft.report.append((where, f"Fremstillende forvaltning: ikke udfyldt ({value!r})"))
        return
    admin = registry.administration(value)
    if admin is None:
        names = {a.name: a for a in registry.administrations}
        close = difflib.get_close_matches(value, list(names), n=1, cutoff=0.8)
        if close:
            admin = names[close[0]]
            draft.guesses["administration"] = f"dokumentet skriver {value!r}"
    if admin is None:
        draft.unplaced.append((where, f"Fremstillende forvaltning {value!r}: ukendt forvaltning"))
        draft.missing.append("administration")
        return
    draft.administration = admin.code
    # the Bilag's "Udvalg:" line says it; else the administration's committee
    draft.committee = draft.facts.committee or admin.row
    draft.report.append((where, f"forvaltning: {value} ({admin.code}, udvalg {admin.row})"))


def _pool_from_text(value: str) -> str | None:
    low = folded(value)
    if "innovation" in low:
        return "innovation"
    if "investering" in low:
        return "investering"
    return None


def _unknown_ticked(name: str) -> str:
    return (
        f"berørte forvaltninger: '{name.strip()}' er sat kryds ved, men er ingen kendt "
        "forvaltning; skriv den i 'affected' med dens forkortelse (se kkinvest info)"
    )


def _ticked_in_text(value: str, where: str, draft: Draft, registry: Registry) -> None:
    ticked = []
    for mark, name in re.findall(rf"([{CHECKED}{UNCHECKED}])\s*([^{CHECKED}{UNCHECKED}]+)", value):
        admin = registry.administration(name.strip().rstrip(",;"))
        if admin and mark == CHECKED:
            ticked.append(admin.code)
        elif admin is None and mark == CHECKED:
            draft.unplaced.append((where, _unknown_ticked(name)))
    if ticked:
        draft.affected = ticked
        draft.report.append((where, f"berørte forvaltninger: {', '.join(ticked)}"))


def _ticked_in_grid(grid: Grid, draft: Draft, registry: Registry) -> bool:
    """The "Berørte forvaltninger" check boxes: ☒/☐ in a cell, the name in the same cell or
    the next one."""
    texts = [(pos, str(v)) for pos, v in sorted(grid.cells.items())]
    if not any(t.strip().startswith((CHECKED, UNCHECKED)) for _, t in texts):
        return False
    ticked: list[str] = []
    seen = 0
    for (row, col), text in texts:
        text = text.strip()
        if not text.startswith((CHECKED, UNCHECKED)):
            continue
        name = text[1:].strip() or grid.text(row, col + 1)
        admin = registry.administration(name)
        if admin is None:
            if text.startswith(CHECKED) and name.strip():
                draft.unplaced.append((grid.where(row, col), _unknown_ticked(name)))
            continue
        seen += 1
        if text.startswith(CHECKED):
            ticked.append(admin.code)
    if not seen:
        return False
    draft.affected = ticked
    draft.report.append(
        (grid.where(1, 1), f"berørte forvaltninger: {', '.join(ticked) or 'ingen afkrydset'}")
    )
    return True
