"""Issue 20, item 2: every library's error reaches the user as one Danish category line naming
the file; the library's own text only with --debug (kkinvest/io/unreadable.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from xml.parsers import expat

import pytest
from test_hostile import WORD, raw_workbook, tiny_cells

from kkinvest.cli import app
from kkinvest.io import problems
from kkinvest.io.unreadable import CATEGORIES, WORKBOOK, explain
from kkinvest.io.unreadable import WORD as WORD_KIND


def _lxml_error() -> Exception:
    from lxml import etree

    try:
        etree.fromstring(b"<a><b></a>")
    except etree.XMLSyntaxError as exc:
        return exc
    raise AssertionError


def _library_errors() -> list[BaseException]:
    """An instance of every class of error the readers' libraries raise on a bad file."""
    import defusedxml.common as defused
    import tomli
    from docx.opc.exceptions import PackageNotFoundError
    from openpyxl.utils.exceptions import InvalidFileException

    return [
        zipfile.BadZipFile("File is not a zip file"),
        zipfile.LargeZipFile("Zipfile size would require ZIP64 extensions"),
        zlib.error("Error -3 while decompressing data: invalid distance too far back"),
        EOFError("Compressed file ended before the end-of-stream marker was reached"),
        NotImplementedError("That compression method is not supported"),
        RuntimeError("File 'x' is encrypted, password required for extraction"),
        KeyError("There is no item named '[Content_Types].xml' in the archive"),
        defused.DTDForbidden("x", None, None),
        defused.EntitiesForbidden("x", "y", None, None, None, None),
        defused.ExternalReferenceForbidden("x", None, None, None),
        defused.NotSupportedError("x"),
        _lxml_error(),
        ElementTree.ParseError("not well-formed (invalid token): line 1, column 2"),
        expat.ExpatError("not well-formed (invalid token)"),
        SyntaxError("Maximum entity amplification factor exceeded, line 4"),
        SyntaxError("Excessive depth in document: 256 use XML_PARSE_HUGE option"),
        RecursionError("maximum recursion depth exceeded"),
        MemoryError(),
        PackageNotFoundError("Package not found at 'x.docx'"),
        InvalidFileException("openpyxl does not support the old .xls file format"),
        ValueError("'&' is not a valid column name"),
        ValueError("Unable to parse input string as an integer"),
        TypeError("'int' object is not iterable"),
        AttributeError("'NoneType' object has no attribute 'iter'"),
        IndexError("list index out of range"),
        tomli.TOMLDecodeError("Invalid value", "x = ?", 4),
        PermissionError(13, "Permission denied"),
    ]


ENGLISH = ("zip", "file", "error", "not ", "item", "archive", "invalid", "depth", "Error")


@pytest.mark.parametrize("exc", _library_errors(), ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("kind", [WORD_KIND, WORKBOOK], ids=lambda k: k.noun)
def test_every_library_error_is_one_danish_category_line(exc, kind) -> None:
    line = explain(exc, kind)
    head = line.removeprefix(kind.noun + " ").removeprefix("er ")
    assert line.startswith((kind.noun, "er ikke", "kan ikke læses")), line
    assert any(head.startswith(c) or c in line for c in CATEGORIES), line
    assert len(str(exc)) < 4 or str(exc) not in line
    lowered = line.replace("zip-arkivet", "").replace("zip-arkiv", "")
    assert not any(word.lower() in lowered.lower() for word in ENGLISH), line


@pytest.fixture
def debug():
    problems.Settings.debug = False
    yield
    problems.Settings.debug = False


@pytest.mark.parametrize("exc", _library_errors(), ids=lambda e: type(e).__name__)
def test_python_docx_errors_where_the_document_is_opened(runner, monkeypatch, debug, exc):
    import docx

    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(docx, "Document", broken)
    result = runner.invoke(app, ["list", "--data", str(WORD)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kkinvest: ") and result.stderr.count("\n") == 1
    assert "BC06.docx: " in result.stderr and explain(exc, WORD_KIND) in result.stderr
    assert "[" not in result.stderr
    result = runner.invoke(app, ["--debug", "list", "--data", str(WORD)])
    assert f"[{type(exc).__name__}" in result.stderr, result.stderr


@pytest.mark.parametrize("exc", _library_errors(), ids=lambda e: type(e).__name__)
def test_openpyxl_errors_where_the_workbook_is_read(runner, tmp_path, monkeypatch, debug, exc):
    from kkinvest.io import excel_in

    book = raw_workbook(tmp_path / "bog.xlsx", [tiny_cells(3)])

    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(excel_in, "_Book", broken)
    result = runner.invoke(app, ["list", "--data", str(book), "--debug"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "bog.xlsx: " in result.stderr
    assert explain(exc, WORKBOOK) in result.stderr and f"[{type(exc).__name__}" in result.stderr


# --- the English lines issue 20 found, made the way a person or a damaged disk makes them ---


def _without(source: Path, target: Path, part: str) -> Path:
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(target, "w") as bad:
        for item in good.infolist():
            if item.filename != part:
                bad.writestr(item, good.read(item))
    return target


def _says(runner, path: Path, expected: str) -> None:
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert not any(
        word in result.stderr for word in ("There is", "archive", "invalid", "is not")
    ), result.stderr


def test_a_package_without_its_list_of_parts(runner, tmp_path) -> None:
    word = _without(WORD, tmp_path / "uden.docx", "[Content_Types].xml")
    _says(runner, word, "uden.docx: Word-dokumentet er beskadiget")
    book = raw_workbook(tmp_path / "bog.xlsx", [tiny_cells(3)])
    _says(runner, _without(book, tmp_path / "uden.xlsx", "[Content_Types].xml"), "uden.xlsx: ")


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        (b'<sheetData><row r="1"><c r="&amp;1"><v>1</v></c></row></sheetData>', "beskadiget"),
        (b'<sheetData><row r="x1"><c r="A1"><v>1</v></c></row></sheetData>', "beskadiget"),
        (b"<sheetData>" + b"<x>" * 300 + b"</x>" * 300 + b"</sheetData>", "projektmappen"),
        (b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData', "beskadiget"),
    ],
)
def test_a_sheet_openpyxl_cannot_read(runner, tmp_path, sheet, expected) -> None:
    _says(runner, raw_workbook(tmp_path / "ark.xlsx", [sheet]), expected)


def test_a_word_document_whose_table_has_no_year_columns(runner, tmp_path) -> None:
    import docx

    path = tmp_path / "uden-aar.docx"
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_paragraph("Forslagets titel: XY03 Uden år")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [
            ["1.000 kr.", "Styringsområde", "I alt"],
            ["Varige ændringer", "", ""],
            ["Drift", "Service", "-1"],
        ]
    ):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    document.save(path)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ud")])
    assert "ingen årskolonner efter 'Styringsområde' (skriv fx 2023)" in result.output
    assert "no year columns" not in result.output + result.stderr


# --- issue 20, item 4: each Office format named, with how to save it as kkinvest reads it ----

WORD_ADVICE = (
    "kkinvest læser .docx: åbn det i Word og vælg Filer > Gem som > Word-dokument (*.docx)"
)
BOOK_ADVICE = (
    "kkinvest læser .xlsx: åbn den i Excel og vælg Filer > Gem som > Excel-projektmappe (*.xlsx)"
)


def _with_main_type(source: Path, target: Path, main: str, content_type: str) -> Path:
    """`source` with its main part's content type changed, as Word saves a .docm or a .dotx."""
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(target, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "[Content_Types].xml":
                text = data.decode()
                start = text.index(f'PartName="/{main}"')
                old = text[start : text.index("/>", start)]
                kind = old[old.index('ContentType="') + 13 : -1]
                data = text.replace(old, old.replace(kind, content_type)).encode()
            bad.writestr(item, data)
    return target


@pytest.mark.parametrize(
    ("suffix", "content_type", "expected"),
    [
        (
            ".docm",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "et Word-dokument med makroer (.docm)",
        ),
        (
            ".dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "en Word-skabelon (.dotx)",
        ),
        (
            ".dotm",
            "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            "en Word-skabelon med makroer (.dotm)",
        ),
    ],
)
def test_word_formats_with_macros_or_as_templates(runner, tmp_path, suffix, content_type, expected):
    advice = (
        WORD_ADVICE.replace("åbn det", "åbn den") if expected.startswith("en ") else WORD_ADVICE
    )
    for name in (f"forslag{suffix}", "forslag.docx"):  # named as it is, and renamed
        path = _with_main_type(WORD, tmp_path / name, "word/document.xml", content_type)
        for command in (["list", "--data", str(path)], ["import", str(path), "-o", str(tmp_path)]):
            result = runner.invoke(app, command)
            assert result.exit_code == 2, result.output
            assert f"{name}: er {expected}; {advice}" in result.stderr, result.stderr
            assert "xlsx" not in result.stderr


def test_an_old_doc_is_told_to_be_saved_as_docx(runner, tmp_path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    for name in ("gammel.doc", "gammel.docx"):
        (tmp_path / name).write_bytes(ole)
        result = runner.invoke(app, ["list", "--data", str(tmp_path / name)])
        assert f"{name}: er et Word-dokument i det gamle format (.doc); {WORD_ADVICE}" in (
            result.stderr
        )
    encrypted = ole + "EncryptedPackage".encode("utf-16-le")
    (tmp_path / "hemmelig.docx").write_bytes(encrypted)
    result = runner.invoke(app, ["list", "--data", str(tmp_path / "hemmelig.docx")])
    assert "hemmelig.docx: Word-dokumentet er krypteret (beskyttet med adgangskode)" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.xlsm", f"er en Excel-projektmappe med makroer (.xlsm); {BOOK_ADVICE}"),
        ("a.xls", f"er en Excel-projektmappe i det gamle format (.xls); {BOOK_ADVICE}"),
        (
            "a.ods",
            "er et OpenDocument-regneark (.ods); kkinvest læser .xlsx: åbn det i Excel eller "
            "LibreOffice Calc og vælg Filer > Gem som > Excel-projektmappe (*.xlsx)",
        ),
        (
            "a.odt",
            "er et OpenDocument-tekstdokument (.odt); kkinvest læser .docx: åbn det i Word "
            "eller LibreOffice Writer og vælg Filer > Gem som > Word-dokument (*.docx)",
        ),
        ("a.doc", f"er et Word-dokument i det gamle format (.doc); {WORD_ADVICE}"),
        ("a.docm", f"er et Word-dokument med makroer (.docm); {WORD_ADVICE}"),
    ],
)
def test_each_office_format_given_as_data(runner, tmp_path, name, expected) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert f"{name}: {expected}" in result.stderr, result.stderr


# --- issue 20, item 5: text rules ---------------------------------------------------------------

OVERVIEW = WORD.parent / "Bilag7-oversigt.docx"


def _with_text(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(target, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "word/document.xml":
                assert old in data
                data = data.replace(old, new, 1)
            bad.writestr(item, data)
    return target


def test_a_payback_printed_with_a_footnote_mark(runner, tmp_path) -> None:
    """'6²' in the overview's Tilbagebetalingstid column: '²'.isdigit() is true, int('²') is
    not; the mark is a footnote's, the payback 6."""
    path = _with_text(OVERVIEW, tmp_path / "oversigt.docx", b">13<", "\u003e13²<".encode())
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ud"), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    pool = (tmp_path / "ud" / "pool-2023.toml").read_text()
    assert "payback = 13" in pool


def test_a_c1_control_character_is_refused_and_never_printed_raw(runner, tmp_path) -> None:
    from conftest import HEADER

    path = tmp_path / "T1.toml"
    path.write_text(HEADER.replace('"Testforslag"', '"Test\\u009b31mforslag"'), encoding="utf-8")
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert "kontroltegn (U+009B)" in result.stderr and "\x9b" not in result.stderr


def test_control_characters_in_a_file_name_are_escaped(runner, tmp_path) -> None:
    path = tmp_path / "x\x1b]0;hej\x07\x85.toml"
    path.write_text("ikke toml [", encoding="utf-8")
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert "x\\x1b]0;hej\\x07\\x85.toml" in result.stderr, result.stderr
    assert not any(c in result.stderr for c in "\x1b\x07\x85")


def test_a_carriage_return_in_a_title_survives_a_round_trip(runner, tmp_path) -> None:
    from conftest import HEADER

    from kkinvest.io.catalogue import load_catalogue

    source = tmp_path / "T1.toml"
    body = HEADER.replace('"Testforslag"', '"Første linje\\r\\nanden\\rtredje"')
    body += (
        '[[lines]]\nsection = "varig"\nlabel = "A\\rB"\narea = "service"\nvalues = { 2024 = -1 }\n'
    )
    source.write_text(body, encoding="utf-8")
    [proposal] = load_catalogue(source).proposals
    assert proposal.title == "Første linje\nanden\ntredje" and proposal.lines[0].label == "A\nB"
    book = tmp_path / "T1.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(book), "--data", str(source)]).exit_code == 0
    [back] = load_catalogue(book).proposals
    assert back.title == proposal.title  # a label's line break is read back as a space (#19)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--data", ""],
        ["list", "--data="],
        ["payback", "BC06", "--data", ""],
        ["import", ""],
        ["import", str(WORD), "-o", ""],
    ],
)
def test_an_empty_path_is_not_the_current_folder(runner, tmp_path, monkeypatch, args) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "tomt filnavn" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_union_field_read_wrong_from_a_document_is_a_problem_not_a_traceback() -> None:
    """Found by the .docx fuzzer: a key table whose weights came out negative fails both forms
    of split.key (a name, a table): pydantic gives two errors, kkinvest one problem, and
    proposal_of paired them with zip(strict=True)."""
    from conftest import HEADER
    from tomli import loads

    from kkinvest.io.problems import InputError
    from kkinvest.io.recognise.draft import Draft, DraftLine
    from kkinvest.io.word import proposal_of
    from kkinvest.registry import default_registry

    draft = Draft(
        source="f.docx",
        **loads(HEADER),
        lines=[DraftLine("varig", "A", "service", {2024: Decimal(-1)})],
        split={"key": {"weights": {"BIF": Decimal(-1), "BUF": Decimal(2)}}},
        places={("split", "key"): "f.docx, tabel 3"},
    )
    with pytest.raises(InputError) as caught:
        proposal_of(draft, default_registry())
    assert "negativ vægt for BIF" in str(caught.value)
