"""What a Word document holds that kkinvest cannot read as text and tables (issue 20, "smaller"):
content embedded as a w:altChunk (an imported HTML, RTF or Word part: Word turns it into text
when it opens the document), and a table nested in a table's cell. Every document is built in
the test with python-docx, as a person's tool would make it: the proposal of
test_docx_layouts.modern, with a part added.

The decision (the issue is silent): content kkinvest does not read is never skipped in silence.
Where the proposal has no Tabel 1 of its own, the altChunk may well hold it: a refusal (exit 2)
naming the file and the place, and saying what to do (open and save the document in Word). Where
Tabel 1 is read, the altChunk may hold other tables or text of the proposal: a warning with the
same advice, and the proposal loads.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from test_docx_layouts import modern

from kkinvest.cli import app
from kkinvest.io.docx_in import read_docx
from kkinvest.io.grid import Grid

CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HTML = (
    "<html><body><p>Tabel 1. Forslagets samlede økonomiske konsekvenser</p>"
    "<table><tr><td>1.000 kr.</td><td>2027</td></tr><tr><td>Drift</td><td>-500</td></tr>"
    "</table></body></html>"
).encode()
ADVICE = "åbn dokumentet i Word og gem det igen, så det indlejrede indhold bliver en del af"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def embed(document: Any, parent: Any, blob: bytes, content_type: str, name: str) -> None:
    """Add `blob` as a part of `document` and a w:altChunk pointing at it at the end of
    `parent` (the body: before its section properties)."""
    part = Part(PackURI(name), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, CHUNK)
    chunk = parse_xml(f'<w:altChunk {NS} r:id="{rid}"/>')
    if parent.tag == f"{{{W}}}body":
        parent.insert(len(parent) - 1, chunk)
    else:
        parent.append(chunk)


def proposal_with_chunk(
    tmp_path: Path,
    tabel_1: bool = True,
    blob: bytes = HTML,
    content_type: str = "text/html",
    name: str = "/word/afchunk1.html",
) -> Path:
    """NY01 with an altChunk after its Tabel 1; without Tabel 1 (the tables after the check
    boxes taken out) where `tabel_1` is false, as if Tabel 1 were the embedded part."""
    path = modern(tmp_path / "NY01.docx")
    document = docx.Document(str(path))
    body = document.element.body
    if not tabel_1:
        for table in list(body.iterchildren(f"{{{W}}}tbl"))[1:]:
            body.remove(table)
    embed(document, body, blob, content_type, name)
    document.save(str(path))
    return path


def test_tabel_1_embedded_as_altchunk_is_refused_naming_the_place(runner, tmp_path) -> None:
    """Before: 'ingen Tabel 1 fundet …: skriv linjerne i TOML-filen', with no word of the
    embedded part where Tabel 1 is."""
    path = proposal_with_chunk(tmp_path, tabel_1=False)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "NY01.docx, efter afsnit 9: NY01: ingen Tabel 1 fundet" in lines[0]
    assert "indlejret som altChunk (HTML)" in lines[0] and ADVICE in lines[0]


def test_import_lists_the_altchunk_under_what_is_missing(runner, tmp_path) -> None:
    path = proposal_with_chunk(tmp_path, tabel_1=False)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    written = (tmp_path / "out" / "NY01.toml").read_text(encoding="utf-8")
    assert "altChunk (HTML)" in written.split("id =")[0]  # in the '# Mangler' comment


def test_an_altchunk_beside_tabel_1_is_a_warning(runner, tmp_path) -> None:
    """Tabel 1 is read (4 lines, as without the altChunk); the embedded part is named once.
    Before: the proposal loaded without a word of it."""
    path = proposal_with_chunk(tmp_path)
    result = runner.invoke(app, ["show", "NY01", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"label"') >= 4
    warned = [line for line in result.stderr.splitlines() if "altChunk" in line]
    assert len(warned) == 1
    assert "NY01.docx, efter afsnit 9: NY01: indhold indlejret som altChunk (HTML)" in warned[0]
    assert "er ikke læst" in warned[0] and ADVICE in warned[0]


def test_an_altchunk_in_a_table_cell_is_named_by_its_cell(runner, tmp_path) -> None:
    path = modern(tmp_path / "NY01.docx")
    document = docx.Document(str(path))
    embed(document, document.tables[0].cell(1, 1)._tc, b"{\\rtf1 x}", "application/rtf", "/x.rtf")
    document.save(str(path))
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0
    assert "NY01.docx, tabel 1, række 2, kolonne 2: NY01: indhold indlejret som altChunk (RTF)" in (
        result.stderr
    )


def test_a_document_of_nothing_but_an_altchunk(runner, tmp_path) -> None:
    """Before: `import` said 'intet forslag fundet' with no word of the embedded part, and
    `list --data` 'ingen forslag i …'."""
    document = docx.Document()
    document.add_paragraph("Indsat fra intranettet:")
    embed(document, document.element.body, HTML, "text/html", "/word/afchunk1.html")
    path = tmp_path / "indsat.docx"
    document.save(str(path))
    for args in (["list", "--data", str(path)], ["import", str(path), "-o", str(tmp_path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1, result.stderr
        assert "indsat.docx, efter afsnit 1: intet forslag fundet; her er indhold" in result.stderr
        assert ADVICE in result.stderr
    assert not (tmp_path / "indsat.toml").exists()


def test_a_word_document_embedded_as_altchunk_is_refused_with_the_advice(runner, tmp_path) -> None:
    """A whole .docx as altChunk (how document assembly tools merge documents): python-docx
    would parse the zip as XML. Before: 'Word-dokumentet er beskadiget: word/afchunk.docx er
    ikke gyldig XML', wrong advice for a sound document."""
    inner = io.BytesIO()
    docx.Document().save(inner)
    path = proposal_with_chunk(
        tmp_path, blob=inner.getvalue(), content_type=DOCX_MAIN, name="/word/afchunk.docx"
    )
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "et Word-dokument er indlejret i det som altChunk (word/afchunk.docx)" in result.stderr
    assert ADVICE in result.stderr and "beskadiget" not in result.stderr


def test_an_xhtml_altchunk_with_a_doctype_is_not_taken_for_an_xml_bomb(runner, tmp_path) -> None:
    """An XHTML page starts with <!DOCTYPE html …>; the part is never parsed, so its DOCTYPE is
    no DTD attack. Before: 'Word-dokumentet er afvist: word/afchunk1.xhtml har en DTD'."""
    page = b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">' + HTML
    path = proposal_with_chunk(
        tmp_path, blob=page, content_type="application/xhtml+xml", name="/word/afchunk1.xhtml"
    )
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "indlejret som altChunk (HTML) er ikke læst" in result.stderr


def test_an_altchunk_part_counts_against_the_unpacked_bound(runner, tmp_path) -> None:
    """81 MB of HTML packed into well under 1 MB: refused as too large, quickly, like any part
    (io/docx_guard.MAX_UNPACKED is 80 MiB)."""
    path = proposal_with_chunk(tmp_path, blob=b"<p>x</p>" * 100_000)
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(path) as small, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as out:
        for item in small.infolist():
            data = small.read(item)
            if item.filename == "word/afchunk1.html":
                data = b" " * (81 * 1024 * 1024)
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    assert big.stat().st_size < 1024 * 1024
    started = time.process_time()
    result = runner.invoke(app, ["list", "--data", str(big)])
    assert time.process_time() - started < 2
    assert result.exit_code == 2
    assert "Word-dokumentet er for stort: det fylder over" in result.stderr


def test_a_nested_table_is_not_glued_to_the_table_around_it(tmp_path) -> None:
    """A cell holding text, a table of as many columns as the table around it, and more text.
    Before: the nested table's rows were joined to the outer table as its row 3 (it came
    right after it, with as many columns: taken for the outer table continued on a page)."""
    document = docx.Document()
    document.add_paragraph("Tabel 5. Bemærkninger")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Emne", "Bemærkning"
    cell = outer.cell(1, 0)
    cell.text = "Tekst før"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Indre 1", "Indre 2"
    cell.add_paragraph("Tekst efter")
    outer.cell(1, 1).text = "x"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    grids = [b for b in read_docx(path, "nested.docx") if isinstance(b, Grid)]
    assert [g.cells for g in grids] == [
        {(1, 1): "Emne", (1, 2): "Bemærkning", (2, 1): "Tekst før\nTekst efter", (2, 2): "x"},
        {(1, 1): "Indre 1", (1, 2): "Indre 2"},
    ]
    assert [g.name for g in grids] == ["tabel 1", "tabel 2"]


def test_a_nested_table_in_tabel_1_leaves_its_lines_as_they_are(runner, tmp_path) -> None:
    """A six-column table nested in a label cell of Tabel 1 (a note someone pasted in).
    Before: its row was joined to Tabel 1 as a line of its own."""
    (tmp_path / "plain").mkdir()
    plain = modern(tmp_path / "plain" / "NY01.docx")
    path = modern(tmp_path / "NY01.docx")
    document = docx.Document(str(path))
    tabel_1 = document.tables[1]
    note = tabel_1.cell(3, 0).add_table(rows=1, cols=6)
    for col, text in enumerate(["Note", "Service", "1", "2", "3", "4"]):
        note.cell(0, col).text = text
    document.save(str(path))
    expected = runner.invoke(app, ["show", "NY01", "--data", str(plain), "--json"])
    result = runner.invoke(app, ["show", "NY01", "--data", str(path), "--json"])
    assert expected.exit_code == 0 and result.exit_code == 0, result.output
    assert result.stdout == expected.stdout.replace(str(plain), str(path))
