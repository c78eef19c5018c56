"""The Bilag in Word: the document Center for Økonomi puts before the politicians (seed 000,
Budget 2023 Bilag 7): the pool overview with its opening sentences and Tabel 1-3 with their
footnotes, then each proposal's Tabel 1 and Tabel A/B/C, and (an option) what `check` found.

Every figure is computed by kkinvest from the proposals; the pool file gives only what is left
in the pools, the committees' names and the footnotes. A4 portrait, Arial, tables at 9 pt with
a grey header row, amounts the Danish way (`1.898`, `9,8`). Columns are as wide as their
longest word (`fitted_widths`), so no word is split inside; a caption keeps with its table.
Built with python-docx, the well-kept library that also reads .docx in kkinvest
(`io/word.py`); no template file is needed, so the layout lives in this module. python-docx
is imported inside the functions.

    build_bilag(overview, pool, proposals, part, registry) -> StreamedDocx (.save(path))
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kkinvest.calc.checks import Finding
from kkinvest.calc.payback import Basis, Payback
from kkinvest.calc.pools import Overview, count_text
from kkinvest.calc.tables import KvantumTable
from kkinvest.labels import (
    AREA_LABELS,
    COMPUTED_BY,
    IMPLEMENTATION_HEADING,
    MEMO,
    NO_PAYBACK,
    NOT_IN_PAYBACK,
    PAYBACK_ROWS,
    PERMANENT_HEADING,
    TABEL_1,
    TOTAL_ROWS,
)
from kkinvest.model import Pool, Proposal, Section
from kkinvest.registry import Registry
from kkinvest.render.numbers import danish, exact, millions
from kkinvest.render.pools import mio_or_dot, pool_markers

if TYPE_CHECKING:
    from docx.document import Document

    from kkinvest.render.docx_xml import StreamedDocx

FONT = "Arial"
BODY_PT = 10
TABLE_PT = 9
HEADER_FILL = "D9D9D9"
TEXT_CM = 18.0  # A4 less 1,5 cm margins left and right

# Advance widths (1/1000 em) of DejaVu Sans Bold, the face LibreOffice draws where Arial is
# missing; wider than Arial bold, so a column sized by them holds its longest word in either
# (and in the regular face). Other characters count as a full em.
_WIDTHS = dict(
    zip(
        "0123456789 -–.,()/:%*'+&abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZæøåÆØÅé",
        (
            *[696] * 10,
            *(348, 415, 500, 380, 380, 457, 457, 365, 400, 1002, 523, 306, 838, 872),
            *(675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042),
            *(712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582),
            *(774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995),
            *(837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725),
            *(1048, 687, 675, 1085, 850, 774, 678),
        ),
        strict=True,
    )
)
_CM_PER_PT = 2.54 / 72
_CELL_PADDING_CM = 0.42  # a cell's left and right margins (0,19 cm each) and a little air
_REGULAR = 0.93  # the regular face is at most this much narrower than the bold
_JOINTS = (
    "implementerings",
    "styrings",
    "tilbagebetalings",
    "effektiviserings",
    "automatiserings",
    "investerings",
)
"""Heads of the long compounds in kkinvest's own labels: where a column cannot be as wide
as the whole word, it may break there, with a hyphen (an optional hyphen, so the text is
unchanged: "Implementerings-|omkostninger", never "Implementeringsomkost|ninger")."""


@lru_cache(maxsize=8192)
def text_cm(text: str, size: float = TABLE_PT) -> float:
    """How wide `text` prints at `size` pt, bold (an upper bound for the regular face)."""
    return sum(_WIDTHS.get(ch, 1000) for ch in text) / 1000 * size * _CM_PER_PT


@lru_cache(maxsize=8192)
def word_parts(word: str) -> tuple[str, ...]:
    """A word split after the head of a known compound ("Styrings", "område")."""
    folded = word.casefold()
    for head in _JOINTS:
        if folded.startswith(head) and len(folded) > len(head) + 3:
            return (word[: len(head)], word[len(head) :])
    return (word,)


def _widest(words: Sequence[str]) -> float:
    """The widest word, a known compound counted by its parts (it may break there)."""
    return max((_word_cm(word) for word in words), default=0.0)


@lru_cache(maxsize=8192)
def _word_cm(word: str) -> float:
    parts = word_parts(word)
    return max(text_cm(part + ("-" if n < len(parts) - 1 else "")) for n, part in enumerate(parts))


def fitted_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int,
    flexible: int,
    bold_rows: Collection[int] = (),
    page_cm: float = TEXT_CM,
) -> tuple[float, ...]:
    """Column widths (cm) from the content: a text column as wide as its longest word (a
    known compound counted by its parts, as it may break there with a hyphen) and its
    heading on at most two lines, a number column as wide as its widest number; the
    `flexible` column takes what is left of the page, so no word is ever split inside."""
    need = []
    for col, title in enumerate(header):
        widest = _widest(str(title).split())
        if "\n" not in str(title):
            widest = max(widest, text_cm(str(title)) / 2)
        for index, row in enumerate(rows):
            cell = str(row[col])
            words = cell.split("\n") if col >= numeric_from else cell.split()
            factor = 1.0 if index in bold_rows or col >= numeric_from else _REGULAR
            widest = max(widest, factor * _widest(words))
        need.append(widest + _CELL_PADDING_CM)
    rest = page_cm - sum(n for c, n in enumerate(need) if c != flexible)
    need[flexible] = max(need[flexible], rest)
    return tuple(round(n, 2) for n in need)


@dataclass(frozen=True)
class BilagProposal:
    """One proposal's part of the Bilag, computed beforehand."""

    proposal: Proposal
    paybacks: dict[Basis, Payback]
    tables: dict[str, KvantumTable]
    findings: Sequence[str] = field(default_factory=tuple)  # lines of `check`, if asked for


def finding_text(finding: Finding) -> str:
    """A finding of `kkinvest check` as one line of the Bilag's list."""
    from kkinvest.render.checks import amount

    parts = []
    for value in finding.values[:4]:
        place = " ".join(str(x) for x in (value.row, value.year) if x is not None)
        parts.append(
            (f"{place}: " if place else "")
            + f"dokumentet {amount(value.stated)}, beregnet {amount(value.computed)}"
        )
    if len(finding.values) > 4:
        parts.append(f"og {len(finding.values) - 4} mere")
    figures = f" ({'; '.join(parts)})" if parts else ""
    return f"{finding.severity.value}: {finding.where}: {finding.text(amount)}{figures}"


NO_POOL_FILE = (
    "Der er ingen puljefil for budget {budget}: hvad der resterer i puljerne, er ikke oplyst, "
    "og tabellerne er beregnet af forslagene alene."
)
"""Said where no pool file is loaded; the Word reader then reads no pool file back."""


def opening(ov: Overview, pool: Pool | None, proposals: Sequence[Proposal]) -> list[str]:
    """The sentences that open the Bilag, with the computed figures."""
    count = len(ov.investment) + len(ov.innovation)
    level = pool.price_level if pool else ov.budget
    sentences = [
        f"I dette bilag fremlægges de {count} indkomne ansøgninger til investeringspuljerne "
        f"mhp. at indgå i forhandlingerne om budget {ov.budget}."
    ]
    outside = [p for p in proposals if pool and p.id in pool.outside_criteria]
    for p in outside:
        sentences.append(
            f"Forslaget {p.title} ({p.id}) ligger ikke inden for investeringspuljens kriterier, "
            "hvorfor forslaget fremlægges mhp. evt. særskilt politisk prioritering til "
            f"forhandlingerne om budget {ov.budget}."
        )
    if outside:
        rest = count - len(outside)
        sentences.append(
            f"De øvrige {rest} forslag ligger inden for kriterierne for at få midler fra "
            "investeringspuljerne."
        )
    asked = f"der er indkommet forslag for samlet {millions(ov.asked)} mio. kr."
    if ov.remaining is not None:
        sentences.append(
            f"Der resterer {millions(ov.remaining)} mio. kr. ({level} p/l) i "
            f"investeringspuljerne, og {asked}"
        )
    else:
        sentences.append(asked[0].upper() + asked[1:])
    if pool is None:
        sentences.append(NO_POOL_FILE.format(budget=ov.budget))
    return sentences


STYLE_IDS = {"Heading 1": "Heading1", "Heading 2": "Heading2", "List Bullet": "ListBullet"}
"""The style ids of python-docx's default template, which the package comes from."""


def _package() -> Document:
    """The document without a body: A4 portrait, margins, Arial in every style used."""
    from docx import Document as new_document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    for side in ("left_margin", "right_margin"):  # TEXT_CM: room for Tabel 1's years
        setattr(section, side, Mm(15))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = None
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(_qn(attr), FONT)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    body = doc.element.body
    for block in list(body)[:-1]:  # the template's empty paragraph; its sectPr stays
        body.remove(block)
    return doc


class _Writer:
    """Collects the blocks of the body (`w:p`, `w:tbl` elements, render/docx_xml.py) until
    `take` hands them to the stream."""

    def __init__(self) -> None:
        self.blocks: list[Any] = []

    def take(self) -> list[Any]:
        blocks, self.blocks = self.blocks, []
        return blocks

    def heading(self, text: str, level: int) -> None:
        from kkinvest.render.docx_xml import p

        self.blocks.append(p(text, style=STYLE_IDS[f"Heading {level}"], run=bool(text)))

    def paragraph(
        self,
        text: str,
        bold: bool = False,
        italic: bool = False,
        size: int = 0,
        keep_next: bool = False,
        space_after: float | None = None,
    ) -> None:
        from kkinvest.render.docx_xml import p

        self.blocks.append(
            p(
                text,
                bold=bold,
                italic=italic,
                size_pt=size,
                keep_next=keep_next,
                space_after_pt=space_after,
            )
        )

    def bullet(self, text: str) -> None:
        from kkinvest.render.docx_xml import p

        self.blocks.append(p(text, style=STYLE_IDS["List Bullet"], run=bool(text)))

    def page_break(self) -> None:
        from kkinvest.render.docx_xml import page_break

        self.blocks.append(page_break())

    def table(
        self,
        caption: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        bold_rows: Collection[int] = frozenset(),
        numeric_from: int = 1,
        flexible: int = 0,
    ) -> None:
        """A table with a grey, bold header row; numbers right-aligned; the columns as wide
        as their content and the `flexible` one takes the rest of the page. The caption
        stays with the table and a table of up to 20 rows stays on one page (keep with
        next), no row is split across pages."""
        from kkinvest.render.docx_xml import CellStyle, table

        widths = fitted_widths(header, rows, numeric_from, flexible, bold_rows)
        self.paragraph(caption, bold=True, keep_next=True)
        style = CellStyle(TABLE_PT, HEADER_FILL, numeric_from, keep_together=len(rows) < 20)
        self.blocks.append(table(header, rows, widths, style, bold_rows, _cell_runs))


@lru_cache(maxsize=8192)
def _cell_runs(text: str) -> str:
    """A cell's text as run content (XML), with an optional hyphen after a known compound's
    head (Word's `w:softHyphen`: shown only where the line breaks there)."""
    from kkinvest.render.docx_xml import t_xml

    out = []
    for number, line in enumerate(text.split("\n")):
        if number:
            out.append("<w:br/>")
        for index, word in enumerate(line.split(" ")):
            parts = word_parts(word)
            for n, part in enumerate(parts):
                out.append(t_xml(part if index == 0 or n else " " + part))
                if n < len(parts) - 1:
                    out.append("<w:softHyphen/>")
    return "".join(out)


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(name))


def _overview(w: _Writer, ov: Overview, pool: Pool | None) -> None:
    unit = f"Mio. kr. {pool.price_level if pool else ov.budget} p/l."
    labels = pool.committee_labels if pool else {}
    rows = [
        [
            labels.get(r.committee, r.committee),
            count_text(r.investment_count, r.innovation_count),
            millions(r.investment),
            millions(r.savings),
        ]
        for r in ov.committees
    ]
    rows.append(
        [
            "I alt",
            count_text(
                sum(r.investment_count for r in ov.committees),
                sum(r.innovation_count for r in ov.committees),
            ),
            millions(sum((r.investment for r in ov.committees), Decimal(0))),
            millions(sum((r.savings for r in ov.committees), Decimal(0))),
        ]
    )
    w.table(
        "Tabel 1 Investerings- og innovationsforslag fordelt på udvalg",
        [
            unit,
            "Antal (innovations-\nforslag)",
            "Investering i alt",
            "Effektiviseringer ved fuld indfasning, service",
        ],
        rows,
        {len(rows) - 1},
        flexible=0,
    )
    rows2 = [
        [
            r.proposal.committee + pool_markers(pool, "2", r.proposal.id),
            r.proposal.id,
            r.proposal.title,
            mio_or_dot(r.service),
            mio_or_dot(r.capital),
            mio_or_dot(r.savings_service),
            mio_or_dot(r.savings_transfers),
            "." if r.payback is None else str(r.payback),
        ]
        for r in ov.investment
    ]
    rows2.append(
        [
            "I alt",
            "",
            "",
            *(
                mio_or_dot(ov.total(c))
                for c in ("service", "capital", "savings_service", "savings_transfers")
            ),
            ".",
        ]
    )
    w.paragraph("")
    w.table(
        "Tabel 2 Indkomne ansøgninger til investeringspuljen",
        [
            unit,
            "Nr.",
            "Forslag",
            "Investe-\nringer\nservice",
            "Investe-\nringer\nanlæg",
            "Varige effektivi-\nseringer\nservice",
            "Varige effektivi-\nseringer\noverførsler mv.",
            "Tilbage-\nbetalings-\ntid, år",
        ],
        rows2,
        {len(rows2) - 1},
        numeric_from=3,
        flexible=2,
    )
    for marker, text in (pool.tabel_2.footnotes if pool and pool.tabel_2 else {}).items():
        w.paragraph(f"{marker} {text}", italic=True, size=TABLE_PT)
    rows3 = [
        [
            r.proposal.committee + pool_markers(pool, "3", r.proposal.id),
            r.proposal.id,
            r.proposal.title,
            mio_or_dot(r.amount),
        ]
        for r in ov.innovation
    ]
    rows3.append(["I alt", "", "", mio_or_dot(ov.innovation_total)])
    w.paragraph("")
    w.table(
        "Tabel 3 Indkomne ansøgninger til innovationspuljen",
        [unit, "Nr.", "Forslag", "Innovationspulje (service)"],
        rows3,
        {len(rows3) - 1},
        numeric_from=3,
        flexible=2,
    )
    for marker, text in (pool.tabel_3.footnotes if pool and pool.tabel_3 else {}).items():
        w.paragraph(f"{marker} {text}", italic=True, size=TABLE_PT)


def tabel_1_rows(p: Proposal, paybacks: dict[Basis, Payback]) -> tuple[list[list[str]], set[int]]:
    """Tabel 1 in the template's layout: rows of text, and which rows are bold."""
    from kkinvest.calc.totals import proposal_totals

    years = p.years
    totals = proposal_totals(p)
    rows: list[list[str]] = []
    bold: set[int] = set()

    def amounts(values: dict[int, Decimal]) -> list[str]:
        return [danish(values[y]) if y in values else "" for y in years]

    def line_row(line: Any) -> list[str]:
        note = MEMO if line.memo else (NOT_IN_PAYBACK if not line.in_payback else "")
        label = line.label + (f" ({note})" if note else "")
        return [label, AREA_LABELS[line.area], *amounts(line.values)]

    for section, heading, total_name, total in (
        (Section.PERMANENT, PERMANENT_HEADING, "total_permanent", totals.permanent),
        (
            Section.IMPLEMENTATION,
            IMPLEMENTATION_HEADING,
            "total_implementation",
            totals.implementation,
        ),
    ):
        lines = p.lines_in(section)
        if not lines:
            continue
        bold.add(len(rows))
        rows.append([heading, "", *([""] * len(years))])
        rows.extend(line_row(line) for line in lines if not line.memo)
        bold.add(len(rows))
        rows.append(
            [TOTAL_ROWS[total_name], "", *amounts({y: total.get(y, Decimal(0)) for y in years})]
        )
        rows.extend(line_row(line) for line in lines if line.memo)
    bold.add(len(rows))
    rows.append(
        [
            TOTAL_ROWS["total_impact"],
            "",
            *amounts({y: totals.impact.get(y, Decimal(0)) for y in years}),
        ]
    )
    for basis, payback in paybacks.items():
        figure = str(payback.years) if payback.years is not None else NO_PAYBACK
        rows.append([PAYBACK_ROWS[basis], figure, *([""] * len(years))])
    return rows, bold


KIND_HEADINGS = {
    "investering": "Investeringsforslag",
    "innovation": "Innovationsforslag",
    "effektivisering": "Effektiviseringsforslag",
}
POOL_NAMES = {
    "investering": "Investeringspuljen",
    "innovation": "Innovationspuljen",
    "none": "ingen (søger ikke en pulje)",
}


def _weights(key: Any) -> str | None:
    """An inline key as the Bilag prints it: "vægte ØKF 2, SOF 1", "procent ...",
    "ligeligt ØKF, SOF"; None for a composite key (no sensible one-line form)."""
    if key.weights:
        return "vægte " + ", ".join(f"{c} {exact(v)}" for c, v in key.weights.items())
    if key.percent:
        return "procent " + ", ".join(f"{c} {exact(v)}" for c, v in key.percent.items())
    if key.equal:
        return "ligeligt " + ", ".join(key.equal)
    return None


def header_facts(p: Proposal, registry: Registry) -> list[str]:
    """The facts the municipality's template prints in a proposal's header, in its wording,
    one line each; `io/recognise/document.py` reads them back (a Bilag kkinvest wrote is a
    file `--data` reads to the same proposals)."""
    committee = registry.committee(p.committee)
    facts = [
        f"Forslagstype: {KIND_HEADINGS[p.kind.value]}",
        f"Budget {p.budget}" if p.budget is not None else "Budgetår: ikke angivet",
        f"Udvalg: {committee.name if committee else p.committee}",
    ]
    if p.administration_unfilled:
        facts.append("Fremstillende forvaltning: Vælg forvaltning")
    elif p.administration:
        admin = registry.administration(p.administration)
        facts.append(f"Fremstillende forvaltning: {admin.name if admin else p.administration}")
    else:
        facts.append("Fremstillende forvaltning: ikke udfyldt")
    facts.append(f"Pulje: {POOL_NAMES[p.pool.value]}")
    if p.funds_from:
        facts.append(f"Der søges om midler fra: {p.funds_from}")
    if p.price_level is not None:
        facts.append(f"Pris- og lønniveau: {p.price_level} p/l")
    else:
        facts.append("Pris- og lønniveau: ikke angivet")
    if p.affected is not None:
        names = [a.name if (a := registry.administration(code)) else code for code in p.affected]
        facts.append(
            "Berørte forvaltninger: "
            + (" ".join(f"\u2612 {name}" for name in names) or "ingen krydset af")
        )
    if p.row_set:
        facts.append(f"Rækkesæt: {p.row_set}")
    facts.extend(split_facts(p))
    return facts


def split_facts(p: Proposal) -> list[str]:
    """How Tabel A-C split the proposal, in words: the key, where the costs go, fixed amounts
    (as Tabel A prints them), the key the text claims, and each line's own target."""
    split = p.split
    facts = []
    if split is None or (split.key is None and split.fixed is None):
        facts.append("Fordeling: hele ændringen på forslagets udvalg (ingen fordelingsnøgle)")
    elif split.fixed is not None:
        facts.append("Fordeling: faste beløb pr. udvalg, som Tabel A viser dem")
    elif isinstance(split.key, str):
        facts.append(f"Fordelingsnøgle: {split.key}")
    else:
        inline = _weights(split.key)
        facts.append(f"Fordelingsnøgle: {inline or 'sammensat nøgle (kan ikke trykkes her)'}")
    if split is not None and split.costs is not None:
        target = "efter nøglen" if split.costs == "key" else split.costs
        facts.append(f"Omkostninger fordeles: {target}")
    if split is not None and split.claimed_key is not None:
        claimed = _weights(split.claimed_key)
        facts.append(f"Teksten fordeler efter: {claimed or 'en sammensat nøgle'}")
    for line in p.lines:
        if line.split:
            target = "efter nøglen" if line.split == "key" else line.split
            facts.append(f"Linjen \u00bb{line.label}\u00ab fordeles: {target}")
    return facts


def _tentative(w: _Writer, p: Proposal) -> None:
    """An innovation proposal's tentative business case, in the template's table (Tabel 3.
    Kriterier til prioritering)."""
    t = p.tentative
    assert t is not None
    saving = "" if t.potential_saving is None else danish(t.potential_saving)
    if t.potential_saving_to is not None:
        saving += f" - {danish(t.potential_saving_to)}"
    criteria = ("tværgående effektivisering", "storskala", "ny teknologi")
    w.table(
        "Tabel 3. Kriterier til prioritering (tentativ businesscase)",
        [
            "Udgift (1.000 kr.)",
            "Forventet vedtagelse af investeringsforslag",
            "Potentiale for varig effektivisering (1.000 kr.)",
            "Tværgående effektivisering",
            "Storskala",
            "Ny teknologi",
        ],
        [
            [
                "" if t.expected_spend is None else danish(t.expected_spend),
                "" if t.investment_budget is None else f"Budget {t.investment_budget}",
                saving,
                *("X" if c in t.criteria else "" for c in criteria),
            ]
        ],
        numeric_from=6,
        flexible=1,
    )


def _proposal(w: _Writer, item: BilagProposal, registry: Registry, computed_on: str) -> None:
    p = item.proposal
    w.page_break()
    w.heading(f"Forslagets titel: {p.id} {p.title}", 2)
    for fact in header_facts(p, registry):
        w.paragraph(fact, space_after=2)
    rows, bold = tabel_1_rows(p, item.paybacks)
    years = [str(y) for y in p.years]
    w.table(
        TABEL_1,
        [f"1.000 kr. {p.price_level} p/l", "Styringsområde", *years],
        rows,
        bold,
        numeric_from=2,
        flexible=0,
    )
    w.paragraph("Alle besparelser er angivet med negativt (-) fortegn.", italic=True, size=TABLE_PT)
    if p.tentative is not None:
        w.paragraph("")
        _tentative(w, p)
    centers = p.split.profit_centers if p.split else {}
    for table in item.tables.values():
        table_years = list(table.years) or list(p.years)
        trows = [
            [
                registry.row_by_code(code).name,
                centers.get(code, ""),
                *(danish(values.get(y, Decimal(0))) for y in table_years),
            ]
            for code, values in table.rows.items()
        ]
        trows.append(["Total", "", *(danish(table.total.get(y, Decimal(0))) for y in table_years)])
        w.paragraph("")
        w.table(
            table.title,
            ["Udvalg", "Bevilling, profitcenter mv.", *(str(y) for y in table_years)],
            trows,
            {len(trows) - 1},
            numeric_from=2,
            flexible=0,
        )
        w.paragraph(f"{COMPUTED_BY} {computed_on}.", italic=True, size=TABLE_PT)
    if item.findings:
        w.paragraph("Kontrol (kkinvest check)", bold=True)
        for finding in item.findings:
            w.bullet(finding)


def build_bilag(
    ov: Overview,
    pool: Pool | None,
    proposals: Sequence[Proposal],
    part: Callable[[Proposal], BilagProposal],
    registry: Registry,
    computed_on: str = "",
) -> StreamedDocx:
    """The Bilag for one budget year: the overview, then each proposal, whose part `part`
    computes when the document is written (`save`), one proposal at a time, so that time and
    memory grow with the number of proposals and no more."""
    from kkinvest.render.docx_xml import StreamedDocx

    def blocks() -> Iterator[list[Any]]:
        w = _Writer()
        w.heading(f"Investerings- og innovationsforslag, budget {ov.budget}", 1)
        for sentence in opening(ov, pool, proposals):
            w.paragraph(sentence)
        _overview(w, ov, pool)
        yield w.take()
        for proposal in proposals:
            _proposal(w, part(proposal), registry, computed_on)
            yield w.take()

    return StreamedDocx(_package(), blocks())
