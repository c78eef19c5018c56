""" "Beregnet af kkinvest" once, as a real Word footnote (issue 22, item 1): python-docx has no
footnote API, so render/docx_xml.add_footnotes writes the part Word writes — word/footnotes.xml
with its separator and continuation separator, its content type, the document's relationship
to it, Word's footnote styles and `w:footnotePr` in the settings — and the body marks it with
one `w:footnoteReference`. (That LibreOffice prints it at the foot of its page:
tests/test_bilag_print.py.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from kkinvest.cli import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["--budget", "2023"], "Alle tal i bilaget er beregnet af kkinvest den "),
        (["BC06"], "Totalerne og tilbagebetalingstiden i Tabel 1 samt Tabel A-C er beregnet af "),
    ],
)
def test_the_note_is_a_word_footnote(args: list[str], note: str, tmp_path: Path) -> None:
    path = tmp_path / "out.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), *args]).exit_code == 0
    with zipfile.ZipFile(path) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
        settings = etree.fromstring(package.read("word/settings.xml"))
    assert (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/>'
    ) in types
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    footnotes = notes.findall(f"{W}footnote")
    assert [(f.get(f"{W}type"), f.get(f"{W}id")) for f in footnotes] == [
        ("separator", "-1"),
        ("continuationSeparator", "0"),
        (None, "1"),
    ]
    assert footnotes[0].find(f".//{W}separator") is not None
    assert footnotes[2].find(f".//{W}footnoteRef") is not None
    text = "".join(t.text or "" for t in footnotes[2].iter(f"{W}t"))
    assert text.startswith(" " + note)
    references = list(body.iter(f"{W}footnoteReference"))
    assert [r.get(f"{W}id") for r in references] == ["1"]
    assert "kkinvest" not in "".join(t.text or "" for t in body.iter(f"{W}t"))
    ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    assert {"FootnoteText", "FootnoteReference"} <= ids
    names = [etree.QName(child).localname for child in settings]
    assert names.index("footnotePr") == names.index("compat") - 1  # the schema's order
    assert settings.find(f"{W}decimalSymbol").get(f"{W}val") == ","  # Danish, as the language
