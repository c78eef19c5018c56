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

import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kkinvest.calc.checks import Finding
from kkinvest.calc.payback import Basis, Payback
from kkinvest.calc.pools import Overview, count_text
from kkinvest.calc.tables import KvantumTable
from kkinvest.formats.keys import key_words, weights_words
from kkinvest.formats.labels import (
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
from kkinvest.formats.vocabulary import NOT_FILLED_IN
from kkinvest.model import Key, Pool, Proposal, Section
from kkinvest.registry import Registry
from kkinvest.render.numbers import danish, exact, millions
from kkinvest.render.pools import mio_or_dot, pool_markers

if TYPE_CHECKING:
    from docx.document import Document

    from kkinvest.calc.sensitivity import Sensitivity
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
    equal_from: int | None = None,
) -> tuple[float, ...]:
    """Column widths (cm) from the content: a text column as wide as its longest word (a
    known compound counted by its parts, as it may break there with a hyphen) and its
    heading on at most as many lines as the tallest heading (two at least; a line more, up
    to two more, while the table is wider than the page), a number column as wide as its
    widest number; the `flexible` column takes what is left of the page, so no word is
    ever split inside. From `equal_from` on, the columns (the years) are all as wide as the
    widest of them, where the page has room for that (Tabel 2's five figure columns as wide
    as "overførsler" ran over the right margin)."""
    tallest = max(2, *(str(title).count("\n") + 1 for title in header))
    for lines in range(tallest, tallest + 3):  # a heading takes a line more while too wide
        need = _needs(header, rows, numeric_from, bold_rows, lines)
        if sum(need) <= page_cm:
            break
    if equal_from is not None and equal_from < len(need):
        equal = [*need[:equal_from], *[max(need[equal_from:])] * (len(need) - equal_from)]
        if sum(equal) <= page_cm:
            need = equal
    rest = page_cm - sum(n for c, n in enumerate(need) if c != flexible)
    need[flexible] = max(need[flexible], rest)
    return tuple(round(n, 2) for n in need)


def _needs(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int,
    bold_rows: Collection[int],
    lines: int,
) -> list[float]:
    """Each column's least width (cm): its longest word, its heading on `lines` lines."""
    need = []
    for col, title in enumerate(header):
        widest = _widest(str(title).split())
        if "\n" not in str(title):
            widest = max(widest, text_cm(str(title)) / lines)
        for index, row in enumerate(rows):
            cell = str(row[col])
            words = cell.split("\n") if col >= numeric_from else cell.split()
            factor = 1.0 if index in bold_rows or col >= numeric_from else _REGULAR
            widest = max(widest, factor * _widest(words))
        need.append(widest + _CELL_PADDING_CM)
    return need


@dataclass(frozen=True)
class BilagProposal:
    """One proposal's part of the Bilag, computed beforehand."""

    proposal: Proposal
    paybacks: dict[Basis, Payback]
    tables: dict[str, KvantumTable]
    findings: Sequence[str] = field(default_factory=tuple)  # lines of `check`, if asked for
    checked: Sequence[Finding] = field(default_factory=tuple)  # `check`'s, for the figures
    economics: Sensitivity | None = None  # present value and switching values


@dataclass(frozen=True)
class Title:
    """The lines above the Bilag's heading, as Økonomiforvaltningen writes them (options of
    `export --docx`); each may be left out."""

    annex: str = ""  # "7": printed "Bilag 7"
    committee: str = ""  # "Økonomiudvalget"
    meeting: str = ""  # "14. juni 2022"
    case: str = ""  # "2022-0123456"


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
    "Der foreligger ingen oplysning om, hvad der resterer i puljerne til budget {budget}; "
    "tabellerne er beregnet ud fra forslagene alene."
)
"""Said where no pool overview is loaded; the Word reader then reads no pool back."""


def applications(count: int) -> str:
    """ "de 11 indkomne ansøgninger", "den ene indkomne ansøgning" (number agreement)."""
    if count == 1:
        return "den ene indkomne ansøgning"
    return f"de {count} indkomne ansøgninger"


def opening(ov: Overview, pool: Pool | None, proposals: Sequence[Proposal]) -> list[str]:
    """The sentences that open the Bilag, with the computed figures."""
    count = len(ov.investment) + len(ov.innovation)
    level = pool.price_level if pool else ov.budget
    sentences = [
        f"I dette bilag fremlægges {applications(count)} til investeringspuljerne "
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
        if rest == 1:
            sentences.append(
                "Det øvrige forslag ligger inden for kriterierne for at få midler fra "
                "investeringspuljerne."
            )
        elif rest:
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


def computed_note(computed_on: str) -> str:
    """The one note that says where the figures come from: the footnote of the Bilag's
    first sentence."""
    when = f" den {computed_on}" if computed_on else ""
    return (
        f"Alle tal i bilaget er {COMPUTED_BY.lower()}{when} ud fra forslagenes linjer og "
        "fordelingsnøgler. Hvor et tal trykt i en ansøgning eller i puljeoversigten afviger "
        "fra det beregnede, står begge tal i en afstemning."
    )


def computed_note_for_proposals(count: int, computed_on: str) -> str:
    """The footnote of the single proposal's Tabel 1 (of the first, where there are more)."""
    when = f" den {computed_on}" if computed_on else ""
    whose = "forslagets linjer og fordelingsnøgle"
    if count > 1:
        whose = "forslagenes linjer og fordelingsnøgler"
    return (
        f"Totalerne og tilbagebetalingstiden i Tabel 1 samt Tabel A-C er "
        f"{COMPUTED_BY.lower()}{when} ud fra {whose}. Hvor et tal trykt i ansøgningen afviger "
        "fra det beregnede, står begge tal i en afstemning under Tabel 1."
    )


STYLE_IDS = {"Heading 1": "Heading1", "Heading 2": "Heading2", "List Bullet": "ListBullet"}
"""The style ids of python-docx's default template, which the package comes from."""


def _package(title: str, footer: str, footnotes: Sequence[str] = ()) -> Document:
    """The document without a body: A4 portrait, margins, Arial in every style, Danish as
    the language (Word's spelling), the file's title and author, a footer with "Side x af
    y", and the `footnotes` (numbered from 1; the body refers to them)."""
    from datetime import UTC, datetime

    from docx import Document as new_document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from kkinvest.render.docx_xml import add_footnotes

    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    for side in ("left_margin", "right_margin"):  # TEXT_CM: room for Tabel 1's years
        setattr(section, side, Mm(15))
    _one_typeface_in_danish(doc)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties = doc.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = "kkinvest"
    properties.language = LANGUAGE
    properties.created = properties.modified = now
    properties.revision = 1
    properties.subject = properties.keywords = properties.comments = ""
    _footer(doc, footer)
    add_footnotes(doc, footnotes, 8)
    body = doc.element.body
    for block in list(body)[:-1]:  # a template's paragraphs; its sectPr stays
        body.remove(block)
    return doc


LANGUAGE = "da-DK"


def _one_typeface_in_danish(doc: Document) -> None:
    """Arial and Danish in every style and the document's defaults: the template's theme
    fonts (Calibri, Cambria) are taken out, so nothing falls back to another face."""
    from docx.oxml import OxmlElement

    root = doc.styles.element
    defaults = root.find(_qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
        if rpr is not None:
            if rpr.find(_qn("w:rFonts")) is None:
                rpr.insert(0, OxmlElement("w:rFonts"))
            if rpr.find(_qn("w:lang")) is None:
                rpr.append(OxmlElement("w:lang"))
    for fonts in root.iter(_qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(_qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(_qn(attr), FONT)
    for lang in root.iter(_qn("w:lang")):
        for attr in ("w:val", "w:eastAsia"):
            lang.set(_qn(attr), LANGUAGE)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        doc.styles[name].font.color.rgb = None
    settings = doc.settings.element
    for lang in settings.iter(_qn("w:themeFontLang")):
        lang.set(_qn("w:val"), LANGUAGE)
    for tag, danish_sign in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        for sign in settings.iter(_qn(tag)):  # the template's are English ("." and ",")
            sign.set(_qn("w:val"), danish_sign)


def _footer(doc: Document, text: str) -> None:
    """The footer: `text` and "Side x af y" (Word's PAGE and NUMPAGES fields), right-aligned
    at 8 pt."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def run(content: str) -> None:
        paragraph.add_run(content).font.size = Pt(8)

    def field(instruction: str) -> None:
        for kind in ("begin", None, "separate", "1", "end"):
            r = paragraph.add_run()
            r.font.size = Pt(8)
            if kind is None:
                code = OxmlElement("w:instrText")
                code.set(_qn("xml:space"), "preserve")
                code.text = f" {instruction} "
                r._r.append(code)
            elif kind == "1":
                r._r.add_t("1")
            else:
                mark = OxmlElement("w:fldChar")
                mark.set(_qn("w:fldCharType"), kind)
                r._r.append(mark)

    run(f"{text} – Side " if text else "Side ")
    field("PAGE")
    run(" af ")
    field("NUMPAGES")


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
        footnote: int = 0,
    ) -> None:
        """A paragraph of one run; with `footnote`, that footnote's mark at its end."""
        from kkinvest.render.docx_xml import footnote_reference, p

        paragraph = p(
            text,
            bold=bold,
            italic=italic,
            size_pt=size,
            keep_next=keep_next,
            space_after_pt=space_after,
        )
        self.blocks.append(footnote_reference(paragraph, footnote) if footnote else paragraph)

    def bullet(self, text: str) -> None:
        """A bulleted line whose negative numbers never break after their minus."""
        from kkinvest.render.docx_xml import p

        self.blocks.append(
            p(text, style=STYLE_IDS["List Bullet"], run=bool(text), whole_numbers=True)
        )

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
        footnote: int = 0,
        widths: Sequence[float] = (),
    ) -> None:
        """A table with a grey, bold header row; numbers right-aligned; the columns as wide
        as their content and the `flexible` one takes the rest of the page (or `widths`, to
        align tables printed one under the other). The caption (with the mark of
        `footnote`, if given) stays with the table and a table of up to 20 rows stays on
        one page (keep with next), no row is split across pages."""
        from kkinvest.render.docx_xml import CellStyle, table

        widths = widths or fitted_widths(
            header, rows, numeric_from, flexible, bold_rows, equal_from=numeric_from
        )
        self.paragraph(caption, bold=True, keep_next=True, footnote=footnote)
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
            r.proposal.proposing_committee + pool_markers(pool, "2", r.proposal.id),
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
    if ov.investment:
        _tabel_2(w, rows2, unit)
        for marker, text in (pool.tabel_2.footnotes if pool and pool.tabel_2 else {}).items():
            w.paragraph(f"{marker} {text}", italic=True, size=TABLE_PT)
    _tabel_3(w, ov, pool, unit)


def _tabel_2(w: _Writer, rows2: list[list[str]], unit: str) -> None:
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


def _tabel_3(w: _Writer, ov: Overview, pool: Pool | None, unit: str) -> None:
    """Tabel 3, where there are applications to the innovation pool (none: no table)."""
    if not ov.innovation:
        return
    rows3 = [
        [
            r.proposal.proposing_committee + pool_markers(pool, "3", r.proposal.id),
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

    def sums(values: dict[int, Decimal]) -> list[str]:  # a total's 0 as the documents: "-"
        return [danish(v) if (v := values.get(y, Decimal(0))) else "-" for y in years]

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
        rows.append([TOTAL_ROWS[total_name], "", *sums(total)])
        rows.extend(line_row(line) for line in lines if line.memo)
    bold.add(len(rows))
    rows.append(
        [
            TOTAL_ROWS["total_impact"],
            "",
            *sums(totals.impact),
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


def key_text(name: str, p: Proposal, keys: Mapping[str, Key]) -> str:
    """A named key as the documents write it: its title and date (formats/keys.py); a
    family name as the key it resolves to for the proposal's budget; the name itself for a
    key the catalogue does not know (`check` reports that)."""
    from kkinvest.calc.keys import KeyProblem, find_key

    try:
        return key_words(find_key(name, keys, p.budget))
    except KeyProblem:
        return name


def _target_text(target: str, p: Proposal, keys: Mapping[str, Key], registry: Registry) -> str:
    """Where costs or a line go: "efter nøglen", a Kvantum row (KIT), or another key."""
    if target == "key":
        return "efter nøglen"
    if registry.row(target) is not None:
        return target
    return key_text(target, p, keys)


def lifetime_fact(years: int, source: str | None) -> str:
    """ "Levetid: 23 år – »Den forventede levetid er … (afsnit 2)«": the years and the
    proposal's own sentence; `io/recognise/document.py` reads it back."""
    quoted = f" – \u00bb{source}\u00ab" if source else ""
    return f"Levetid: {years} år{quoted}"


def header_facts(p: Proposal, registry: Registry, keys: Mapping[str, Key]) -> list[str]:
    """The facts the municipality's template prints in a proposal's header, in its wording,
    one line each; `io/recognise/document.py` reads them back (a Bilag kkinvest wrote is a
    file `--data` reads to the same proposals)."""
    committee = registry.committee(p.committee) if p.committee else None
    facts = [f"Forslagstype: {KIND_HEADINGS[p.kind.value]}"] if p.kind else []
    facts.append(f"Budget {p.budget}" if p.budget is not None else "Budgetår: ikke angivet")
    if p.committee:  # none named: no line, and it reads back as none
        facts.append(f"Udvalg: {committee.name if committee else p.committee}")
    if p.administration_unfilled:  # the template's drop-down, never filled in
        facts.append(f"Fremstillende forvaltning: {NOT_FILLED_IN}")
    elif p.administration:
        admin = registry.administration(p.administration)
        facts.append(f"Fremstillende forvaltning: {admin.name if admin else p.administration}")
    else:
        facts.append("Fremstillende forvaltning: ikke udfyldt")
    if p.pool is not None:  # none given: no line, and it reads back as none
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
    if p.lifetime is not None:
        facts.append(lifetime_fact(p.lifetime, p.lifetime_source))
    if p.row_set:
        facts.append(f"Rækkesæt: {p.row_set}")
    facts.extend(split_facts(p, keys, registry))
    return facts


def split_facts(p: Proposal, keys: Mapping[str, Key], registry: Registry) -> list[str]:
    """How Tabel A-C split the proposal, in words: the key, where the costs go, fixed amounts
    (as Tabel A prints them), the key the text claims, and each line's own target."""
    split = p.split
    facts = []
    if split is None or (split.key is None and split.fixed is None):
        facts.append("Fordeling: hele ændringen på forslagets udvalg (ingen fordelingsnøgle)")
    elif split.fixed is not None:
        facts.append("Fordeling: faste beløb pr. udvalg, som Tabel A viser dem")
    elif isinstance(split.key, str):
        facts.append(f"Fordelingsnøgle: {key_text(split.key, p, keys)}")
    elif split.key is not None:
        inline = weights_words(split.key)
        facts.append(f"Fordelingsnøgle: {inline or 'sammensat nøgle (kan ikke trykkes her)'}")
    if split is not None and split.costs is not None:
        facts.append(f"Omkostninger fordeles: {_target_text(split.costs, p, keys, registry)}")
    if split is not None and split.claimed_key is not None:
        claimed = weights_words(split.claimed_key)
        facts.append(f"Teksten fordeler efter: {claimed or 'en sammensat nøgle'}")
    for line in p.lines:
        if line.split:
            target = _target_text(line.split, p, keys, registry)
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


KVANTUM_NOTE = (
    "* I forbindelse med godkendelse i Effektiviseringskredsen er det forvaltningernes eget "
    "ansvar at udfylde de relevante oplysninger til teknisk udmøntning (i Kvantum) af forslaget."
)
"""The footnote of Tabel A/B/C in the municipality's template, word for word."""


def kvantum_cells(values: Sequence[Decimal]) -> list[str]:
    """A row of Tabel A/B/C as the documents print it: blank for a committee the proposal
    does not touch (every year 0), "-" for a year's 0 in a row that it does touch."""
    if all(v == 0 for v in values):
        return [""] * len(values)
    return ["-" if v == 0 else danish(v) for v in values]


def _kvantum_tables(w: _Writer, item: BilagProposal, registry: Registry) -> None:
    """Tabel A/B/C with their unit and price level and the Kvantum footnote; none for a
    proposal without a permanent change (an innovation proposal: three tables of zeros)."""
    p = item.proposal
    tables = list(item.tables.values())
    if not p.lines_in(Section.PERMANENT) and all(
        v == 0 for t in tables for row in t.rows.values() for v in row.values()
    ):
        return
    centers = p.split.profit_centers if p.split else {}
    level = p.price_level if p.price_level is not None else p.budget
    printed = []
    for table in tables:
        table_years = list(table.years) or list(p.years)
        trows = [
            [
                registry.row_by_code(code).name,
                centers.get(code, ""),
                *kvantum_cells([values.get(y, Decimal(0)) for y in table_years]),
            ]
            for code, values in table.rows.items()
        ]
        total = [table.total.get(y, Decimal(0)) for y in table_years]
        trows.append(["Total", "", *("-" if v == 0 else danish(v) for v in total)])
        header = ["Udvalg", "Bevilling, profitcenter mv.", *(str(y) for y in table_years)]
        printed.append((table.title, header, trows))
    rows = [row for _, _, trows in printed for row in trows]
    totals = set(itertools.accumulate(len(trows) for _, _, trows in printed))
    same = len({len(header) for _, header, _ in printed}) == 1
    widths = (  # the tables one under the other, column under column
        fitted_widths(printed[0][1], rows, 2, 0, {n - 1 for n in totals}, equal_from=2)
        if printed and same
        else ()
    )
    for title, header, trows in printed:
        w.paragraph("")
        w.table(
            f"{title} (1.000 kr. {level} p/l)*",
            header,
            trows,
            {len(trows) - 1},
            numeric_from=2,
            flexible=0,
            widths=widths,
        )
    if tables:
        w.paragraph(KVANTUM_NOTE, italic=True, size=TABLE_PT)


def figure_text(value: Decimal | None) -> str:
    """A printed or computed figure of a reconciliation, with the decimals it has."""
    return "–" if value is None else exact(value)


def reconciliation_rows(findings: Iterable[Finding]) -> list[list[str]]:
    """Every figure a finding of `check` compares: where, year, printed, computed; only
    where the two differ."""
    rows = []
    for finding in findings:
        for value in finding.values:
            if value.stated == value.computed:
                continue
            where = finding.where + (f", {value.row}" if value.row else "")
            year = "" if value.year is None else str(value.year)
            rows.append([where, year, figure_text(value.stated), figure_text(value.computed)])
    return rows


def _reconciliation(w: _Writer, caption: str, printed: str, findings: Iterable[Finding]) -> None:
    rows = reconciliation_rows(findings)
    if not rows:
        return
    w.paragraph("")
    w.table(caption, ["Tal", "År", printed, "Beregnet"], rows, numeric_from=2, flexible=0)


def fact_rows(item: BilagProposal) -> list[list[str]]:
    """The fact box: investment, the permanent change at full phase-in, payback, present
    value and the switching values, each computed (calc/totals, payback, npv, sensitivity)."""
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render.economics import rates_used, switch_text

    p = item.proposal
    totals = proposal_totals(p)
    invested = sum(totals.implementation.values(), Decimal(0))
    rows = [["Investering i alt (implementeringsomkostninger)", danish(invested)]]
    if totals.permanent:
        last = max(totals.permanent)
        rows.append([f"Varig ændring ved fuld indfasning ({last})", danish(totals.permanent[last])])
    else:
        rows.append(["Varig ændring ved fuld indfasning", "ingen varig ændring"])
    for basis, payback in item.paybacks.items():
        years = NO_PAYBACK if payback.years is None else f"{payback.years} år"
        rows.append([PAYBACK_ROWS[basis], years])
    s = item.economics
    if s is not None:
        rows.append(
            [
                f"Nutidsværdi over {s.years} år ({rates_used(s.schedule, s.years)})",
                danish(s.base.value),
            ]
        )
        turns, reaches = "før nutidsværdien bliver negativ", "før nutidsværdien bliver 0"
        for switch in s.switching.each():
            rows.append(["Skifteværdi", switch_text(switch, turns, reaches)])
    return rows


def _tabel_1_part(w: _Writer, item: BilagProposal, footnote: int = 0) -> None:
    """Tabel 1 (its caption with the mark of `footnote`, if given) with its note, the
    reconciliation of the figures the proposal printed, and an innovation proposal's
    tentative business case."""
    p = item.proposal
    rows, bold = tabel_1_rows(p, item.paybacks)
    w.table(
        TABEL_1,
        [f"1.000 kr. {p.price_level} p/l", "Styringsområde", *(str(y) for y in p.years)],
        rows,
        bold,
        numeric_from=2,
        flexible=0,
        footnote=footnote,
    )
    w.paragraph("Alle besparelser er angivet med negativt (-) fortegn.", italic=True, size=TABLE_PT)
    _reconciliation(
        w, RECONCILIATION_CAPTION, "Trykt i ansøgningen", (f for f in item.checked if f.values)
    )
    if p.tentative is not None:
        w.paragraph("")
        _tentative(w, p)


def _proposal(w: _Writer, item: BilagProposal, registry: Registry, keys: Mapping[str, Key]) -> None:
    p = item.proposal
    w.page_break()
    w.heading(f"Forslagets titel: {p.id} {p.title}", 2)
    if p.summary:
        w.paragraph(f"Kort resumé: {p.summary}")
    for fact in header_facts(p, registry, keys):
        w.paragraph(fact, space_after=2)
    w.paragraph("")
    w.table(
        "Nøgletal for forslaget",
        ["Nøgletal", f"1.000 kr. {p.price_level} p/l"],
        fact_rows(item),
        numeric_from=2,
        flexible=1,
    )
    w.paragraph("")
    _tabel_1_part(w, item)
    _kvantum_tables(w, item, registry)
    if item.findings:
        w.paragraph("Kontrol af forslagets tal", bold=True, keep_next=True)
        for finding in item.findings:
            w.bullet(finding)
    _text_sections(w, p)


RISK_HEADING = "Risikovurdering"
"""The template's section heading (numbered 10 there); `io/risk_section.py` reads the section
from it to the next proposal."""


def _text_sections(w: _Writer, p: Proposal) -> None:
    """The proposal's own text beyond the Kort resumé, as the catalogue keeps it: the
    Risikovurdering, paragraph by paragraph. Last in the proposal's part: the reader takes
    the section to the next proposal's title."""
    if not p.risk_assessment:
        return
    w.paragraph("")
    w.paragraph(RISK_HEADING, bold=True, size=12, keep_next=True)
    for paragraph in p.risk_assessment.split("\n\n"):
        w.paragraph(paragraph)


RECONCILIATION_CAPTION = "Afstemning: tal trykt i ansøgningen, som afviger fra de beregnede"
POOL_RECONCILIATION_CAPTION = (
    "Afstemning: tal trykt i puljeoversigten, som afviger fra de beregnede"
)


CHART_FILL = "4F81BD"
BAR_CM = 9.0


def ranked(ov: Overview) -> list[list[str]]:
    """The applications in the order a budget analyst reads them: investment proposals by
    payback (shortest first; none last), equal paybacks by the larger permanent saving per
    krone invested; then the innovation proposals (no payback), largest amount first."""

    def invested(row: Any) -> Decimal:
        return Decimal(row.service + row.capital)

    def order(row: Any) -> tuple[int, Decimal, str]:
        saving = Decimal(row.savings_service + row.savings_transfers)
        ratio = saving / invested(row) if invested(row) else Decimal(0)
        return (row.payback if row.payback is not None else 10**6, -ratio, row.proposal.id)

    rows = []
    for number, row in enumerate(sorted(ov.investment, key=order), start=1):
        years = "ingen" if row.payback is None else str(row.payback)
        saving = row.savings_service + row.savings_transfers
        rows.append(
            [
                str(number),
                f"{row.proposal.id} {row.proposal.title}",
                row.proposal.proposing_committee,
                millions(invested(row)),
                millions(saving),
                years,
            ]
        )
    first = len(rows) + 1
    innovation = sorted(ov.innovation, key=lambda r: (-r.amount, r.proposal.id))
    for number, irow in enumerate(innovation, start=first):
        rows.append(
            [
                str(number),
                f"{irow.proposal.id} {irow.proposal.title} (innovation)",
                irow.proposal.proposing_committee,
                millions(irow.amount),
                "",
                "",
            ]
        )
    return rows


def _summary(w: _Writer, ov: Overview, pool: Pool | None) -> None:
    """One page before the overview: what is asked against what the pools hold (a chart
    drawn as a table), and the applications ranked."""
    from kkinvest.render.docx_xml import CellStyle, bar_chart

    w.heading("Sammenfatning", 2)
    level = pool.price_level if pool else ov.budget
    bars = [("Ansøgt i alt", ov.asked)]
    if ov.remaining is not None and ov.left_after is not None:
        bars = [
            ("Tilbage i puljerne før ansøgningerne", ov.remaining),
            *bars,
            ("Tilbage efter ansøgningerne", ov.left_after),
        ]
    widest = max((abs(v) for _, v in bars), default=Decimal(0)) or Decimal(1)
    w.paragraph(f"Puljerne og ansøgningerne (mio. kr. {level} p/l)", bold=True, keep_next=True)
    style = CellStyle(TABLE_PT, HEADER_FILL, 1, keep_together=True)
    rows = [
        (label, millions(value), float(max(value, Decimal(0)) / widest)) for label, value in bars
    ]
    w.blocks.append(bar_chart(rows, 6.0, 2.0, BAR_CM, style, CHART_FILL))
    if ov.left_after is not None and ov.left_after < 0:
        w.paragraph(
            f"Der er ansøgt om {millions(-ov.left_after)} mio. kr. mere, end der er i puljerne.",
            italic=True,
            size=TABLE_PT,
        )
    w.paragraph("")
    w.table(
        "Ansøgningerne rangeret efter tilbagebetalingstid",
        [
            "Nr.",
            "Forslag",
            "Udvalg",
            f"Investering, mio. kr. {level} p/l",
            "Varig effektivisering, mio. kr.",
            "Tilbage-\nbetalingstid, år",
        ],
        ranked(ov),
        numeric_from=3,
        flexible=1,
    )
    w.paragraph(
        "Rækkefølge: investeringsforslagene efter tilbagebetalingstid (kortest først; ved lige "
        "tid den største varige effektivisering pr. investeret krone), derefter "
        "innovationsforslagene efter beløb.",
        italic=True,
        size=TABLE_PT,
    )
    w.page_break()


def title_lines(title: Title) -> list[str]:
    """The lines under "Bilag N": the committee and its meeting, the case number."""
    lines = []
    if title.committee or title.meeting:
        meeting = f"mødet den {title.meeting}" if title.meeting else ""
        lines.append(", ".join(x for x in (title.committee, meeting) if x))
    if title.case:
        lines.append(f"Sagsnr. {title.case}")
    return lines


def build_bilag(
    ov: Overview,
    pool: Pool | None,
    proposals: Sequence[Proposal],
    part: Callable[[Proposal], BilagProposal],
    registry: Registry,
    computed_on: str = "",
    title: Title | None = None,
    keys: Mapping[str, Key] | None = None,
) -> StreamedDocx:
    """The Bilag for one budget year: the title lines, the overview and its reconciliation
    with the printed overview, then each proposal, whose part `part` computes when the
    document is written (`save`), one proposal at a time, so that time and memory grow with
    the number of proposals and no more. `keys` (the catalogue's) name each key by its title
    and date."""
    from kkinvest.calc.checks.pools import check_overview
    from kkinvest.render.docx_xml import StreamedDocx

    title = title or Title()
    heading = f"Investerings- og innovationsforslag, budget {ov.budget}"
    annex = f"Bilag {title.annex}" if title.annex else ""

    def blocks() -> Iterator[list[Any]]:
        w = _Writer()
        if annex:
            w.paragraph(annex, bold=True, size=12)
        for line in title_lines(title):
            w.paragraph(line, space_after=2)
        w.heading(heading, 1)
        _summary(w, ov, pool)
        for number, sentence in enumerate(opening(ov, pool, proposals)):
            w.paragraph(sentence, footnote=1 if number == 0 else 0)  # computed_note
        _overview(w, ov, pool)
        if pool is not None:
            _reconciliation(
                w, POOL_RECONCILIATION_CAPTION, "Trykt i oversigten", check_overview(ov, pool)
            )
        yield w.take()
        for proposal in proposals:
            _proposal(w, part(proposal), registry, keys or {})
            yield w.take()

    footer = ", ".join(x for x in (annex, f"budget {ov.budget}") if x)
    package = _package(heading, footer[0].upper() + footer[1:], [computed_note(computed_on)])
    return StreamedDocx(package, blocks())


FOLLOW_UP_HEADER = [
    "Opfølgningsmål",
    "Hvordan måles opfølgningsmålet?",
    "Hvem er ansvarlig for opfølgning?",
    "Hvornår gennemføres opfølgningen?",
]
FOLLOW_UP_ROWS = [
    "Milepæle for implementering og anvendelse af investeringsmidler",
    "Realisering af effektiviseringer",
]
"""The template's section 9 (Opfølgning): its two kinds of goal, to be filled in."""


def _template_proposal(
    w: _Writer, item: BilagProposal, registry: Registry, keys: Mapping[str, Key], first: bool
) -> None:
    """One proposal in the municipality's template layout: the kind and budget over the
    title, Kort resumé, the header facts, Tabel 1 (the first proposal's caption with the
    footnote that kkinvest computed the figures), Tabel A/B/C and Opfølgning."""
    p = item.proposal
    if not first:
        w.page_break()
    w.paragraph(KIND_HEADINGS[p.known_kind.value].upper(), bold=True)
    w.heading(f"Forslagets titel: {p.id} {p.title}", 2)
    if p.summary:
        w.paragraph(f"Kort resumé: {p.summary}")
    for fact in header_facts(p, registry, keys):
        w.paragraph(fact, space_after=2)
    _tabel_1_part(w, item, footnote=1 if first else 0)
    w.paragraph("")
    w.paragraph("Opfølgning", bold=True, size=12, keep_next=True)
    w.table(
        "Tabel 2. Opfølgningsmål",
        FOLLOW_UP_HEADER,
        [[goal, "", "", ""] for goal in FOLLOW_UP_ROWS],
        numeric_from=4,
        flexible=0,
    )
    _kvantum_tables(w, item, registry)
    _text_sections(w, p)


def build_proposals(
    proposals: Sequence[Proposal],
    part: Callable[[Proposal], BilagProposal],
    registry: Registry,
    keys: Mapping[str, Key] | None = None,
    computed_on: str = "",
) -> StreamedDocx:
    """The named proposals, each in the municipality's template layout (what an
    administration sends), one after the other; `kkinvest import` reads them back."""
    from kkinvest.render.docx_xml import StreamedDocx

    title = ", ".join(f"{p.id} {p.title}" for p in proposals)

    def blocks() -> Iterator[list[Any]]:
        w = _Writer()
        for number, proposal in enumerate(proposals):
            _template_proposal(w, part(proposal), registry, keys or {}, number == 0)
            yield w.take()

    footer = proposals[0].id if len(proposals) == 1 else f"{len(proposals)} forslag"
    note = computed_note_for_proposals(len(proposals), computed_on)
    return StreamedDocx(_package(title[:250], footer, [note]), blocks())
