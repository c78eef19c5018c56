"""WordprocessingML built as lxml elements and streamed into a .docx, so that writing a Word
document costs time and memory in proportion to its content (issue 25, item 1).

python-docx appends a paragraph by searching the body for its `w:sectPr`, finds the last
section by an XPath for every table, and sets each cell's properties through element helpers
that search the children again: quadratic in the length of the document, and a DOM of a
10.000-proposal Bilag would not fit in memory. Here python-docx makes only the package (styles,
settings, page setup); the body is a stream of blocks (`w:p`, `w:tbl`) built directly as
elements in the schema's order, each serialised into `word/document.xml` as it comes and then
dropped. The elements are those python-docx would write for the same calls (the test
`tests/test_docx_stream.py` compares the document with the one written before).

    p(text, ...) -> a `w:p`          table(header, rows, widths, ...) -> a `w:tbl`
    StreamedDocx(package, blocks).save(path)

lxml and python-docx are imported inside the functions (start-up).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from docx.document import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W_DECLARATION = f' xmlns:w="{W}"'.encode()
_EMU_PER_CM = 360000
_EMU_PER_TWIP = 635

Element = Any  # an lxml element (lxml is imported inside the functions)


def w(name: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute: w("p") -> "{...main}p"."""
    return f"{{{W}}}{name}"


def twips(cm: float) -> int:
    """A length in cm as Word's twentieths of a point, rounded as python-docx's `Cm` does."""
    return round(int(cm * _EMU_PER_CM) / _EMU_PER_TWIP)


def _element(tag: str, **attributes: str) -> Element:
    from lxml import etree

    return etree.Element(w(tag), {w(k): v for k, v in attributes.items()}, nsmap={"w": W})


def _sub(parent: Element, tag: str, **attributes: str) -> Element:
    from lxml import etree

    return etree.SubElement(parent, w(tag), {w(k): v for k, v in attributes.items()})


def add_t(run: Element, text: str) -> None:
    """A `w:t` with `text`, space-preserving where it begins or ends with white space."""
    t = _sub(run, "t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _add_plain_text(run: Element, text: str, whole_numbers: bool = False) -> None:
    """Text as python-docx's `run.text` writes it: a tab as `w:tab`, a line break as `w:br`;
    with `whole_numbers`, a minus before a digit as Word's non-breaking hyphen, so that
    "-1.918" never prints as "-" at a line's end and "1.918" on the next."""
    pattern = r"([\t\r\n]|-(?=\d))" if whole_numbers else r"([\t\r\n])"
    for piece in re.split(pattern, text):
        if piece == "\t":
            _sub(run, "tab")
        elif piece in ("\r", "\n"):
            _sub(run, "br")
        elif piece == "-" and whole_numbers:
            _sub(run, "noBreakHyphen")
        elif piece:
            add_t(run, piece)


def _flag(rpr: Element, tag: str, on: bool | None) -> None:
    if on is None:
        return
    if on:
        _sub(rpr, tag)
    else:
        _sub(rpr, tag, val="0")


def run_properties(run: Element, bold: bool | None, italic: bool | None, size_pt: float) -> None:
    """`w:rPr` in the schema's order (b, i, sz); nothing where nothing is set."""
    if bold is None and italic is None and not size_pt:
        return
    rpr = _sub(run, "rPr")
    _flag(rpr, "b", bold)
    _flag(rpr, "i", italic)
    if size_pt:
        _sub(rpr, "sz", val=str(int(size_pt * 2)))


def paragraph_properties(
    paragraph: Element,
    style: str = "",
    keep_next: bool = False,
    space_after_pt: float | None = None,
    right: bool = False,
) -> None:
    """`w:pPr` in the schema's order (pStyle, keepNext, spacing, jc); none if all default."""
    if not (style or keep_next or space_after_pt is not None or right):
        return
    ppr = _sub(paragraph, "pPr")
    if style:
        _sub(ppr, "pStyle", val=style)
    if keep_next:
        _sub(ppr, "keepNext")
    if space_after_pt is not None:
        _sub(ppr, "spacing", after=str(round(space_after_pt * 20)))
    if right:
        _sub(ppr, "jc", val="right")


def p(
    text: str = "",
    *,
    style: str = "",
    bold: bool | None = None,
    italic: bool | None = None,
    size_pt: float = 0,
    keep_next: bool = False,
    space_after_pt: float | None = None,
    run: bool = True,
    whole_numbers: bool = False,
) -> Element:
    """A paragraph of one run, as python-docx's `add_paragraph` and `add_run` write it."""
    paragraph = _element("p")
    paragraph_properties(paragraph, style, keep_next, space_after_pt)
    if run:
        r = _sub(paragraph, "r")
        run_properties(r, bold, italic, size_pt)
        _add_plain_text(r, text, whole_numbers)
    return paragraph


def page_break() -> Element:
    paragraph = _element("p")
    _sub(_sub(paragraph, "r"), "br", type="page")
    return paragraph


@dataclass(frozen=True)
class CellStyle:
    """How a table's cells print: the size, the header's fill, which columns are figures."""

    size_pt: float
    header_fill: str
    numeric_from: int
    keep_together: bool  # every row keeps with the next (a short table stays on one page)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    style: CellStyle,
    bold_rows: Iterable[int],
    runs: Callable[[str], str],
    table_style: str = "TableGrid",
) -> Element:
    """A fixed-layout table (`widths` in cm) with a shaded, bold header row (repeated on
    each page a long table runs onto) and rows that do not split; figures right-aligned;
    `runs(text)` gives the XML of a cell's run content (escaped). Written as text and parsed
    once: a table is most of a Bilag, and an element call per property costs more than all
    the rest."""
    from lxml import etree

    bold = set(bold_rows)
    cell_widths = [twips(width) for width in widths]
    parts = [
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="{table_style}"/>'
        '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in cell_widths),
        "</w:tblGrid>",
    ]
    size = f'<w:sz w:val="{int(style.size_pt * 2)}"/>'
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{style.header_fill}"/>'
    last = len(rows)
    for index, row in enumerate([header, *rows]):
        repeat = "<w:tblHeader/>" if index == 0 else ""  # on each page the table runs onto
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        keep = "<w:keepNext/>" if index == 0 or (style.keep_together and index < last) else ""
        strong = "<w:b/>" if index == 0 or (index - 1) in bold else '<w:b w:val="0"/>'
        for col, text in enumerate(row):
            right = '<w:jc w:val="right"/>' if col >= style.numeric_from and index > 0 else ""
            ppr = f"<w:pPr>{keep}{right}</w:pPr>" if keep or right else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell_widths[col]}"/>'
                f"{shade if index == 0 else ''}</w:tcPr><w:p>{ppr}"
                f"<w:r><w:rPr>{strong}{size}</w:rPr>{runs(str(text))}</w:r></w:p></w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return etree.fromstring("".join(parts))


def t_xml(text: str) -> str:
    """A `w:t` with `text` as XML text, space-preserving where it begins or ends with white
    space (as python-docx's `add_t`)."""
    if not text:
        return "<w:t/>"
    escaped = escape(text)
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def serialised(block: Element) -> bytes:
    """A body block as UTF-8 XML without the `w` declaration the document's root makes."""
    from lxml import etree

    data: bytes = etree.tostring(block, encoding="UTF-8")
    return data.replace(_W_DECLARATION, b"", 1)


class StreamedDocx:
    """A .docx whose body is written block by block: `package` (a python-docx document with
    an empty body) gives every part but the body's blocks; `blocks` yields them in order,
    a few at a time, and each is serialised and dropped."""

    def __init__(self, package: Document, blocks: Iterable[Sequence[Element]]) -> None:
        self.package = package
        self.blocks = blocks

    def save(self, path: Path | str) -> None:
        import io
        import zipfile

        from lxml import etree

        body = self.package.element.body
        if len(body) != 1 or body[0].tag != w("sectPr"):
            raise ValueError("the package's body must hold only its section properties")
        root: bytes = etree.tostring(self.package.element, encoding="UTF-8", standalone=True)
        head, tail = root.split(b"<w:body>", 1)
        packed = io.BytesIO()
        self.package.save(packed)
        with (
            zipfile.ZipFile(packed) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    target.writestr(info, source.read(info))
                    continue
                with target.open(info, "w") as document:
                    document.write(head + b"<w:body>")
                    for chunk in self.blocks:
                        document.write(b"".join(serialised(block) for block in chunk))
                    document.write(tail)


def bar_chart(
    rows: Sequence[tuple[str, str, float]],
    label_cm: float,
    value_cm: float,
    bar_cm: float,
    style: CellStyle,
    fill: str,
    cells: int = 40,
) -> Element:
    """A bar chart drawn as a table without borders: per row a label, its figure and a bar
    of shaded cells, `fraction` (0-1) of `cells` long. Word and LibreOffice print it as they
    print any table, so it needs no drawing part."""
    from lxml import etree

    cell = twips(bar_cm / cells)
    widths = [twips(label_cm), twips(value_cm), *[cell] * cells]
    size = f'<w:sz w:val="{int(style.size_pt * 2)}"/>'
    nil = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>'
        f'<w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    for label, figure, fraction in rows:
        filled = round(max(0.0, min(1.0, fraction)) * cells)
        parts.append('<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="340"/></w:trPr>')
        for col, text in enumerate((label, figure)):
            right = '<w:jc w:val="right"/>' if col == 1 else ""
            gap = '<w:tcMar><w:right w:w="113" w:type="dxa"/></w:tcMar>' if col == 1 else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{widths[col]}"/>{gap}</w:tcPr><w:p>'
                f'<w:pPr><w:keepNext/><w:spacing w:after="0"/>{right}</w:pPr>'
                f"<w:r><w:rPr>{size}</w:rPr>{t_xml(text)}</w:r></w:p></w:tc>"
            )
        for n in range(cells):
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if n < filled else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell}"/>{shade}</w:tcPr>'
                '<w:p><w:pPr><w:keepNext/><w:spacing w:after="0"/></w:pPr></w:p></w:tc>'
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return etree.fromstring("".join(parts))


FOOTNOTE_STYLES = (
    '<w:style xmlns:w="{w}" w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="{size}"/></w:rPr></w:style>',
    '<w:style xmlns:w="{w}" w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar">'
    '<w:name w:val="Footnote Text Char"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:link w:val="FootnoteText"/><w:uiPriority w:val="99"/>'
    '<w:rPr><w:sz w:val="{size}"/></w:rPr></w:style>',
    '<w:style xmlns:w="{w}" w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)
"""Word's own footnote styles (as Word writes them into a document's styles.xml)."""


def footnotes_xml(texts: Sequence[str]) -> bytes:
    """word/footnotes.xml as Word writes it: the separator (id -1) and continuation separator
    (id 0) Word draws above the notes, then one footnote per text, numbered from 1, each a
    paragraph in the FootnoteText style that opens with its reference mark."""
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"
        for number, kind in ((-1, "separator"), (0, "continuationSeparator"))
    )
    notes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f"<w:r>{t_xml(' ' + text)}</w:r></w:p></w:footnote>"
        for number, text in enumerate(texts, start=1)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:footnotes xmlns:w="{W}">{separators}{notes}</w:footnotes>'
    ).encode()


def add_footnotes(package: Document, texts: Sequence[str], size_pt: float) -> None:
    """The footnotes part (python-docx has no footnote API): the part with its content type
    and the document's relationship to it, Word's footnote styles, and the separators named
    in the settings (`w:footnotePr`, before `w:compat` as the schema orders it). The body
    refers to footnote n with `footnote_reference(paragraph, n)`."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    if not texts:
        return
    part = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        footnotes_xml(texts),
        package.part.package,
    )
    package.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    styles = package.styles.element
    for style in FOOTNOTE_STYLES:
        styles.append(etree.fromstring(style.format(w=W, size=int(size_pt * 2))))
    settings = package.settings.element
    properties = etree.Element(w("footnotePr"))
    for number in (-1, 0):
        etree.SubElement(properties, w("footnote"), {w("id"): str(number)})
    compat = settings.find(w("compat"))
    if compat is not None:
        compat.addprevious(properties)
    else:
        settings.append(properties)


def footnote_reference(paragraph: Element, number: int) -> Element:
    """`paragraph` with the mark of footnote `number` at its end (superscript, Word's
    FootnoteReference style)."""
    run = _sub(paragraph, "r")
    _sub(_sub(run, "rPr"), "rStyle", val="FootnoteReference")
    _sub(run, "footnoteReference", id=str(number))
    return paragraph
