"""How the typed proposals in this folder were made (issue #19's test corpus).

The committed .docx files are the test inputs; this script is the record of how each one was
made, not part of the test run (`python tests/data/typed/make.py` rewrites them; LibreOffice
must be installed for the two it converts). Each proposal is invented; its figures and the
payback they give are worked by hand in `tests/test_typed_documents.py`.

Three means, so the files are not all shaped alike:

- raw WordprocessingML written here as strings and zipped (`raw_docx`), with what Word really
  writes: runs split mid-word by spell-check and revision ids (w:rsidR, w:proofErr), bookmarks,
  w:br inside cells, no-break and thin spaces, tabs, empty paragraphs, shading, gridSpan and
  vMerge, unfilled content controls (w:showingPlcHdr), footnote references in cells, formula
  fields with their shown result, tracked changes (w:ins, w:del);
- python-docx (`docx_document`), the way a macro or a script at a desk would;
- LibreOffice Writer: HTML or flat ODF (.fodt) converted with
  `soffice --headless --convert-to docx` (`libreoffice_docx`).

| file | made with | what it is about |
|---|---|---|
| TY01 | raw XML | Word's noise: runs split mid-word (rsid), w:proofErr, a bookmark, w:br in a label, a tab, an empty second paragraph, shading, gridSpan/vMerge heading |
| TY02 | python-docx | "Mio. kr. 2026 p/l", one decimal |
| TY03 | raw XML | Tabel 1 in two tables, the second captioned "(fortsat) – varige ændringer" |
| TY04 | raw XML | unaccepted tracked changes: w:del/w:ins in figures and totals, a deleted row |
| ny27-04-affald | python-docx | "NY27-04" in "Forslagets titel" |
| TY06 | LibreOffice (HTML) | "÷" and "–" as minus, no-break and thin spaces in thousands |
| TY07 | raw XML | savings typed positive under "Effektiviseringer", costs under "Merudgifter" |
| TY08 | python-docx | Tabel 1 nested in a one-cell frame table |
| TY09 | raw XML | the 2016 layout (Kr. 1000, Bevilling, section rows, Break Even, no id) |
| TY10 | LibreOffice (.fodt) | an older template: "Tabel 1: Økonomisk oversigt", "... i alt" totals |
| TY11 | python-docx | an innovation proposal, Styringsområde left blank |
| TY12 | raw XML | no committee: the drop-down unfilled (w:showingPlcHdr), nothing ticked |
| TY13 | raw XML | "2027*", a label wrapped over two rows, a label merged down (vMerge), a footnote reference in a figure's cell, formula fields |
| TY14 | LibreOffice (HTML) | "t.kr." typed in every cell |
| TY15 | raw XML | a table in whole kroner ("Beløb i kr.") |
| TY16 | python-docx | refused: "ca. 300" |
| TY17 | raw XML | refused: a positive saving under "Effektiviseringer", nothing to settle the sign |
| TY18 | python-docx | a printed total and payback that disagree with the lines (warning) |
| TY19 | LibreOffice (.fodt) | an "I alt" column that disagrees with its row (warning) |
| TY20 | raw XML | Tabel 1 in a text box, written twice (DrawingML and its VML fallback) |
| TY21 | LibreOffice (.fodt) | "Mio. kr." with two decimals; heading cells merged down and across; section rows merged across |
| TY22 | python-docx | the heading over two rows: "B", "BO1", … above the years; unit and area merged down |
| TX01-03 | openpyxl, saved by LibreOffice Calc | analysts' workbooks: formulas with stored values, a margin column, mio. kr. |
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

NBSP = "\u00a0"
THIN = "\u2009"
EN_DASH = "\u2013"

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="w14"'
)

ADMINISTRATIONS = [
    "Økonomiforvaltningen",
    "Kultur- og Fritidsforvaltningen",
    "Børne- og Ungdomsforvaltningen",
    "Sundheds- og Omsorgsforvaltningen",
    "Socialforvaltningen",
    "Teknik- og Miljøforvaltningen",
    "Beskæftigelses- og Integrationsforvaltningen",
]

# --- raw WordprocessingML ------------------------------------------------------------------


def t(text: str) -> str:
    """A w:t, keeping leading and trailing spaces as Word does."""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def run(text: str, rsid: str = "00A1B2C3", bold: bool = False, lang: bool = False) -> str:
    props = ""
    if bold or lang:
        props = (
            "<w:rPr>"
            + ("<w:b/>" if bold else "")
            + ('<w:lang w:val="da-DK"/>' if lang else "")
            + "</w:rPr>"
        )
    return f'<w:r w:rsidR="{rsid}">{props}{t(text)}</w:r>'


def split_runs(text: str, *cuts: int) -> str:
    """`text` in several runs cut mid-word, each with its own revision id, as Word leaves a
    word typed, corrected and typed on in another session."""
    rsids = ["00D41E2F", "007A3C11", "00F0B9A4", "0031C7D8", "00E5A612"]
    bounds = [0, *cuts, len(text)]
    return "".join(
        run(text[a:b], rsids[i % len(rsids)]) for i, (a, b) in enumerate(itertools.pairwise(bounds))
    )


def para(content: str = "", style: str | None = None, rsid: str = "00A1B2C3") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p w:rsidR="{rsid}" w:rsidRDefault="{rsid}">{props}{content}</w:p>'


def p(text: str, style: str | None = None) -> str:
    return para(run(text) if text else "", style)


def cell(
    content: str,
    width: int = 1100,
    span: int = 1,
    vmerge: str | None = None,
    shade: str | None = None,
    raw: bool = False,
) -> str:
    """A w:tc; `content` is text (one paragraph) or, with raw=True, the cell's paragraphs."""
    props = f'<w:tcW w:w="{width * span}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    body = content if raw else para(run(content) if content else "")
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def row(cells: Sequence[str], header: bool = False, props: str = "") -> str:
    trpr = "<w:trPr>" + ("<w:tblHeader/>" if header else "") + props + "</w:trPr>"
    return f'<w:tr w:rsidR="00A1B2C3">{trpr}{"".join(cells)}</w:tr>'


def plain_row(texts: Sequence[str], widths: Sequence[int], shade: str | None = None) -> str:
    return row([cell(text, width, shade=shade) for text, width in zip(texts, widths, strict=True)])


def table(rows: Sequence[str], widths: Sequence[int], borders: bool = True) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    style = '<w:tblStyle w:val="TableGrid"/>' if borders else ""
    return (
        f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def drop_down(shown: str | None) -> str:
    """The template's "Fremstillende forvaltning" drop-down; None leaves it unfilled, showing
    its placeholder."""
    items = "".join(f'<w:listItem w:displayText="{a}" w:value="{a}"/>' for a in ADMINISTRATIONS)
    placeholder = "<w:showingPlcHdr/>" if shown is None else ""
    text = "Vælg forvaltning" if shown is None else shown
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="Forvaltning"/><w:id w:val="-1482236"/>{placeholder}'
        f"<w:dropDownList>{items}</w:dropDownList></w:sdtPr>"
        f"<w:sdtContent>{run(text)}</w:sdtContent></w:sdt>"
    )


def check_boxes(ticked: set[str]) -> str:
    """ "Berørte forvaltninger" as the template has it: check-box content controls beside the
    administrations' names, two to a row."""
    rows = []
    for i in range(0, len(ADMINISTRATIONS), 2):
        cells = []
        for name in ADMINISTRATIONS[i : i + 2]:
            on = name in ticked
            box = (
                '<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="'
                + ("1" if on else "0")
                + '"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
                '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
                "</w:sdtPr><w:sdtContent>" + run("☒" if on else "☐") + "</w:sdtContent></w:sdt>"
            )
            cells.append(cell(para(box), 500, raw=True))
            cells.append(cell(name, 3700))
        while len(cells) < 4:
            cells.append(cell("", 500))
        rows.append(row(cells))
    return table(rows, [500, 3700, 500, 3700], borders=False)


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W_NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>
<w:sz w:val="20"/><w:lang w:val="da-DK"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="heading 2"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Billedtekst"><w:name w:val="caption"/>
<w:basedOn w:val="Normal"/><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Fodnotetekst"><w:name w:val="footnote text"/>
<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Fodnotehenvisning"><w:name w:val="footnote reference"/>
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>
</w:tblBorders></w:tblPr></w:style>
</w:styles>"""


def raw_docx(
    path: Path,
    body: str,
    footnotes: Sequence[str] = (),
    track_revisions: bool = False,
    author: str = "Analytiker",
) -> None:
    """Zip a document as Word writes one: the body, styles, settings with the revision ids,
    footnotes when there are any, and the document properties."""
    sect = (
        '<w:sectPr w:rsidR="00A1B2C3"><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1701" w:right="1134" w:bottom="1701" w:left="1134" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {W_NS}><w:body>{body}{sect}</w:body></w:document>"
    )
    settings = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {W_NS}>'
        + ("<w:trackRevisions/>" if track_revisions else "")
        + '<w:defaultTabStop w:val="1304"/><w:rsids><w:rsidRoot w:val="00A1B2C3"/>'
        + "".join(
            f'<w:rsid w:val="{r}"/>'
            for r in ("00A1B2C3", "00D41E2F", "007A3C11", "00F0B9A4", "0031C7D8", "00E5A612")
        )
        + "</w:rsids></w:settings>"
    )
    rels = [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "settings", "settings.xml"),
    ]
    overrides = [
        ("/word/document.xml", "wordprocessingml.document.main"),
        ("/word/styles.xml", "wordprocessingml.styles"),
        ("/word/settings.xml", "wordprocessingml.settings"),
    ]
    notes = ""
    if footnotes:
        rels.append(("rId3", "footnotes", "footnotes.xml"))
        overrides.append(("/word/footnotes.xml", "wordprocessingml.footnotes"))
        notes = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W_NS}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
            + "".join(
                f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="Fodnotetekst"/></w:pPr>'
                '<w:r><w:rPr><w:rStyle w:val="Fodnotehenvisning"/></w:rPr><w:footnoteRef/></w:r>'
                f"{run(' ' + text)}</w:p></w:footnote>"
                for i, text in enumerate(footnotes, start=1)
            )
            + "</w:footnotes>"
        )
    package = "application/vnd.openxmlformats-officedocument."
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{package}{kind}+xml"/>'
            for name, kind in overrides
        )
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.'
        'openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{package}extended-properties+xml"/>'
        "</Types>"
    )
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{office}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="{i}" Type="{office}/{kind}" Target="{target}"/>'
            for i, kind, target in rels
        )
        + "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-05-12T08:14:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>Microsoft Office Word</Application>'
        "<AppVersion>16.0000</AppVersion></Properties>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        # a fixed date in every entry, so a rewrite gives the same bytes
        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=(2026, 5, 12, 8, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        put("[Content_Types].xml", content_types)
        put("_rels/.rels", root_rels)
        put("word/_rels/document.xml.rels", document_rels)
        put("word/document.xml", document)
        put("word/styles.xml", STYLES)
        put("word/settings.xml", settings)
        if notes:
            put("word/footnotes.xml", notes)
        put("docProps/core.xml", core)
        put("docProps/app.xml", app)


# The municipality's template, typed: the opening facts, then Tabel 1.

YEARS_WIDTH = 1000
LABEL_WIDTH = 3200
AREA_WIDTH = 1300


def raw_opening(
    kind: str,
    budget: str,
    title: str,
    administration: str | None,
    ticked: set[str],
    summary: str,
) -> str:
    """The first page of the template: heading, budget, "Forslagets titel", "Kort resumé",
    "Fremstillende forvaltning" as a drop-down, "Berørte forvaltninger" as check boxes. The
    title is split where spell-check and a later edit split it, inside a bookmark."""
    cut = title.index(" ") + 3
    title_runs = (
        '<w:bookmarkStart w:id="0" w:name="_Hlk104367218"/>'
        + run(title[:cut], "00D41E2F", bold=True)
        + '<w:proofErr w:type="spellStart"/>'
        + run(title[cut:], "007A3C11", bold=True)
        + '<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>'
    )
    return (
        p(kind, "Overskrift1")
        + p(budget, "Overskrift2")
        + para(run("Forslagets titel: ") + title_runs)
        + p("")
        + para(run("Kort resumé: ", bold=True) + split_runs(summary, 9, 30))
        + para(run("Fremstillende forvaltning: ") + drop_down(administration))
        + p("Berørte forvaltninger:")
        + check_boxes(ticked)
        + p("")
    )


def years_header(unit: str, years: Sequence[str], area: str = "Styringsområde") -> str:
    """The template's two heading rows: the unit and the area merged down over both, "Budgetår"
    spread over the years, shaded grey."""
    shade = "D9D9D9"
    first = row(
        [
            cell(unit, LABEL_WIDTH, vmerge="restart", shade=shade),
            cell(area, AREA_WIDTH, vmerge="restart", shade=shade),
            cell("Budgetår", YEARS_WIDTH, span=len(years), shade=shade),
        ],
        header=True,
    )
    second = row(
        [
            cell("", LABEL_WIDTH, vmerge="continue", shade=shade),
            cell("", AREA_WIDTH, vmerge="continue", shade=shade),
            *(cell(year, YEARS_WIDTH, shade=shade) for year in years),
        ],
        header=True,
    )
    return first + second


def widths(years: int) -> list[int]:
    return [LABEL_WIDTH, AREA_WIDTH, *([YEARS_WIDTH] * years)]


def lines_rows(lines: Sequence[Sequence[str]], years: int) -> str:
    return "".join(plain_row(line, widths(years)) for line in lines)


def ty01(path: Path) -> None:
    """TY01: what Word writes around a plainly typed Tabel 1 — split runs, proof marks, a
    bookmark, a line break inside a label cell, a tab before a figure, an empty second paragraph
    in a cell, a two-level shaded heading (gridSpan, vMerge)."""
    years = ["2027", "2028", "2029", "2030"]
    w = widths(4)
    label = para(
        split_runs("Effektivisering af vagt", 10)
        + '<w:proofErr w:type="spellStart"/>'
        + run("planlægning", "00F0B9A4")
        + '<w:proofErr w:type="spellEnd"/>'
    ) + para("")
    broken = para(run("Licens til") + "<w:r><w:br/></w:r>" + run("planlægningssystem"))
    tabbed = para("<w:r><w:tab/></w:r>" + run("2.500"))
    split_value = para(split_runs("-1.200", 3))
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY01 Digital vagtplanlægning i hjemmeplejen",
        "Sundheds- og Omsorgsforvaltningen",
        {"Sundheds- og Omsorgsforvaltningen"},
        "Hjemmeplejen planlægger vagterne digitalt og sparer tid på den daglige planlægning.",
    )
    rows = [
        years_header("1.000 kr. 2027 p/l", years),
        plain_row(["Varige ændringer", "", "", "", "", ""], w),
        row(
            [
                cell(label, w[0], raw=True),
                cell("Service", w[1]),
                cell("-", w[2]),
                cell(split_value, w[3], raw=True),
                cell("-2.400", w[4]),
                cell("-2.400", w[5]),
            ]
        ),
        row(
            [
                cell(broken, w[0], raw=True),
                cell("Service", w[1]),
                cell("", w[2]),
                cell("300", w[3]),
                cell("300", w[4]),
                cell("300", w[5]),
            ]
        ),
        plain_row(["Samlet varig ændring", "Service", "0", "-900", "-2.100", "-2.100"], w),
        plain_row(["Implementeringsomkostninger", "", "", "", "", ""], w),
        row(
            [
                cell("Systemindkøb og opsætning", w[0]),
                cell("Anlæg", w[1]),
                cell(tabbed, w[2], raw=True),
                cell("500", w[3]),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        plain_row(["Uddannelse af planlæggere", "Service", "400", "200", "", ""], w),
        plain_row(["Samlede implementeringsomkostninger", "", "2.900", "700", "", ""], w),
        plain_row(["Samlet økonomisk påvirkning", "", "2.900", "-200", "-2.100", "-2.100"], w),
        payback_row("Tilbagebetalingstid baseret på serviceeffektivisering", "4 år", 4),
        payback_row("Tilbagebetalingstid baseret på totaløkonomi", "4 år", 4),
    ]
    body += (
        para(run("Tabel 1. Forslagets samlede økonomiske konsekvenser", bold=True), "Billedtekst")
        + table(rows, w)
        + p("Noter til alle tabeller:")
        + p("Forslaget skal udarbejdes i 2027 p/l.")
        + p("Alle besparelser er angivet med negativt (-) fortegn.")
        + p("")
        + p("1. Baggrund og formål", "Overskrift2")
        + p(
            "Hjemmeplejen bruger i dag ca. fire årsværk på manuel vagtplanlægning. Et digitalt "
            "planlægningssystem frigør tid fra 2028."
        )
    )
    raw_docx(path, body)


def caption(text: str) -> str:
    return para(run(text, bold=True), "Billedtekst")


def payback_row(label: str, figure: str, years: int) -> str:
    """The template's payback row: the label, the figure in the area's column, the years'
    cells merged into one."""
    return row(
        [
            cell(label, LABEL_WIDTH),
            cell(figure, AREA_WIDTH),
            cell("", YEARS_WIDTH, span=years),
        ]
    )


def template_rows(
    unit: str, years: Sequence[str], lines: Sequence[Sequence[str]], payback: str = ""
) -> list[str]:
    """Tabel 1 as the template lays it out: the two heading rows, the lines and totals as
    typed, and the two payback rows when the document states a payback."""
    rows = [years_header(unit, years), lines_rows(lines, len(years))]
    for basis in ("serviceeffektivisering", "totaløkonomi") if payback else ():
        rows.append(payback_row(f"Tilbagebetalingstid baseret på {basis}", payback, len(years)))
    return rows


NOTES_2027 = (
    p("Noter til alle tabeller:")
    + p("Forslaget skal udarbejdes i 2027 p/l.")
    + p("Alle besparelser er angivet med negativt (-) fortegn.")
)


def ty03(path: Path) -> None:
    """TY03: Tabel 1 cut in two tables, each with its caption and heading: the implementation
    costs first, then "(fortsat) – varige ændringer" with the totals and payback."""
    years = ["2027", "2028", "2029", "2030"]
    w = widths(4)
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY03 Selvbetjening på byggesagsområdet",
        "Teknik- og Miljøforvaltningen",
        {"Teknik- og Miljøforvaltningen"},
        "Ansøgere om byggetilladelse klarer de enkle trin selv; sagsbehandlerne bruger mindre tid.",
    )
    first = [
        years_header("1.000 kr. 2027 p/l", years),
        lines_rows(
            [
                ["Implementeringsomkostninger", "", "", "", "", ""],
                ["Udvikling af selvbetjeningsløsning", "Anlæg", "1.800", "600", "", ""],
                ["Intern projektledelse", "Service", "450", "450", "", ""],
                ["Samlede implementeringsomkostninger", "", "2.250", "1.050", "", ""],
            ],
            4,
        ),
    ]
    second = [
        years_header("1.000 kr. 2027 p/l", years),
        lines_rows(
            [
                ["Varige ændringer", "", "", "", "", ""],
                ["Færre manuelle sagsskridt", "Service", "-300", "-900", "-1.500", "-1.500"],
                ["Hosting og support", "Service", "", "150", "150", "150"],
                ["Samlet varig ændring", "Service", "-300", "-750", "-1.350", "-1.350"],
                ["Samlet økonomisk påvirkning", "", "1.950", "300", "-1.350", "-1.350"],
            ],
            4,
        ),
        payback_row("Tilbagebetalingstid baseret på serviceeffektivisering", "4", 4),
        payback_row("Tilbagebetalingstid baseret på totaløkonomi", "4", 4),
    ]
    body += (
        caption("Tabel 1. Forslagets samlede økonomiske konsekvenser – implementeringsomkostninger")
        + table(first, w)
        + p("")
        + caption(
            "Tabel 1. Forslagets samlede økonomiske konsekvenser (fortsat) – varige ændringer"
        )
        + table(second, w)
        + NOTES_2027
    )
    raw_docx(path, body)


def ins(text: str, when: str = "2026-05-11T14:02:00Z") -> str:
    return f'<w:ins w:id="91" w:author="Mette Holm" w:date="{when}">{run(text, "00E5A612")}</w:ins>'


def dele(text: str, when: str = "2026-05-11T14:02:00Z") -> str:
    return (
        f'<w:del w:id="92" w:author="Mette Holm" w:date="{when}"><w:r w:rsidDel="00E5A612">'
        f"<w:delText>{escape(text)}</w:delText></w:r></w:del>"
    )


def ty04(path: Path) -> None:
    """TY04: a colleague's tracked changes left unaccepted — a saving raised from -1.000 to
    -1.200 in 2028 (and the totals with it), a consultant's row deleted, a 2028 figure
    inserted where the cell was empty."""
    years = ["2027", "2028", "2029", "2030"]
    w = widths(4)

    def changed(old: str, new: str) -> str:
        return cell(para(dele(old) + ins(new)), YEARS_WIDTH, raw=True)

    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY04 Samling af kørselskontorer",
        "Børne- og Ungdomsforvaltningen",
        {"Børne- og Ungdomsforvaltningen"},
        "De tre kørselskontorer for specialbørn samles i ét med et fælles planlægningssystem.",
    )
    deleted_row = (
        '<w:tr w:rsidR="00A1B2C3"><w:trPr><w:del w:id="93" w:author="Mette Holm" '
        'w:date="2026-05-11T14:05:00Z"/></w:trPr>'
        + "".join(
            cell(para(dele(text)) if text else para(""), width, raw=True)
            for text, width in zip(
                ["Ekstern konsulent", "Service", "250", "", "", ""], w, strict=True
            )
        )
        + "</w:tr>"
    )
    rows = [
        years_header("1.000 kr. 2027 p/l", years),
        plain_row(["Varige ændringer", "", "", "", "", ""], w),
        row(
            [
                cell("Færre kørselskontorer", w[0]),
                cell("Service", w[1]),
                cell("-400", w[2]),
                changed("-1.000", "-1.200"),
                cell("-1.200", w[4]),
                cell("-1.200", w[5]),
            ]
        ),
        row(
            [
                cell("Samlet varig ændring", w[0]),
                cell("Service", w[1]),
                cell("-400", w[2]),
                changed("-1.000", "-1.200"),
                cell("-1.200", w[4]),
                cell("-1.200", w[5]),
            ]
        ),
        plain_row(["Implementeringsomkostninger", "", "", "", "", ""], w),
        row(
            [
                cell("Flytning og samling", w[0]),
                cell("Service", w[1]),
                cell("900", w[2]),
                cell(para(ins("300")), w[3], raw=True),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        plain_row(["Nyt kørselssystem", "Anlæg", "600", "", "", ""], w),
        deleted_row,
        row(
            [
                cell("Samlede implementeringsomkostninger", w[0]),
                cell("", w[1]),
                changed("1.750", "1.500"),
                cell("300", w[3]),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        row(
            [
                cell("Samlet økonomisk påvirkning", w[0]),
                cell("", w[1]),
                changed("1.350", "1.100"),
                changed("-1.000", "-900"),
                cell("-1.200", w[4]),
                cell("-1.200", w[5]),
            ]
        ),
        payback_row("Tilbagebetalingstid baseret på serviceeffektivisering", "3", 4),
        payback_row("Tilbagebetalingstid baseret på totaløkonomi", "3", 4),
    ]
    body += caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    body += NOTES_2027
    raw_docx(path, body, track_revisions=True)


def ty07(path: Path) -> None:
    """TY07: savings typed as positive numbers under an "Effektiviseringer" sub-heading (and
    new costs under "Merudgifter"); the printed totals are negative, as the template asks."""
    years = ["2027", "2028", "2029", "2030"]
    w = widths(4)
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "Budget 2027",
        "TY07 Automatisk journalisering af post",
        "Beskæftigelses- og Integrationsforvaltningen",
        {"Beskæftigelses- og Integrationsforvaltningen"},
        "En robot journaliserer og sorterer indgående post i jobcentrene.",
    )
    rows = template_rows(
        "1.000 kr. 2027 p/l",
        years,
        [
            ["Varige ændringer", "", "", "", "", ""],
            ["Effektiviseringer", "", "", "", "", ""],
            ["Journalisering", "Service", "500", "1.500", "1.500", "1.500"],
            ["Postsortering", "Service", "", "300", "300", "300"],
            ["Merudgifter", "", "", "", "", ""],
            ["Drift af robot", "Service", "100", "200", "200", "200"],
            ["Samlet varig ændring", "Service", "-400", "-1.600", "-1.600", "-1.600"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Robotudvikling", "Anlæg", "1.200", "", "", ""],
            ["Test og uddannelse", "Service", "300", "", "", ""],
            ["Samlede implementeringsomkostninger", "", "1.500", "", "", ""],
            ["Samlet økonomisk påvirkning", "", "1.100", "-1.600", "-1.600", "-1.600"],
        ],
        payback="2",
    )
    body += caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    body += p("Noter til alle tabeller:") + p("Forslaget skal udarbejdes i 2027 p/l.")
    raw_docx(path, body)


def ty09(path: Path) -> None:
    """TY09: the 2016 layout — the title in a heading, "1.1 FORSLAGETS SAMLEDE ØKONOMISKE
    KONSEKVENSER", "Kr. 1000 2016 p/l" with a Bevilling column and no Styringsområde, the area
    in the section rows, "Samlet pengestrøm", one "Tilbagebetalingstid (Break Even)" and the
    pool question inside the table. No id anywhere: the file's name is the id."""
    w = [3200, 1100, 1000, 1000, 1000, 1000]
    rows = [
        plain_row(["Kr. 1000 2016 p/l", "Bevilling", "2016", "2017", "2018", "2019"], w, "BFBFBF"),
        lines_rows(
            [
                ["Varige driftsændringer", "", "", "", "", ""],
                ["Færre kørsler til sårvurdering", "3.35", "-200", "-700", "-900", "-900"],
                ["Licens til telemedicin", "3.35", "100", "100", "100", "100"],
                ["Implementeringsomkostninger - anlæg", "", "", "", "", ""],
                ["Udstyr til sårvurdering", "3.35", "900", "", "", ""],
                ["Implementeringsomkostninger - drift", "", "", "", "", ""],
                ["Oplæring af sygeplejersker", "3.35", "300", "150", "", ""],
                ["Samlet pengestrøm", "", "1.100", "-450", "-800", "-800"],
                ["Tilbagebetalingstid (Break Even)", "", "3", "", "", ""],
                ["Søges der om midler fra investeringspuljerne?", "Ja", "", "", "", ""],
            ],
            4,
        ).replace(f'w:w="{YEARS_WIDTH}"', 'w:w="1000"'),
    ]
    body = (
        p("Investeringsforslag", "Overskrift1")
        + p("Telemedicinsk sårvurdering", "Overskrift2")
        + p("Fremstillende forvaltning: Sundheds- og Omsorgsforvaltningen")
        + p(
            "Sygeplejersker i hjemmeplejen sender billeder af sår til sårsygeplejersken i stedet "
            "for at køre med hende."
        )
        + p("1.1 FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER", "Overskrift2")
        + table(rows, w)
        + p("")
        + p("Besparelser angives med negativt fortegn.")
    )
    raw_docx(path, body, author="SUF Økonomi")


def ty12(path: Path) -> None:
    """TY12: the drop-down "Fremstillende forvaltning" left unfilled ("Vælg forvaltning", its
    placeholder) and no administration ticked: a proposal that names no committee."""
    years = ["2027", "2028", "2029"]
    w = widths(3)
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY12 Genbrug af kontormøbler",
        None,
        set(),
        "Kasserede kontormøbler sættes i stand og bruges igen i stedet for at købe nye.",
    )
    rows = template_rows(
        "1.000 kr. 2027 p/l",
        years,
        [
            ["Varige ændringer", "", "", "", ""],
            ["Færre indkøb af møbler", "Service", "-200", "-400", "-400"],
            ["Samlet varig ændring", "Service", "-200", "-400", "-400"],
            ["Implementeringsomkostninger", "", "", "", ""],
            ["Istandsættelse af lager", "Anlæg", "700", "", ""],
            ["Samlede implementeringsomkostninger", "", "700", "", ""],
            ["Samlet økonomisk påvirkning", "", "500", "-400", "-400"],
        ],
        payback="3",
    )
    body += caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    body += NOTES_2027
    raw_docx(path, body)


def field(result: str, instruction: str = ' =SUM(ABOVE) \\# "#.##0" ') -> str:
    """A formula field as Word keeps it: the instruction, then the result it last showed."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footnote_mark(number: int) -> str:
    return (
        '<w:r><w:rPr><w:rStyle w:val="Fodnotehenvisning"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )


def ty13(path: Path) -> None:
    """TY13: a year headed "2027*" (half a year's effect, said under the table), a label
    wrapped over two rows ("Færre vagter ved skolernes" / "indgange"), a label merged down over
    a line's anlæg and service rows (vMerge), a footnote reference in a figure's cell, and the
    implementation totals as formula fields showing their last result."""
    w = widths(4)
    rows = [
        years_header("1.000 kr. 2027 p/l", ["2027*", "2028", "2029", "2030"]),
        lines_rows(
            [
                ["Varige ændringer", "", "", "", "", ""],
                ["Færre vagter ved skolernes", "Service", "-150", "-600", "-600", "-600"],
                ["indgange", "", "", "", "", ""],
                ["Service på adgangssystem", "Service", "", "120", "120", "120"],
                ["Samlet varig ændring", "Service", "-150", "-480", "-480", "-480"],
                ["Implementeringsomkostninger", "", "", "", "", ""],
            ],
            4,
        ),
        row(
            [
                cell("Adgangssystem", w[0], vmerge="restart"),
                cell("Anlæg", w[1]),
                cell(para(run("1.500") + footnote_mark(1)), w[2], raw=True),
                cell("", w[3]),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        row(
            [
                cell("", w[0], vmerge="continue"),
                cell("Service", w[1]),
                cell("250", w[2]),
                cell("100", w[3]),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        row(
            [
                cell("Samlede implementeringsomkostninger", w[0]),
                cell("", w[1]),
                cell(para(field("1.750")), w[2], raw=True),
                cell(
                    para(f'<w:fldSimple w:instr=" =SUM(ABOVE) ">{run("100")}</w:fldSimple>'),
                    w[3],
                    raw=True,
                ),
                cell("", w[4]),
                cell("", w[5]),
            ]
        ),
        plain_row(["Samlet økonomisk påvirkning", "", "1.600", "-380", "-480", "-480"], w),
        payback_row("Tilbagebetalingstid baseret på serviceeffektivisering", "5", 4),
        payback_row("Tilbagebetalingstid baseret på totaløkonomi", "5", 4),
    ]
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY13 Elektronisk adgangskontrol på skoler",
        "Børne- og Ungdomsforvaltningen",
        {"Børne- og Ungdomsforvaltningen"},
        "Skolernes indgange får elektronisk adgangskontrol, så der skal bruges færre vagter.",
    )
    body += (
        caption("Tabel 1. Forslagets samlede økonomiske konsekvenser")
        + table(rows, w)
        + p("*Forventet opstart 1. juli 2027: halvt års effekt.")
        + NOTES_2027
    )
    raw_docx(path, body, footnotes=["Inkl. installation på 12 skoler."])


def ty15(path: Path) -> None:
    """TY15: Tabel 1 in whole kroner ("Beløb i kr., 2027 p/l"), as a school's accountant
    typed it from the supplier's offer."""
    years = ["2027", "2028", "2029", "2030"]
    w = widths(4)
    rows = template_rows(
        "Beløb i kr., 2027 p/l",
        years,
        [
            ["Varige ændringer", "", "", "", "", ""],
            ["Lavere elregning", "Service", "", "-180.000", "-360.000", "-360.000"],
            ["Service på solcelleanlæg", "Service", "", "20.000", "20.000", "20.000"],
            ["Samlet varig ændring", "Service", "", "-160.000", "-340.000", "-340.000"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Solcelleanlæg", "Anlæg", "1.400.000", "", "", ""],
            ["Rådgivning", "Service", "100.000", "", "", ""],
            ["Samlede implementeringsomkostninger", "", "1.500.000", "", "", ""],
            [
                "Samlet økonomisk påvirkning",
                "",
                "1.500.000",
                "-160.000",
                "-340.000",
                "-340.000",
            ],
        ],
        payback="6",
    )
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY15 Solceller på daginstitutioner",
        "Børne- og Ungdomsforvaltningen",
        {"Børne- og Ungdomsforvaltningen"},
        "Tolv daginstitutioner får solceller på taget og køber mindre strøm.",
    )
    body += caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    body += NOTES_2027
    raw_docx(path, body, author="Institutionsøkonom")


def ty17(path: Path) -> None:
    """TY17 (refused): a saving typed positive under "Effektiviseringer" in a table with no
    totals and no payback printed — nothing in the document settles the sign."""
    years = ["2027", "2028", "2029"]
    w = widths(3)
    rows = template_rows(
        "1.000 kr. 2027 p/l",
        years,
        [
            ["Varige ændringer", "", "", "", ""],
            ["Effektiviseringer", "", "", "", ""],
            ["Færre kørte kilometer", "Service", "150", "300", "300"],
            ["Implementeringsomkostninger", "", "", "", ""],
            ["Flådestyringssystem", "Anlæg", "450", "", ""],
        ],
    )
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY17 Flådestyring af kommunens biler",
        "Teknik- og Miljøforvaltningen",
        {"Teknik- og Miljøforvaltningen"},
        "Kommunens biler deles via et flådestyringssystem, så der køres færre kilometer.",
    )
    body += caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    raw_docx(path, body)


# --- python-docx ---------------------------------------------------------------------------


def docx_document(
    kind: str, budget: str, title: str, administration: str | None, summary: str
) -> object:
    """The template's opening typed with python-docx: headings, the title after "Forslagets
    titel:", the administration typed (not a drop-down), "Berørte forvaltninger" as ☒/☐."""
    import docx

    document = docx.Document()
    document.add_heading(kind, 1)
    document.add_heading(budget, 2)
    document.add_paragraph("Forslagets titel: " + title)
    document.add_paragraph("Kort resumé: " + summary)
    if administration is not None:
        document.add_paragraph("Fremstillende forvaltning: " + administration)
        document.add_paragraph("Berørte forvaltninger: ☒ " + administration)
    return document


def docx_table(container: object, rows: Sequence[Sequence[str]]) -> object:
    """A table filled cell by cell, as a macro would; `container` is the document or a cell."""
    grid = container.add_table(rows=len(rows), cols=max(len(r) for r in rows))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            grid.cell(r, c).text = text
    return grid


def ty02(path: Path) -> None:
    """TY02: Tabel 1 in millions ("Mio. kr. 2026 p/l", one decimal), as the energy team sent
    it; 5,9 is 5.900 (1.000 kr.)."""
    document = docx_document(
        "INVESTERINGSFORSLAG",
        "Budget 2026",
        "TY02 Energistyring i kommunens bygninger",
        "Økonomiforvaltningen",
        "Fjernaflæste målere og automatisk styring af varme og ventilation i 40 bygninger.",
    )
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    docx_table(
        document,
        [
            ["Mio. kr. 2026 p/l", "Styringsområde", "2026", "2027", "2028", "2029"],
            ["Varige ændringer", "", "", "", "", ""],
            ["Lavere energiforbrug", "Service", "0,0", "-1,4", "-2,2", "-2,2"],
            ["Drift af målere", "Service", "", "0,2", "0,2", "0,2"],
            ["Samlet varig ændring", "Service", "0,0", "-1,2", "-2,0", "-2,0"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Målere og styringsudstyr", "Anlæg", "5,9", "", "", ""],
            ["Projektledelse", "Service", "0,4", "0,3", "", ""],
            ["Samlede implementeringsomkostninger", "", "6,3", "0,3", "", ""],
            ["Samlet økonomisk påvirkning", "", "6,3", "-0,9", "-2,0", "-2,0"],
            ["Tilbagebetalingstid baseret på serviceeffektivisering", "5", "", "", "", ""],
            ["Tilbagebetalingstid baseret på totaløkonomi", "5", "", "", "", ""],
        ],
    )
    document.add_paragraph("Forslaget skal udarbejdes i 2026 p/l.")  # type: ignore[attr-defined]
    document.save(path)  # type: ignore[attr-defined]


def ty05(path: Path) -> None:
    """TY05: the id the budget office gave, "NY27-04", before the title."""
    document = docx_document(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "NY27-04 Digital affaldsplanlægning",
        "Teknik- og Miljøforvaltningen",
        "Sensorer i de største containere; skraldebilerne kører kun, hvor der er fyldt.",
    )
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    docx_table(
        document,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029"],
            ["Varige ændringer", "", "", "", ""],
            ["Optimerede ruter", "Service", "-250", "-750", "-750"],
            ["Samlet varig ændring", "Service", "-250", "-750", "-750"],
            ["Implementeringsomkostninger", "", "", "", ""],
            ["Sensorer i containere", "Anlæg", "1.100", "", ""],
            ["Ruteplanlægningsværktøj", "Service", "200", "", ""],
            ["Samlede implementeringsomkostninger", "", "1.300", "", ""],
            ["Samlet økonomisk påvirkning", "", "1.050", "-750", "-750"],
            ["Tilbagebetalingstid baseret på serviceeffektivisering", "3", "", "", ""],
            ["Tilbagebetalingstid baseret på totaløkonomi", "3", "", "", ""],
        ],
    )
    document.save(path)  # type: ignore[attr-defined]


def ty08(path: Path) -> None:
    """TY08: Tabel 1 and its caption inside a one-cell frame table (a box the analyst drew
    round it to keep it on one page)."""
    document = docx_document(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY08 Ny bookingløsning til idrætsanlæg",
        "Kultur- og Fritidsforvaltningen",
        "Foreninger booker haller og baner selv; administrationen af booking falder.",
    )
    frame = docx_table(document, [[""]])
    inner = frame.cell(0, 0)  # type: ignore[attr-defined]
    inner.paragraphs[0].text = "Tabel 1. Forslagets samlede økonomiske konsekvenser"
    docx_table(
        inner,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029", "2030"],
            ["Varige ændringer", "", "", "", "", ""],
            ["Mindre administration af booking", "Service", "-150", "-600", "-600", "-600"],
            ["Licens til bookingløsning", "Service", "100", "100", "100", "100"],
            ["Samlet varig ændring", "Service", "-50", "-500", "-500", "-500"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Implementering af bookingsystem", "Service", "800", "200", "", ""],
            ["Samlede implementeringsomkostninger", "", "800", "200", "", ""],
            ["Samlet økonomisk påvirkning", "", "750", "-300", "-500", "-500"],
            ["Tilbagebetalingstid baseret på serviceeffektivisering", "3", "", "", "", ""],
            ["Tilbagebetalingstid baseret på totaløkonomi", "3", "", "", "", ""],
        ],
    )
    inner.add_paragraph("Alle besparelser er angivet med negativt (-) fortegn.")
    document.save(path)  # type: ignore[attr-defined]


def ty11(path: Path) -> None:
    """TY11: an innovation proposal asking the innovation pool, its Styringsområde column left
    blank (the innovation pool is service), no permanent changes yet."""
    document = docx_document(
        "INNOVATIONSFORSLAG",
        "BUDGET 2027",
        "TY11 Afprøvning af sensorer i plejeboliger",
        "Sundheds- og Omsorgsforvaltningen",
        "To plejecentre afprøver sensorer, der varsler fald om natten.",
    )
    document.add_paragraph("Der søges om midler fra: Innovationspuljen")  # type: ignore[attr-defined]
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    docx_table(
        document,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028"],
            ["Varige ændringer", "", "", ""],
            ["Samlet varig ændring", "", "", ""],
            ["Implementeringsomkostninger", "", "", ""],
            ["Indkøb af sensorer", "", "400", ""],
            ["Evaluering", "", "150", "100"],
            ["Samlede implementeringsomkostninger", "", "550", "100"],
            ["Samlet økonomisk påvirkning", "", "550", "100"],
        ],
    )
    document.save(path)  # type: ignore[attr-defined]


def ty16(path: Path) -> None:
    """TY16 (refused): a figure typed as "ca. 300" — a cell no one can read as an amount."""
    document = docx_document(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY16 Fælles tolkeservice",
        "Socialforvaltningen",
        "Forvaltningernes tolkeaftaler samles i én.",
    )
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    docx_table(
        document,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029"],
            ["Varige ændringer", "", "", "", ""],
            ["Billigere tolkning", "Service", "-200", "-500", "-500"],
            ["Samlet varig ændring", "Service", "-200", "-500", "-500"],
            ["Implementeringsomkostninger", "", "", "", ""],
            ["Udbud af tolkeaftale", "Service", "ca. 300", "", ""],
            ["Samlede implementeringsomkostninger", "", "300", "", ""],
            ["Samlet økonomisk påvirkning", "", "100", "-500", "-500"],
        ],
    )
    document.save(path)  # type: ignore[attr-defined]


def ty18(path: Path) -> None:
    """TY18 (read, with a warning): the document disagrees with itself — "Samlet varig
    ændring" prints -1.300 for 2029 where its lines give -1.200, and the stated payback (2)
    is not what the lines give (3)."""
    document = docx_document(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY18 Digital hjemmetræning",
        "Sundheds- og Omsorgsforvaltningen",
        "Borgere træner hjemme med en app; terapeuterne kører færre besøg.",
    )
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    docx_table(
        document,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029", "2030"],
            ["Varige ændringer", "", "", "", "", ""],
            ["Færre hjemmebesøg", "Service", "-300", "-1.000", "-1.400", "-1.400"],
            ["Licens til træningsapp", "Service", "200", "200", "200", "200"],
            ["Samlet varig ændring", "Service", "-100", "-800", "-1.300", "-1.200"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Opsætning af app", "Service", "1.500", "", "", ""],
            ["Samlede implementeringsomkostninger", "", "1.500", "", "", ""],
            ["Samlet økonomisk påvirkning", "", "1.400", "-800", "-1.300", "-1.200"],
            ["Tilbagebetalingstid baseret på serviceeffektivisering", "2", "", "", "", ""],
            ["Tilbagebetalingstid baseret på totaløkonomi", "2", "", "", "", ""],
        ],
    )
    document.save(path)  # type: ignore[attr-defined]


def ty22(path: Path) -> None:
    """TY22 (python-docx): Tabel 1's heading over two rows as the budget office names the
    years — "B", "BO1", "BO2", "BO3" (budget year and the estimate years) above the years
    themselves — with the unit and "Styringsområde" merged down over both rows."""
    document = docx_document(
        "EFFEKTIVISERINGSFORSLAG",
        "Budget 2027",
        "TY22 Automatisk matchning af fakturaer",
        "Økonomiforvaltningen",
        "Fakturaer matches automatisk mod ordrer; færre fakturaer behandles i hånden.",
    )
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")  # type: ignore[attr-defined]
    grid: Any = docx_table(
        document,
        [
            ["1.000 kr. 2027 p/l", "Styringsområde", "B", "BO1", "BO2", "BO3"],
            ["", "", "2027", "2028", "2029", "2030"],
            ["Varige ændringer", "", "", "", "", ""],
            ["Færre fakturaer behandlet i hånden", "Service", "-120", "-480", "-480", "-480"],
            ["Samlet varig ændring", "", "-120", "-480", "-480", "-480"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Licens og opsætning", "Service", "600", "", "", ""],
            ["Konsulentbistand", "Service", "150", "", "", ""],
            ["Samlede implementeringsomkostninger", "", "750", "", "", ""],
            ["Samlet økonomisk påvirkning", "", "630", "-480", "-480", "-480"],
        ],
    )
    for column in (0, 1):  # merged down, as Word's "Flet celler" does: the text stays on top
        grid.cell(0, column).merge(grid.cell(1, column))
    document.save(path)  # type: ignore[attr-defined]


# --- LibreOffice Writer --------------------------------------------------------------------


def libreoffice_docx(path: Path, source: str, suffix: str) -> None:
    """Write `source` (HTML or flat ODF) and let LibreOffice Writer save it as .docx, with a
    private profile so it never touches anyone's settings."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("make.py: LibreOffice (soffice) is needed for " + path.name)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        written = work / (path.stem + suffix)
        written.write_text(source, encoding="utf-8")
        filters = ["--infilter=HTML (StarWriter)"] if suffix == ".html" else []
        subprocess.run(
            [
                soffice,
                "-env:UserInstallation=file:///tmp/lo-typed",
                "--headless",
                *filters,
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(work),
                str(written),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copyfile(work / (path.stem + ".docx"), path)


def html_table(rows: Sequence[Sequence[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="3">']
    for r, cells in enumerate(rows):
        tag = "th" if r == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(title: str, paragraphs: Sequence[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>\n"
        + "\n".join(paragraphs)
        + "\n</body></html>"
    )


def ty06(path: Path) -> None:
    """TY06 (LibreOffice, from HTML): minus written "÷" in the lines and "–" (en dash) in the
    totals; thousands with a no-break space (1 100) and a thin space (1 800), as pasted from
    another program."""
    rows = [
        ["1.000 kr. 2026 p/l", "Styringsområde", "2026", "2027", "2028", "2029"],
        ["Varige ændringer", "", "", "", "", ""],
        ["Lavere priser på hjælpemidler", "Service", "÷200", "÷800", "÷800", "÷800"],
        ["Indkøbskoordinator", "Service", "300", "300", "300", "300"],
        [
            "Samlet varig ændring",
            "Service",
            "100",
            f"{EN_DASH}500",
            f"{EN_DASH}500",
            f"{EN_DASH}500",
        ],
        ["Implementeringsomkostninger", "", "", "", "", ""],
        ["Udbud og kontraktstyring", "Service", "700", "200", "", ""],
        ["Tilpasning af lagersystem", "Anlæg", f"1{NBSP}100", "", "", ""],
        ["Samlede implementeringsomkostninger", "", f"1{THIN}800", "200", "", ""],
        [
            "Samlet økonomisk påvirkning",
            "",
            f"1{THIN}900",
            f"{EN_DASH}300",
            f"{EN_DASH}500",
            f"{EN_DASH}500",
        ],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "6", "", "", "", ""],
    ]
    page = html_page(
        "TY06",
        [
            "<h1>INVESTERINGSFORSLAG</h1>",
            "<h2>Budget 2026</h2>",
            "<p>Forslagets titel: TY06 Fælles indkøb af hjælpemidler</p>",
            "<p>Kort resumé: Socialforvaltningens centre køber hjælpemidler på én aftale.</p>",
            "<p>Fremstillende forvaltning: Socialforvaltningen</p>",
            "<p>Berørte forvaltninger: ☒ Socialforvaltningen</p>",
            "<p><b>Tabel 1. Forslagets samlede økonomiske konsekvenser</b></p>",
            html_table(rows),
            "<p>Besparelser er angivet med ÷.</p>",
        ],
    )
    libreoffice_docx(path, page, ".html")


def ty14(path: Path) -> None:
    """TY14 (LibreOffice, from HTML): every figure typed with its unit, "t.kr.", in a table
    headed 1.000 kr."""
    rows = [
        ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029"],
        ["Varige ændringer", "", "", "", ""],
        ["Kortere rekrutteringsforløb", "Service", "-100 t.kr.", "-350 t.kr.", "-350 t.kr."],
        ["Samlet varig ændring", "Service", "-100 t.kr.", "-350 t.kr.", "-350 t.kr."],
        ["Implementeringsomkostninger", "", "", "", ""],
        ["Rekrutteringssystem", "Service", "600 t.kr.", "", ""],
        ["Samlede implementeringsomkostninger", "", "600 t.kr.", "", ""],
        ["Samlet økonomisk påvirkning", "", "500 t.kr.", "-350 t.kr.", "-350 t.kr."],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "3 år", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "3 år", "", "", ""],
    ]
    page = html_page(
        "TY14",
        [
            "<h1>INVESTERINGSFORSLAG</h1>",
            "<h2>BUDGET 2027</h2>",
            "<p>Forslagets titel: TY14 Digital rekruttering</p>",
            "<p>Kort resumé: Ansøgninger, samtaler og ansættelsesbreve i ét system.</p>",
            "<p>Fremstillende forvaltning: Økonomiforvaltningen</p>",
            "<p>Berørte forvaltninger: ☒ Økonomiforvaltningen</p>",
            "<p>Tabel 1. Forslagets samlede økonomiske konsekvenser</p>",
            html_table(rows),
        ],
    )
    libreoffice_docx(path, page, ".html")


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:style style:name="Fed" style:family="text"><style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Celle" style:family="table-cell"><style:table-cell-properties
 fo:border="0.5pt solid #000000" fo:padding="0.05cm"/></style:style>
</office:automatic-styles>
<office:body><office:text>
"""


def fodt_table(name: str, rows: Sequence[Sequence[str]]) -> str:
    columns = max(len(r) for r in rows)
    out = [f'<table:table table:name="{name}">']
    out.append(f'<table:table-column table:number-columns-repeated="{columns}"/>')
    for cells in rows:
        out.append("<table:table-row>")
        for text in cells:
            out.append(
                '<table:table-cell table:style-name="Celle" office:value-type="string">'
                f"<text:p>{escape(text)}</text:p></table:table-cell>"
            )
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


def ty10(path: Path) -> None:
    """TY10 (LibreOffice, from flat ODF): an older template (budget 2020) whose Tabel 1 is
    captioned and labelled otherwise: "Tabel 1: Økonomisk oversigt", "(1.000 kr., 2020-p/l)",
    "... i alt" totals and "Tilbagebetalingstid (år)"."""
    rows = [
        ["(1.000 kr., 2020-p/l)", "Styringsområde", "2020", "2021", "2022", "2023"],
        ["Varige ændringer", "", "", "", "", ""],
        ["Sammenlægning af support", "Service", "-300", "-600", "-600", "-600"],
        ["Varige ændringer i alt", "", "-300", "-600", "-600", "-600"],
        ["Implementeringsomkostninger", "", "", "", "", ""],
        ["Konsulentbistand", "Service", "500", "", "", ""],
        ["Migrering af sager", "Anlæg", "400", "", "", ""],
        ["Implementeringsomkostninger i alt", "", "900", "", "", ""],
        ["Økonomisk påvirkning i alt", "", "600", "-600", "-600", "-600"],
        ["Tilbagebetalingstid (år)", "2", "", "", "", ""],
    ]
    body = "\n".join(
        [
            '<text:h text:outline-level="1">Investeringsforslag</text:h>',
            '<text:h text:outline-level="2">Budget 2020</text:h>',
            "<text:p>Forslagets titel: TY10 Sammenlægning af it-support</text:p>",
            "<text:p>Fremstillende forvaltning: Kultur- og Fritidsforvaltningen</text:p>",
            "<text:p>Resumé: Bibliotekernes og idrættens it-support lægges sammen.</text:p>",
            '<text:p><text:span text:style-name="Fed">Tabel 1: Økonomisk oversigt</text:span>'
            "</text:p>",
            fodt_table("Tabel1", rows),
            "<text:p>Besparelser angives med minus.</text:p>",
        ]
    )
    libreoffice_docx(
        path, FODT_HEAD + body + "\n</office:text></office:body></office:document>\n", ".fodt"
    )


def fodt_cell(text: str, span: int = 1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    covered = "<table:covered-table-cell/>" * (span - 1)
    return (
        f'<table:table-cell table:style-name="Celle" office:value-type="string"{spanned}>'
        f"<text:p>{escape(text)}</text:p></table:table-cell>{covered}"
    )


def ty19(path: Path) -> None:
    """TY19 (LibreOffice, from flat ODF): a right-hand "I alt" column whose figure for "Færre
    klagesager" (-1.500) is not its row's sum (-1.750), under a heading spanning the years."""
    rows = [
        ["Færre klagesager", "Service", "-250", "-500", "-500", "-500", "-1.500"],
        ["Drift af løsningen", "Service", "100", "100", "100", "100", "400"],
        ["Samlet varig ændring", "Service", "-150", "-400", "-400", "-400", "-1.350"],
        ["Sagsbehandlingssystem", "Anlæg", "800", "200", "", "", "1.000"],
        ["Samlede implementeringsomkostninger", "", "800", "200", "", "", "1.000"],
        ["Samlet økonomisk påvirkning", "", "650", "-200", "-400", "-400", "-350"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "4", "", "", "", "", ""],
        ["Tilbagebetalingstid baseret på totaløkonomi", "4", "", "", "", "", ""],
    ]

    def line(cells: Sequence[str]) -> str:
        return "<table:table-row>" + "".join(fodt_cell(c) for c in cells) + "</table:table-row>"

    def section(text: str) -> str:
        return line([text, "", "", "", "", "", ""])

    table_xml = "\n".join(
        [
            '<table:table table:name="Tabel1">',
            '<table:table-column table:number-columns-repeated="7"/>',
            "<table:table-header-rows>",
            "<table:table-row>"
            + fodt_cell("1.000 kr. 2027 p/l")
            + fodt_cell("Styringsområde")
            + fodt_cell("Budgetår", span=4)
            + fodt_cell("")
            + "</table:table-row>",
            line(["", "", "2027", "2028", "2029", "2030", "I alt"]),
            "</table:table-header-rows>",
            section("Varige ændringer"),
            *(line(r) for r in rows[:3]),
            section("Implementeringsomkostninger"),
            *(line(r) for r in rows[3:]),
            "</table:table>",
        ]
    )
    body = "\n".join(
        [
            '<text:h text:outline-level="1">INVESTERINGSFORSLAG</text:h>',
            '<text:h text:outline-level="2">BUDGET 2027</text:h>',
            "<text:p>Forslagets titel: TY19 Digital behandling af parkeringsklager</text:p>",
            "<text:p>Fremstillende forvaltning: Beskæftigelses- og Integrationsforvaltningen"
            "</text:p>",
            "<text:p>Tabel 1. Forslagets samlede økonomiske konsekvenser</text:p>",
            table_xml,
            "<text:p>Alle besparelser er angivet med negativt (-) fortegn.</text:p>",
        ]
    )
    libreoffice_docx(
        path, FODT_HEAD + body + "\n</office:text></office:body></office:document>\n", ".fodt"
    )


def ty21(path: Path) -> None:
    """TY21 (LibreOffice, from flat ODF): Tabel 1 in mio. kr. with two decimals, its heading
    two rows high — "Mio. kr. 2027 p/l" and "Styringsområde" merged down over both rows
    (table:number-rows-spanned), "Budgetår" merged across the years above them — and each
    section row one cell merged across the whole table."""

    def cell(text: str, across: int = 1, down: int = 1) -> str:
        spans = (f' table:number-columns-spanned="{across}"' if across > 1 else "") + (
            f' table:number-rows-spanned="{down}"' if down > 1 else ""
        )
        return (
            f'<table:table-cell table:style-name="Celle" office:value-type="string"{spans}>'
            f"<text:p>{escape(text)}</text:p></table:table-cell>"
            + "<table:covered-table-cell/>"
            * (across - 1)
        )

    def line(cells: Sequence[str]) -> str:
        return "<table:table-row>" + "".join(cell(c) for c in cells) + "</table:table-row>"

    def section(text: str) -> str:
        return "<table:table-row>" + cell(text, across=6) + "</table:table-row>"

    covered = "<table:covered-table-cell/>"
    table_xml = "\n".join(
        [
            '<table:table table:name="Tabel1">',
            '<table:table-column table:number-columns-repeated="6"/>',
            "<table:table-row>"
            + cell("Mio. kr. 2027 p/l", down=2)
            + cell("Styringsområde", down=2)
            + cell("Budgetår", across=4)
            + "</table:table-row>",
            "<table:table-row>"
            + covered * 2
            + "".join(cell(y) for y in ("2027", "2028", "2029", "2030"))
            + "</table:table-row>",
            section("Varige ændringer"),
            line(["Færre indlæggelser", "Service", "-0,15", "-0,60", "-0,90", "-0,90"]),
            line(["Drift af telemedicin", "Service", "0,10", "0,10", "0,10", "0,10"]),
            line(["Samlet varig ændring", "", "-0,05", "-0,50", "-0,80", "-0,80"]),
            section("Implementeringsomkostninger"),
            line(["Udstyr til hjemmemålinger", "Anlæg", "1,20", "", "", ""]),
            line(["Oplæring af sygeplejersker", "Service", "0,25", "0,05", "", ""]),
            line(["Samlede implementeringsomkostninger", "", "1,45", "0,05", "", ""]),
            line(["Samlet økonomisk påvirkning", "", "1,40", "-0,45", "-0,80", "-0,80"]),
            "</table:table>",
        ]
    )
    body = "\n".join(
        [
            '<text:h text:outline-level="1">INVESTERINGSFORSLAG</text:h>',
            '<text:h text:outline-level="2">BUDGET 2027</text:h>',
            "<text:p>Forslagets titel: TY21 Telemedicin til borgere med KOL</text:p>",
            "<text:p>Fremstillende forvaltning: Sundheds- og Omsorgsforvaltningen</text:p>",
            "<text:p>Der søges om midler fra: Investeringspuljen</text:p>",
            "<text:p>Tabel 1. Forslagets samlede økonomiske konsekvenser</text:p>",
            table_xml,
            "<text:p>Beløbene er i mio. kr.; besparelser er angivet med minus.</text:p>",
        ]
    )
    libreoffice_docx(
        path, FODT_HEAD + body + "\n</office:text></office:body></office:document>\n", ".fodt"
    )


def ty20(path: Path) -> None:
    """TY20: Tabel 1 and its caption inside a text box, as Word writes one: the DrawingML
    shape (mc:Choice) and the same content again as a VML fallback (mc:Fallback), so a
    reader that reads both reads every line twice."""
    years = ["2027", "2028", "2029"]
    w = widths(3)
    rows = template_rows(
        "1.000 kr. 2027 p/l",
        years,
        [
            ["Varige ændringer", "", "", "", ""],
            ["Færre lejede mødelokaler", "Service", "-300", "-600", "-600"],
            ["Samlet varig ændring", "Service", "-300", "-600", "-600"],
            ["Implementeringsomkostninger", "", "", "", ""],
            ["Bookingsystem", "Service", "500", "100", ""],
            ["Samlede implementeringsomkostninger", "", "500", "100", ""],
            ["Samlet økonomisk påvirkning", "", "200", "-500", "-600"],
        ],
        payback="2",
    )
    content = caption("Tabel 1. Forslagets samlede økonomiske konsekvenser") + table(rows, w)
    wps = (
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    shape = (
        f'<w:r><mc:AlternateContent {wps}><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="6120000" cy="2880000"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="1" name="Tekstfelt 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" '
        'y="0"/><a:ext cx="6120000" cy="2880000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f"</a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        '</mc:Choice><mc:Fallback><w:pict><v:shape id="Tekstfelt 1" o:spid="_x0000_s1026" '
        'type="#_x0000_t202" style="width:482pt;height:227pt" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"><v:textbox>'
        f"<w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = raw_opening(
        "INVESTERINGSFORSLAG",
        "BUDGET 2027",
        "TY20 Fælles booking af mødelokaler",
        "Økonomiforvaltningen",
        {"Økonomiforvaltningen"},
        "Forvaltningerne booker hinandens mødelokaler i stedet for at leje eksterne.",
    )
    body += para(shape) + NOTES_2027
    raw_docx(path, body)


# --- workbooks an analyst builds in Excel ---------------------------------------------------


def recalculated(path: Path, book: object) -> None:
    """Save an openpyxl workbook through LibreOffice Calc, which computes every formula and
    stores its value as Excel does when it saves (openpyxl alone stores formulas without one)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("make.py: LibreOffice (soffice) is needed for " + path.name)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book.save(work / path.name)  # type: ignore[attr-defined]
        out = work / "out"
        subprocess.run(
            [
                soffice,
                "-env:UserInstallation=file:///tmp/lo-typed",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(work / path.name),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copyfile(out / path.name, path)


def tx01(path: Path) -> None:
    """TX01: one sheet as an analyst lays it out — the Word template's opening typed into
    column A, Tabel 1 with real numbers (format #.##0), years as numbers, the totals as SUM
    formulas, bold headings and a grey heading row, the title merged across the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Investeringsforslag"
    sheet["A1"] = "INVESTERINGSFORSLAG"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Budget 2027"
    sheet["A3"] = "Forslagets titel: TX01 Digitale parkeringstilladelser"
    sheet["A4"] = "Fremstillende forvaltning:"
    sheet["B4"] = "Teknik- og Miljøforvaltningen"
    rows: list[list[object]] = [
        ["1.000 kr. 2027 p/l", "Styringsområde", 2027, 2028, 2029, 2030],
        ["Varige ændringer"],
        ["Færre manuelle sagsbehandlinger", "Service", -200, -650, -650, -650],
        ["Drift af selvbetjening", "Service", 50, 50, 50, 50],
        ["Samlet varig ændring", None, *(f"=SUM({c}8:{c}9)" for c in "CDEF")],
        ["Implementeringsomkostninger"],
        ["Selvbetjeningsløsning", "Anlæg", 900, 200, None, None],
        ["Kommunikation", "Service", 100, None, None, None],
        ["Samlede implementeringsomkostninger", None, *(f"=SUM({c}12:{c}13)" for c in "CDEF")],
        ["Samlet økonomisk påvirkning", None, *(f"={c}10+{c}14" for c in "CDEF")],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", 3],
        ["Tilbagebetalingstid baseret på totaløkonomi", 3],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            target = sheet.cell(6 + offset, column, value)
            if column > 2 and offset > 0:
                target.number_format = "#,##0;-#,##0"
    for column in range(1, 7):
        sheet.cell(6, column).font = Font(bold=True)
        sheet.cell(6, column).fill = PatternFill("solid", fgColor="D9D9D9")
    sheet.column_dimensions["A"].width = 45
    recalculated(path, book)


def tx02(path: Path) -> None:
    """TX02: an analyst's working sheet — a margin column A left empty, everything from column
    B, the years typed as text, the lines as formulas of their reasoning (=-0,08*12500: 8 % of
    12,5 mio. kr. of purchases), a "Beregninger" sheet of assumptions first."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Beregninger"
    notes["A1"] = "Forudsætninger"
    notes["A2"] = "Årligt indkøb af rengøringsartikler (1.000 kr.)"
    notes["B2"] = 12500
    notes["A3"] = "Forventet prisfald ved fuld indfasning"
    notes["B3"] = 0.08
    sheet = book.create_sheet("Forslag")
    sheet.column_dimensions["A"].width = 3
    sheet["B2"] = "EFFEKTIVISERINGSFORSLAG – BUDGET 2026"
    sheet["B3"] = "Forslagets titel: TX02 Samlet indkøb af rengøringsartikler"
    sheet["B4"] = "Fremstillende forvaltning: Socialforvaltningen"
    rows: list[list[object]] = [
        ["1.000 kr. 2026 p/l", "Styringsområde", "2026", "2027", "2028", "2029"],
        ["Varige ændringer"],
        [
            "Lavere priser",
            "Service",
            "=-0.04*12500",
            "=-0.08*12500",
            "=-0.08*12500",
            "=-0.08*12500",
        ],
        ["Kontraktstyring", "Service", "=0.5*500", "=0.5*500", "=0.5*500", "=0.5*500"],
        ["Samlet varig ændring", None, *(f"=SUM({c}8:{c}9)" for c in "DEFG")],
        ["Implementeringsomkostninger"],
        ["Udbud", "Service", 400],
        ["Samlede implementeringsomkostninger", None, "=D12"],
        ["Samlet økonomisk påvirkning", None, *(f"={c}10+{c}13" for c in "DEFG")],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=2):
            sheet.cell(6 + offset, column, value)
    recalculated(path, book)


def tx03(path: Path) -> None:
    """TX03: Tabel 1 in mio. kr. with one decimal, as numbers (5.9 shown 5,9), on a sheet
    named "Tabel 1" behind a sheet of notes."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Noter"
    notes["A1"] = "Tallene er fra leverandørens tilbud af 3. marts 2026 (ca. 2,5 mio. kr.)."
    sheet = book.create_sheet("Tabel 1")
    sheet["A1"] = "INVESTERINGSFORSLAG"
    sheet["A2"] = "Budget 2027"
    sheet["A3"] = "Forslagets titel: TX03 Ny it-platform til bibliotekerne"
    sheet["A4"] = "Fremstillende forvaltning: Kultur- og Fritidsforvaltningen"
    rows: list[list[object]] = [
        ["Mio. kr. 2027 p/l", "Styringsområde", 2027, 2028, 2029, 2030],
        ["Varige ændringer"],
        ["Lavere licensudgifter", "Service", -0.4, -1.1, -1.1, -1.1],
        ["Drift af platform", "Service", 0.3, 0.3, 0.3, 0.3],
        ["Samlet varig ændring", None, *(f"=SUM({c}8:{c}9)" for c in "CDEF")],
        ["Implementeringsomkostninger"],
        ["Platform og migrering", "Anlæg", 2.5],
        ["Uddannelse", "Service", 0.2, 0.1],
        ["Samlede implementeringsomkostninger", None, *(f"=SUM({c}12:{c}13)" for c in "CDEF")],
        ["Samlet økonomisk påvirkning", None, *(f"={c}10+{c}14" for c in "CDEF")],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            target = sheet.cell(6 + offset, column, value)
            if column > 2 and offset > 0:
                target.number_format = "0.0"
    recalculated(path, book)


WORKBOOKS: dict[str, Callable[[Path], None]] = {"TX01": tx01, "TX02": tx02, "TX03": tx03}


DOCUMENTS: dict[str, Callable[[Path], None]] = {
    "TY01": ty01,
    "TY02": ty02,
    "TY03": ty03,
    "TY04": ty04,
    "ny27-04-affald": ty05,
    "TY06": ty06,
    "TY07": ty07,
    "TY08": ty08,
    "TY09": ty09,
    "TY10": ty10,
    "TY11": ty11,
    "TY12": ty12,
    "TY13": ty13,
    "TY14": ty14,
    "TY15": ty15,
    "TY16": ty16,
    "TY17": ty17,
    "TY18": ty18,
    "TY19": ty19,
    "TY20": ty20,
    "TY21": ty21,
    "TY22": ty22,
}


def main() -> None:
    for name, make in DOCUMENTS.items():
        make(HERE / f"{name}.docx")
        print(f"{name}.docx")
    for name, make in WORKBOOKS.items():
        make(HERE / f"{name}.xlsx")
        print(f"{name}.xlsx")


if __name__ == "__main__":
    main()
