"""Read a Word (.docx) document into paragraphs and grids, in document order.

python-docx opens the package (a dependency for that: it knows the parts and relationships of
the format), but its `Document.paragraphs` and `.tables` skip what the municipality's template
puts in content controls (w:sdt): the "Fremstillende forvaltning" drop-down, the "Berørte
forvaltninger" check boxes, and tables wrapped in a control. So the body's XML is walked here
in document order:

- a check-box control becomes "☒" or "☐" from its w14:checked state (not from the glyph it
  happens to show); ☒/☐ typed as characters stay as they are;
- a drop-down or text control becomes the text it shows, unless it shows its placeholder
  (w:showingPlcHdr: "Vælg forvaltning", "Klik eller tryk her for at skrive tekst."): then
  nobody filled it in, and it is empty;
- a digit in superscript is the superscript character it shows ("673" with a raised "1" is
  "673¹", a figure and its footnote mark; "2025²" a year), never a digit of the figure;
- hidden text (w:vanish) is not read: nobody sees or prints it. Where a cell that reads as a
  figure holds some, the grid records it (`Grid.hidden`) so the recogniser can warn;
- a merged cell (w:gridSpan, w:vMerge) holds its text in its first grid cell only, so each
  grid column is one column of the table;
- a table continued after a page break (the next block is a table with the same number of
  columns, with only empty paragraphs or page breaks between) is joined to the first, and a
  repeated heading row is dropped; a table nested in a cell is a grid of its own, never joined;
- content embedded as a w:altChunk (an HTML, RTF or Word part that Word imports when it opens
  the document) cannot be read here: it becomes an empty Paragraph whose `embedded` names what
  it is, so the recogniser can say so instead of skipping it.

The recogniser (`io/recognise/`) never sees XML; this module never knows what a payback row
is. python-docx is imported only where a .docx is opened (`io/docx_guard.open_docx`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kkinvest.io.docx_guard import open_docx
from kkinvest.io.grid import CHECKED, UNCHECKED, Block, Grid, Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SKIP = {
    *(f"{W}{t}" for t in ("pPr", "rPr", "sdtPr", "del", "moveFrom", "instrText", "delText")),
    *(f"{W}{t}" for t in ("tblPr", "txbxContent")),
    f"{MC}Fallback",  # the same drawing again, for older readers
}
"""Not read as a paragraph's text: properties, deleted text (a tracked deletion is resolved as
accepted), field codes, and text boxes (read as blocks of their own, after the paragraph)."""
_TRACKED = tuple(f"{W}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "cellIns", "cellDel"))
"""Tracked changes: resolved as accepted, and counted so the reader can say so."""


def read_docx(path: Path, shown: str) -> list[Block]:
    """The document's paragraphs and tables, in order. Refuses what is not a .docx."""
    document = open_docx(path, shown)  # bounded, errors in Danish: io/docx_guard.py
    styles = _style_names(document)
    reader = _Walker(shown, styles, document.part)
    reader.walk(document.element.body)
    return _join_continued(reader.blocks)


def _style_names(document: Any) -> dict[str, str]:
    """Style id -> name ("Heading1" -> "Heading 1"), read once."""
    names: dict[str, str] = {}
    for style in document.styles.element.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        name = style.find(f"{W}name")
        if style_id:
            names[style_id] = name.get(f"{W}val") if name is not None else style_id
    return names


class _Walker:
    def __init__(self, shown: str, styles: dict[str, str], part: Any = None) -> None:
        self.shown = shown
        self.styles = styles
        self.part = part  # the document part: its relationships lead to an altChunk's part
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.last_text = ""
        self.hidden: list[tuple[str, str]] = []  # the table being read: its hidden figures

    def walk(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.walk(content)
            elif tag in (f"{W}customXml", f"{W}ins"):
                self.walk(child)
            elif tag == f"{W}altChunk":
                place = f"efter afsnit {self.paragraphs}" if self.paragraphs else "før 1. afsnit"
                self.embedded(child, f"{self.shown}, {place}")

    def embedded(self, chunk: Any, where: str) -> None:
        """An altChunk: a marker in document order (see the module's docstring)."""
        self.blocks.append(
            Paragraph("", "Normal", where, self.paragraphs, embedded=_chunk_kind(self.part, chunk))
        )

    def paragraph(self, element: Any) -> None:
        self.paragraphs += 1
        style_id = None
        props = element.find(f"{W}pPr")
        if props is not None:
            style = props.find(f"{W}pStyle")
            style_id = style.get(f"{W}val") if style is not None else None
        text = text_of(element)
        if any(br.get(f"{W}type") == "page" for br in element.iter(f"{W}br")):
            text = text + "\f"  # a page break: lets a continued table be recognised
        paragraph = Paragraph(
            text=text.strip(" \n\t") if "\f" not in text else text,
            style=self.styles.get(style_id or "", style_id or "Normal"),
            where=f"{self.shown}, afsnit {self.paragraphs}",
            number=self.paragraphs,
            tracked=_tracked(element),
            bold=_all_bold(element),
        )
        if paragraph.text.strip():
            self.last_text = paragraph.text
        self.blocks.append(paragraph)
        for box in _text_boxes(element):  # a text box's paragraphs and tables, after it
            self.walk(box)

    def table(self, element: Any, inside: str = "") -> None:
        self.tables += 1
        rows = [tr for tr in _rows(element) if not _deleted_row(tr)]
        nested = [t for tr in rows for tc in _cells(tr) for t in _own(tc, f"{W}tbl")]
        if nested and sum(len(_cells(tr)) for tr in rows) <= 2:
            for tr in rows:  # a frame around a table: what is inside it is what counts
                for tc in _cells(tr):
                    self.walk(tc)
            return
        cells: dict[tuple[int, int], Any] = {}
        merged_above: dict[int, str] = {}  # column -> the text of a cell merged down
        chunks: list[tuple[Any, str]] = []  # altChunks in cells, and where
        inner: list[tuple[Any, str]] = []  # tables nested in cells, and where
        row_number = 0
        for tr in rows:
            row_number += 1
            col = 1
            props = tr.find(f"{W}trPr")
            if props is not None:
                before = props.find(f"{W}gridBefore")
                if before is not None:
                    col += _count(before.get(f"{W}val"), 0)
            for tc in _cells(tr):
                span, continued = 1, False
                tc_props = tc.find(f"{W}tcPr")
                if tc_props is not None:
                    grid_span = tc_props.find(f"{W}gridSpan")
                    if grid_span is not None:
                        span = _count(grid_span.get(f"{W}val"), 1)
                    v_merge = tc_props.find(f"{W}vMerge")
                    if v_merge is not None and v_merge.get(f"{W}val") != "restart":
                        continued = True
                hidden: list[str] = []
                text = "\n".join(
                    t for t in (text_of(p, hidden).strip() for p in _own(tc, f"{W}p")) if t
                ).strip()
                place = f"tabel {self.tables}, række {row_number}, kolonne {col}"
                if "".join(hidden).strip() and _is_number(text):
                    self.hidden.append((f"{self.shown}, {place}", "".join(hidden).strip()))
                chunks.extend((c, f"{self.shown}, {place}") for c in _own(tc, f"{W}altChunk"))
                inner.extend((t, place) for t in _own(tc, f"{W}tbl"))
                if continued:
                    # a label or an area merged down belongs to each row it spans; an amount
                    # merged down is printed once and counts once
                    above = merged_above.get(col, "")
                    if above and not _is_number(above):
                        cells[(row_number, col)] = above
                else:
                    merged_above[col] = text
                    if text:
                        cells[(row_number, col)] = text
                col += span
        grid = Grid(self.shown, f"tabel {self.tables}", cells, tracked=_tracked(element))
        grid.hidden, self.hidden = self.hidden, []
        grid.inside = inside
        grid.max_row = max(grid.max_row, row_number)
        grid.title = self.last_text  # the caption: the last paragraph with text above it
        self.blocks.append(grid)
        for chunk, where in chunks:
            self.embedded(chunk, where)
        for table, place in inner:  # a table inside a cell: a grid of its own, after its table
            self.table(table, place)


def _is_number(text: str) -> bool:
    from kkinvest.numbers import NotANumber, read_number

    try:
        return read_number(text).amount is not None
    except NotANumber:
        return False


def _own(parent: Any, tag: str) -> list[Any]:
    """`parent`'s children with `tag`, also inside content controls, but not inside a table
    nested in it (its paragraphs are its own)."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                found.extend(_own(content, tag))
        elif child.tag == f"{W}customXml":
            found.extend(_own(child, tag))
    return found


def _deleted_row(tr: Any) -> bool:
    """A row deleted with tracked changes on: resolved as accepted, so not read."""
    props = tr.find(f"{W}trPr")
    return props is not None and props.find(f"{W}del") is not None


def _tracked(element: Any) -> int:
    """How many tracked changes `element` holds (each resolved as accepted)."""
    return sum(1 for _ in element.iter(*_TRACKED))


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes anchored in a paragraph (their content: w:txbxContent), each once: the
    copy for older readers (mc:Fallback) is left out."""
    boxes = []
    for box in paragraph.iter(f"{W}txbxContent"):
        parent = box.getparent()
        while parent is not None and parent is not paragraph and parent.tag != f"{MC}Fallback":
            parent = parent.getparent()
        if parent is paragraph:
            boxes.append(box)
    return boxes


def _rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        if child.tag == f"{W}tr":
            rows.append(child)
        elif child.tag == f"{W}sdt":  # rows inside a content control
            content = child.find(f"{W}sdtContent")
            if content is not None:
                rows.extend(_rows(content))
    return rows


def _cells(row: Any) -> list[Any]:
    cells = []
    for child in row:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                cells.extend(_cells(content))
    return cells


def text_of(element: Any, hidden: list[str] | None = None) -> str:
    """The text a reader sees in `element`: runs, tabs, line breaks, content controls (a check
    box as ☒/☐ by its state; one showing its placeholder is empty). Hidden text (w:vanish)
    is left out, and added to `hidden` if given."""
    parts: list[str] = []
    _collect(element, parts, hidden)
    return "".join(parts)


def _collect(element: Any, parts: list[str], hidden: list[str] | None = None) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == f"{W}r" and _vanished(child):
            if hidden is not None:
                _collect(child, hidden)
            continue
        if tag == f"{W}r" and _superscript(child):
            raised: list[str] = []
            _collect(child, raised, hidden)
            parts.append("".join(raised).translate(SUPERSCRIPT_DIGITS))
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if child.get(f"{W}type") != "page":
                parts.append("\n")
        elif tag == f"{W}sym":
            char = child.get(f"{W}char", "")
            parts.append(_symbol(char))
        elif tag == f"{W}sdt":
            box = _checkbox_state(child)
            if box is not None:
                parts.append(CHECKED if box else UNCHECKED)
                continue
            if _placeholder(child):
                continue  # nobody filled it in: its placeholder text is no value
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _collect(content, parts, hidden)
        elif tag == f"{W}tbl":
            continue  # a table nested in a cell: its own grid is not read
        else:
            _collect(child, parts, hidden)


_OFF = ("0", "false", "off")


def _vanished(run: Any) -> bool:
    """A run formatted as hidden text (w:vanish, not switched off)."""
    props = run.find(f"{W}rPr")
    flag = props.find(f"{W}vanish") if props is not None else None
    return flag is not None and flag.get(f"{W}val", "true") not in _OFF


SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
"""A digit in superscript ("Hævet skrift") is a footnote mark ("673¹", "2025²") or a power
("m²"), never a digit of the figure before it: read as the superscript character it shows,
which `kkinvest.numbers` reads as a mark."""


def _all_bold(paragraph: Any) -> bool:
    """Whether every run with text in the paragraph is bold (w:b on the run, not switched
    off): a heading typed by hand in a template without heading styles."""
    runs = [run for run in paragraph.iter(f"{W}r") if "".join(run.itertext()).strip()]
    for run in runs:
        props = run.find(f"{W}rPr")
        flag = props.find(f"{W}b") if props is not None else None
        if flag is None or flag.get(f"{W}val", "true") in _OFF:
            return False
    return bool(runs)


def _superscript(run: Any) -> bool:
    """A run formatted as superscript (w:vertAlign="superscript", set on the run itself)."""
    props = run.find(f"{W}rPr")
    align = props.find(f"{W}vertAlign") if props is not None else None
    return align is not None and align.get(f"{W}val") == "superscript"


def _placeholder(sdt: Any) -> bool:
    """A content control showing its placeholder text (w:showingPlcHdr): not filled in."""
    props = sdt.find(f"{W}sdtPr")
    flag = props.find(f"{W}showingPlcHdr") if props is not None else None
    return flag is not None and flag.get(f"{W}val", "true") not in _OFF


MAX_SPAN = 64
"""The most columns a cell may span or a row may skip: a Word table is at most 63 columns wide,
so a larger figure in the file is not a table's and must not make every row that long."""


def _count(value: str | None, default: int) -> int:
    """A column count from the file (w:gridSpan, w:gridBefore): a whole number, at most
    MAX_SPAN; anything else is the default."""
    try:
        count = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(count, default), MAX_SPAN)


_CHUNK_KINDS = (
    ("html", "HTML"),
    ("rfc822", "webarkiv (MHT)"),
    ("rtf", "RTF"),
    ("wordprocessingml", "Word-dokument"),
    ("ms-word", "Word-dokument"),
    ("text/plain", "tekst"),
    ("xml", "XML"),
)


def _chunk_kind(part: Any, chunk: Any) -> str:
    """What an altChunk embeds, by its part's content type ("HTML"); "ukendt indhold" where
    the relationship or the type says nothing."""
    relationship = part.rels.get(chunk.get(f"{R}id") or "") if part is not None else None
    if relationship is None or relationship.is_external:
        return "ukendt indhold"
    content_type = relationship.target_part.content_type.casefold()
    return next((name for mark, name in _CHUNK_KINDS if mark in content_type), "ukendt indhold")


def _symbol(char: str) -> str:
    """A w:sym glyph (Wingdings check boxes: F078 ☒, F0A8 ☐)."""
    code = char.upper().removeprefix("F0")
    return {"78": CHECKED, "FD": CHECKED, "FE": CHECKED, "A8": UNCHECKED, "6F": UNCHECKED}.get(
        code, ""
    )


def _checkbox_state(sdt: Any) -> bool | None:
    props = sdt.find(f"{W}sdtPr")
    if props is None:
        return None
    box = props.find(f"{W14}checkbox")
    if box is None:
        return None
    checked = box.find(f"{W14}checked")
    value = checked.get(f"{W14}val", "0") if checked is not None else "0"
    return value in ("1", "true", "on")


def _join_continued(blocks: list[Block]) -> list[Block]:
    """Join a table continued after a page break to the table it continues. A table nested
    in a cell continues nothing: it is kept as a grid of its own."""
    joined: list[Block] = []
    last_grid: Grid | None = None
    between: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Grid) and block.inside:
            joined.append(block)
            continue
        if isinstance(block, Paragraph):
            if block.text.strip(" \f\n\t") or block.embedded:
                last_grid = None
                between = []
                joined.append(block)
            elif last_grid is not None:
                between.append(block)
            else:
                joined.append(block)
            continue
        if last_grid is not None and block.max_col == last_grid.max_col and block.cells:
            _append_rows(last_grid, block)
            continue
        joined.extend(between)
        between = []
        joined.append(block)
        last_grid = block
    joined.extend(between)
    return joined


def _append_rows(first: Grid, more: Grid) -> None:
    """Add `more`'s rows under `first`'s, dropping a repeated heading row."""
    skip = 0  # the heading rows Word repeats on the next page
    while skip < min(first.max_row, more.max_row) and [
        more.get(skip + 1, c) for c in range(1, more.max_col + 1)
    ] == [first.get(skip + 1, c) for c in range(1, first.max_col + 1)]:
        skip += 1
    offset = first.max_row - skip
    for (row, col), value in more.cells.items():
        if row > skip:
            first.cells[(row + offset, col)] = value
    for row in range(skip + 1, more.max_row + 1):
        first.origins[row + offset] = more.origins.get(row, (more.name, row))
    first.max_row = offset + more.max_row
    first.hidden.extend(more.hidden)
