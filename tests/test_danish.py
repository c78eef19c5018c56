"""Everything a user reads is Danish: the help of every command and the answer to a catalogue
of bad input (command lines and files), checked for English marker words.

`ALLOWED` is the short list of English that may appear (named in the README): option names,
JSON keys and values a user types, which stay English by design.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from kkinvest.cli import app
from kkinvest.io.catalogue import shown

MARKERS = re.compile(
    r"\b(expected|missing|invalid|should|must|required|unknown|got|usage|error|options|"
    r"arguments|commands|default|try|no such|is not|not a|cannot|show this message|"
    r"greater|less than|equal to|constrained|function|date|datetime|did you mean)\b",
    re.IGNORECASE,
)
ALLOWED = (
    "--all-lines",  # option names stay English
    "committee|administration",  # values of --by
    "proposal|key|pool",  # values of `schema`
)


def english(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return sorted({m.group(0) for m in MARKERS.finditer(text)})


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"], *([c, "-h"] for c in COMMANDS)])
def test_help_is_danish(runner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 2), result.output
    assert not english(result.output), (args, english(result.output), result.output)


@pytest.mark.parametrize("args", [["-h"], *([c, "-h"] for c in COMMANDS)], ids=" ".join)
def test_help_fits_80_columns(runner, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = runner.invoke(app, args).output
    too_long = [line for line in text.splitlines() if len(line) > 80]
    assert not too_long, too_long


def test_every_command_has_danish_help_with_examples(runner) -> None:
    for command in COMMANDS:
        text = runner.invoke(app, [command, "-h"]).output
        assert text.startswith(f"Brug: kkinvest {command}"), text
        assert "Vis denne hjælp og afslut." in text


BAD_COMMAND_LINES = [
    ["nosuch"],
    ["paybak", "BC06"],
    ["payback", "--foo"],
    ["pool", "--budjet", "2023"],
    ["pool", "--budget", "abc"],
    ["pool", "--budget"],
    ["payback", "BC06", "--basis", "x"],
    ["tables"],
    ["tables", "BC03", "--table", "D"],
    ["show"],
    ["show", "BC6"],
    ["payback"],
    ["list", "--json=ja"],
    ["allocate", "--key"],
    ["allocate", "--key", "intnue", "--amount", "1"],
    ["allocate", "--key", "intune", "--amount", "abc"],
    ["allocate", "--key", "intune", "--year", "2025"],
    ["allocate", "--amount", "1"],
    ["allocate", "--by", "x", "--key", "intune", "--amount", "1"],
    ["convert", "nowhere.toml"],
    ["convert", "nowhere.toml", "--to", "pdf"],
    ["export"],
    ["export", "--xlsx", "out.csv", "BC06"],
    ["template", "--xlsx", "x.toml"],
    ["check", "--budget", "1999"],
    ["--install-completion", "tcsh"],
    ["npv", "BC06", "--years", "0"],
    ["npv", "BC06", "--years", "100000"],
    ["sensitivity", "BC06", "--delay", "-1"],
    ["sensitivity", "BC06", "--max-years", "1000"],
    ["npv", "BC06", "--rate", "abc"],
]


def test_a_range_is_named_in_danish(runner) -> None:
    err = runner.invoke(app, ["npv", "BC06", "--years", "0"]).stderr
    assert "--years: skal være mindst 1" in err
    err = runner.invoke(app, ["npv", "BC06", "--years", "100000"]).stderr
    assert "--years: skal være højst 200" in err


def test_rate_is_shown_with_a_decimal_comma_as_typed(runner) -> None:
    """--rate takes 3,5 (the Danish way) and says so in its help and its error."""
    assert "fx 3,5" in runner.invoke(app, ["npv", "-h"]).output
    assert (
        "'abc' er ikke et tal (fx 3,5)"
        in runner.invoke(app, ["npv", "BC06", "--rate", "abc"]).stderr
    )
    comma = runner.invoke(app, ["npv", "BC06", "--rate", "3,5"])
    assert comma.exit_code == 0
    assert comma.stdout == runner.invoke(app, ["npv", "BC06", "--rate", "3.5"]).stdout


@pytest.mark.parametrize("args", BAD_COMMAND_LINES, ids=" ".join)
def test_a_bad_command_line_is_answered_in_danish(runner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not english(result.stderr), (args, english(result.stderr), result.stderr)


HEADER = """id = "T1"
title = "Test"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"
"""
LINE = '[[lines]]\nsection = "varig"\nlabel = "Effektivisering"\narea = "service"\n'

BAD_FILES = {
    "toml-syntax": HEADER + "title = \n",
    "field-typo": HEADER.replace("committee", "comittee") + LINE + "values = { 2023 = -1 }\n",
    "no-field": HEADER.replace('title = "Test"\n', "") + LINE + "values = { 2023 = -1 }\n",
    "text-amount": HEADER + LINE + 'values = { 2023 = "abc" }\n',
    "quoted-amount": HEADER + LINE + 'values = { 2023 = "1.898" }\n',
    "comma-amount": HEADER + LINE + "values = { 2023 = 1,5 }\n",
    "thousands-dot": HEADER + LINE + "values = { 2023 = 1.200 }\n",
    "nan": HEADER + LINE + "values = { 2023 = nan }\n",
    "year": HEADER + LINE + "values = { 20x3 = -1 }\n",
    "year-float": HEADER.replace("budget = 2023", "budget = 2026.5") + LINE + "values = {}\n",
    "committee": HEADER.replace('"BIU"', '"Socialudvalg"') + LINE + "values = { 2023 = -1 }\n",
    "group-unit": HEADER.replace('"BIU"', '"KIT"') + LINE + "values = { 2023 = -1 }\n",
    "administration": HEADER.replace('"BIF"', '"BXF"') + LINE + "values = { 2023 = -1 }\n",
    "section": HEADER + LINE.replace('"varig"', '"permanent"') + "values = { 2023 = -1 }\n",
    "area": HEADER + LINE.replace('"service"', '"drift"') + "values = { 2023 = -1 }\n",
    "no-lines": HEADER + "lines = []\n",
    "lines-not-list": HEADER + 'lines = "x"\n',
    "label-number": HEADER + LINE.replace('"Effektivisering"', "12") + "values = {}\n",
    "bool": HEADER + LINE + "values = { 2023 = -1 }\nin_payback = 3\n",
    "key": HEADER + LINE + 'values = { 2023 = -1 }\n[split]\nkey = "intnue"\n',
    "key-both": HEADER
    + LINE
    + 'values = { 2023 = -1 }\n[split]\nkey = { weights = { BUF = 1 }, equal = ["BUU"] }\n',
    "key-empty": HEADER + LINE + "values = { 2023 = -1 }\n[split]\nkey = { weights = {} }\n",
    "key-negative": HEADER
    + LINE
    + "values = { 2023 = -1 }\n[split]\nkey = { weights = { BIF = -1, SOF = 2 } }\n",
    "key-blank": HEADER + LINE + 'values = { 2023 = -1 }\n[split]\nkey = ""\n',
    "key-number": HEADER + LINE + "values = { 2023 = -1 }\n[split]\nkey = 5\n",
    "date-amount": HEADER + LINE + "values = { 2023 = 2023-01-01 }\n",
    "huge-amount": HEADER + LINE + "values = { 2023 = 1e999999999 }\n",
    "key-row": HEADER + LINE + "values = { 2023 = -1 }\n[split]\nkey = { weights = { XYZ = 1 } }\n",
    "kind": HEADER.replace('"investering"\nbudget', '"noget"\nbudget') + LINE + "values = {}\n",
    "not-utf8": (HEADER + LINE + "values = {}\n").replace("Test", "T\udce6st"),
    "xlsx-named-toml": "PK\x03\x04rest",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_answered_in_danish(runner, tmp_path: Path, name: str) -> None:
    path = tmp_path / "forslag.toml"
    path.write_bytes(BAD_FILES[name].encode("utf-8", "surrogateescape"))
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2, (name, result.output)
    assert "Traceback" not in result.output
    message = result.stderr.replace(str(tmp_path), "")
    assert not english(message), (name, english(message), message)


def test_a_toml_file_that_is_a_workbook_is_named_as_such(runner, tmp_path: Path) -> None:
    path = tmp_path / "BC06.toml"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert "denne .toml-fil er ikke tekst, men et zip-arkiv, som en .xlsx- eller .docx-fil er" in (
        result.stderr
    )


KEY_FORMS = (
    '(her skal stå et nøglenavn som "intune-2022" eller en tabel med weights, equal eller parts)'
)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("key-negative", "weights: negativ vægt for BIF; vægte skal være 0 eller derover"),
        ("key-blank", "navnet er tomt"),
        ("key-number", "her står 5"),
    ],
)
def test_a_key_of_the_wrong_form_is_one_line_naming_the_field(
    runner, tmp_path: Path, name: str, message: str
) -> None:
    path = tmp_path / "forslag.toml"
    path.write_text(BAD_FILES[name], encoding="utf-8")
    err = runner.invoke(app, ["list", "--data", str(path)]).stderr
    assert err.strip().splitlines() == [
        f"kkinvest: {shown(path)}: T1: split.key: {message} {KEY_FORMS}"
    ]


def test_a_date_for_an_amount_is_named_in_danish(runner, tmp_path: Path) -> None:
    path = tmp_path / "forslag.toml"
    path.write_text(BAD_FILES["date-amount"], encoding="utf-8")
    err = runner.invoke(app, ["list", "--data", str(path)]).stderr
    assert "values.2023: her skal stå et tal, ikke en dato" in err


def test_a_number_trap_names_the_proposal_like_other_errors(runner, tmp_path: Path) -> None:
    path = tmp_path / "forslag.toml"
    path.write_text(BAD_FILES["huge-amount"], encoding="utf-8")
    err = runner.invoke(app, ["list", "--data", str(path)]).stderr
    expected = f"{shown(path)}: T1: lines[1] 'Effektivisering'.values.2023: 1E+999999999 har for"
    assert expected in err


def test_did_you_mean_names_the_full_name(runner, tmp_path: Path) -> None:
    path = tmp_path / "forslag.toml"
    path.write_text(BAD_FILES["committee"], encoding="utf-8")
    err = runner.invoke(app, ["list", "--data", str(path)]).stderr
    assert "ukendt udvalg 'Socialudvalg'; mente du SUD (Socialudvalget)?" in err
    assert "BIU (Beskæftigelses- og Integrationsudvalget)" in err


def test_an_output_file_must_be_named_for_what_it_holds(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--xlsx", str(tmp_path / "out.csv"), "BC06"])
    assert "eksportfilen skal have et navn, der ender på .xlsx" in result.stderr
    assert not (tmp_path / "out.csv").exists()
    result = runner.invoke(app, ["template", "--xlsx", str(tmp_path / "x.toml")])
    assert "skabelonen skal have et navn, der ender på .xlsx" in result.stderr
    assert not (tmp_path / "x.toml").exists()


def _zip_without_workbook() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "x")
    return buffer.getvalue()


def _workbook_without_header() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Noget helt andet"
    book.active["A3"] = "Nr."
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_WORKBOOKS = {
    "csv": lambda: b"a;b\n1;2\n",
    "zip": _zip_without_workbook,
    "ole": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
    "no-header": _workbook_without_header,
}


@pytest.mark.parametrize("name", sorted(BAD_WORKBOOKS))
def test_a_bad_workbook_is_answered_in_danish(runner, tmp_path: Path, name: str) -> None:
    path = tmp_path / "forslag.xlsx"
    path.write_bytes(BAD_WORKBOOKS[name]())
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2, (name, result.output)
    message = result.stderr.replace(str(tmp_path), "")
    assert not english(message), (name, english(message), message)


NEEDS_PROPOSALS = [
    ["list"],
    ["check"],
    ["pool"],
    ["show", "BC06"],
    ["payback", "--all"],
    ["tables", "BC06"],
    ["npv", "--all"],
    ["sensitivity", "--all"],
    ["export", "--xlsx", "ud.xlsx"],
    ["allocate", "BC06"],
]


@pytest.mark.parametrize("args", NEEDS_PROPOSALS, ids=" ".join)
def test_an_empty_catalogue_is_one_rule(runner, tmp_path: Path, args: list[str]) -> None:
    """Every command that needs proposals says the folder has none, exit 2."""
    empty = tmp_path / "tom"
    empty.mkdir()
    result = runner.invoke(app, [*args, "--data", str(empty)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"kkinvest: ingen forslag i {empty}: kkinvest læser *.toml, *.xlsx og *.docx\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "pointer"),
    [
        (["list", "--budget"], "(se kkinvest list --help)"),
        (["payback", "--help=yes"], "(se kkinvest payback --help)"),
        (["--budget"], "(se kkinvest --help)"),
    ],
)
def test_an_options_error_points_to_its_commands_help(runner, args, pointer) -> None:
    """Click's parser raises an option's errors without its command: the pointer said
    'kkinvest --help' for 'kkinvest list --budget' (no value)."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(pointer), result.stderr


@pytest.mark.parametrize(
    ("toml", "danish"),
    [
        ("a = 1 2", "linjen skulle slutte efter værdien"),
        ("[x", "der mangler ']' efter [navn"),
        ("[[x", "der mangler ']]' efter [[navn"),
        ('a = "x\\y"', "en \\ i en tekst skal skrives \\\\"),
        ("a = { b = 1 }\na.b = 2", "navnet er allerede angivet med en værdi"),
        ("[x]\n[x]", "en tabel [navn] er angivet to gange"),
        ("a = 1979-13-45", "linjen skulle slutte efter værdien"),
    ],
)
def test_the_toml_parsers_messages_are_danish(runner, tmp_path, toml: str, danish: str) -> None:
    """'her skulle stå newline or end of document after a statement' was half English."""
    path = tmp_path / "t.toml"
    path.write_text(f'id = "T"\n{toml}\n', encoding="utf-8")
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert danish in result.stderr, result.stderr
    english = re.compile(r"\b(Expected|Cannot|Invalid|Unescaped|Found|newline|declare)\b")
    assert not english.search(result.stderr), result.stderr
