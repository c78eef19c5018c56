"""Proposals typed by hand the way analysts type them (issue #19), read through kkinvest's public
paths and compared with their expected reading.

The inputs are the committed .docx files in `tests/data/typed/` (how each was made:
`tests/data/typed/make.py`; raw WordprocessingML, python-docx and LibreOffice Writer; TY23-TY27
by an outside tester as a new analyst, `tests/data/typed/make_outside.py`), and
three workbooks built as an analyst builds one in Excel (TX01-TX03, written with openpyxl and
saved by LibreOffice Calc so every formula has its value stored, as Excel stores it). Next to
each is its expected reading:

- `NAME.expected.toml`: the proposal as kkinvest TOML. `show ID --data NAME.docx --json` must
  give the same proposal as `show ID --data NAME.expected.toml --json`: id, title, kind,
  budget, price level, committee, administration, pool, every line (section, label, area,
  values, in payback, memo), and the affected administrations and printed figures (`stated`)
  where the expectation gives them. `import NAME.docx` must write a TOML file that loads as the
  same proposal.
- `NAME.warning.txt`: the document reads, and says something on the way (a warning or note on
  stderr with `--data`, and in `import`'s report). Each line of the file is a required part
  (case-insensitive), " | " separates alternatives; with `--data` all parts are on one line.
- `NAME.refusal.txt`: the document must be refused: exit code 2, one `kkinvest:` line per
  problem naming the file and, in one of them, the place (any line of the file).

Cases the reader gets wrong today are marked xfail(strict=True) with what goes wrong; the
reader's engineer removes the mark when the fix lands (strict: an unexpected pass fails, so a
fixed case cannot stay marked).

Paybacks, worked by hand from each expectation (rule: the investment is every implementation
line in payback; year 1 is the first year with an implementation cost; each year saves minus
that year's net permanent change, the last year's value continuing after the table):

- TY01: investment 2.500 + 500 + 400 + 200 = 3.600 from 2027; savings 0, 900, 2.100, 2.100:
  cumulative 0, 900, 3.000, 5.100 ≥ 3.600 → 4 år (2030).
- TY02: 5.900 + 400 + 300 = 6.600 from 2026; savings 0, 1.200, 2.000, 2.000, then 2.000 on:
  0, 1.200, 3.200, 5.200, 7.200 (2030) ≥ 6.600 → 5 år (2030).
- TY03: 1.800 + 600 + 450 + 450 = 3.300 from 2027; savings 300, 750, 1.350, 1.350:
  300, 1.050, 2.400, 3.750 ≥ 3.300 → 4 år (2030).
- TY04 (accepted): 900 + 300 + 600 = 1.800 from 2027; savings 400, 1.200, 1.200:
  400, 1.600, 2.800 ≥ 1.800 → 3 år (2029). (Rejected, with the consultant's 250 and without
  the inserted 300, it would be 1.750 and 400, 1.400, 2.600 → also 3 år: the figures differ,
  the payback hides it.)
- NY27-04: 1.100 + 200 = 1.300 from 2027; savings 250, 750, 750: 250, 1.000, 1.750 → 3 år (2029).
- TY06: 700 + 200 + 1.100 = 2.000 from 2026; savings -100, 500, 500, 500, then 500 on:
  -100, 400, 900, 1.400, 1.900 (2030), 2.400 (2031) ≥ 2.000 → 6 år (2031).
- TY07: 1.200 + 300 = 1.500 from 2027; savings 400, 1.600: 400, 2.000 ≥ 1.500 → 2 år (2028).
  (Read with the savings positive, the net change is +600, +2.000: no payback at all.)
- TY08: 800 + 200 = 1.000 from 2027; savings 50, 500, 500: 50, 550, 1.050 → 3 år (2029).
- TY09: 900 + 300 + 150 = 1.350 from 2016; savings 100, 600, 800: 100, 700, 1.500 → 3 år (2018).
- TY10: 500 + 400 = 900 from 2020; savings 300, 600: 300, 900 ≥ 900 → 2 år (2021).
- TY11: an innovation proposal with no permanent changes: no payback.
- TY12: 700 from 2027; savings 200, 400, 400: 200, 600, 1.000 ≥ 700 → 3 år (2029).
- TY13: 1.500 + 250 + 100 = 1.850 from 2027; savings 150, 480, 480, 480, then 480 on:
  150, 630, 1.110, 1.590, 2.070 (2031) ≥ 1.850 → 5 år (2031).
- TY14: 600 from 2027; savings 100, 350, 350: 100, 450, 800 ≥ 600 → 3 år (2029).
- TY15: 1.400 + 100 = 1.500 from 2027; savings 0, 160, 340, 340, then 340 on:
  0, 160, 500, 840, 1.180, 1.520 (2032) ≥ 1.500 → 6 år (2032).
- TY18: 1.500 from 2027; savings 100, 800, 1.200: 100, 900, 2.100 ≥ 1.500 → 3 år (2029); the
  document states 2.
- TY19: 800 + 200 = 1.000 from 2027; savings 150, 400, 400, 400: 150, 550, 950, 1.350 ≥ 1.000
  → 4 år (2030).
- TY20: 500 + 100 = 600 from 2027; savings 300, 600: 300, 900 ≥ 600 → 2 år (2028).
- TY21: 1.200 + 250 + 50 = 1.500 from 2027; savings 50, 500, 800, 800: 50, 550, 1.350,
  2.150 ≥ 1.500 → 4 år (2030).
- TY22: 600 + 150 = 750 from 2027; savings 120, 480, 480: 120, 600, 1.080 ≥ 750 → 3 år (2029).
- TY23, TY24, TY25 (the outside tester's, from BC08): 673 in 2023; savings 0, 265, 265, 265:
  0, 265, 530, 795 ≥ 673 → 4 år (2026). Read with the superscript mark as a digit (6.731),
  it would be 27 år (2049) with nothing printed to compare it with (TY23).
- TY26 (from BC01, the 2016 template): 9.810 in 2017; savings 575, 1.898, ...: 575, 2.473,
  4.371, 6.269, 8.167, 10.065 (2022) ≥ 9.810 → 6 år (2022).
- TX01: 900 + 200 + 100 = 1.200 from 2027; savings 150, 600, 600: 150, 750, 1.350 → 3 år (2029).
- TX02: 400 from 2026; savings 250, 750: 250, 1.000 ≥ 400 → 2 år (2027).
- TX03: 2.500 + 200 + 100 = 2.800 from 2027; savings 100, 800, 800, 800, then 800 on:
  100, 900, 1.700, 2.500, 3.300 (2031) ≥ 2.800 → 5 år (2031).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

TYPED = Path(__file__).parent / "data" / "typed"

# name: (id, payback years, payback year) — worked by hand in the module docstring
PAYBACK: dict[str, tuple[str, int | None, int | None]] = {
    "TY01": ("TY01", 4, 2030),
    "TY02": ("TY02", 5, 2030),
    "TY03": ("TY03", 4, 2030),
    "TY04": ("TY04", 3, 2029),
    "ny27-04-affald": ("NY27-04", 3, 2029),
    "TY06": ("TY06", 6, 2031),
    "TY07": ("TY07", 2, 2028),
    "TY08": ("TY08", 3, 2029),
    "TY09": ("TY09", 3, 2018),
    "TY10": ("TY10", 2, 2021),
    "TY11": ("TY11", None, None),
    "TY12": ("TY12", 3, 2029),
    "TY13": ("TY13", 5, 2031),
    "TY14": ("TY14", 3, 2029),
    "TY15": ("TY15", 6, 2032),
    "TY18": ("TY18", 3, 2029),
    "TY19": ("TY19", 4, 2030),
    "TY20": ("TY20", 2, 2028),
    "TY21": ("TY21", 4, 2030),
    "TY22": ("TY22", 3, 2029),
    "TY23": ("NY20", 4, 2026),
    "TY24": ("NY04", 4, 2026),
    "TY25": ("NY21", 4, 2026),
    "TY26": ("NY10", 6, 2022),
    "TX01": ("TX01", 3, 2029),
    "TX02": ("TX02", 2, 2027),
    "TX03": ("TX03", 5, 2031),
}

REFUSED = ["TY16", "TY17", "TY27"]

QUIET = ["TY23", "TY24", "TY25", "TY26"]
"""Read right with no warning at all: a footnote mark in superscript is a mark, never a digit
of the figure (TY23-TY25); the older template's budget year and bold title are read (TY26)."""


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"#19: {reason}")


# What goes wrong today, per test and document (see also /work/coord/notes.md). Remove an entry
# when the reader gets it right: strict xfail fails the run when a marked case passes.
FORTSAT = "Tabel 1 '(fortsat) – varige ændringer' is dropped: no saving lines, exit 0"
NY_ID = "'NY27-04' in 'Forslagets titel' becomes id NY27 and title '04 ...'"
SUBHEADINGS = "the 'Effektiviseringer'/'Merudgifter' sub-headings are read as lines with no area"
FRAME = "Tabel 1 nested in a one-cell frame table: 'ingen Tabel 1 fundet'"
CAPTION = "Tabel 1 captioned 'Tabel 1: Økonomisk oversigt': 'ingen Tabel 1 fundet'"
BLANK_AREA = "an innovation proposal's blank Styringsområde is refused ('area: mangler')"
STAR_MERGED = (
    "the label merged down (vMerge) leaves a row with no label"
    " ('en række med beløb, men uden tekst i første kolonne')"
)
TEXT_BOX = "Tabel 1 in a text box (w:txbxContent) is not looked for: 'ingen Tabel 1 fundet'"
TODAY: dict[str, dict[str, str]] = {
    "reads": {},
    "payback": {},
    "expectation": {},
    "says": {},
    "reports": {},
    "refused": {},
    "not imported": {},
}


# import writes what --data reads: the same cases fail (workbooks are not imported: convert)
TODAY["imports"] = {name: why for name, why in TODAY["reads"].items() if not name.startswith("TX")}


def case(test: str, name: str) -> Any:
    reason = TODAY[test].get(name)
    return pytest.param(name, marks=[xfail(reason)] if reason else [], id=name)


def source(name: str) -> Path:
    """The document or workbook of that name."""
    [path] = [p for p in (TYPED / f"{name}.docx", TYPED / f"{name}.xlsx") if p.exists()]
    return path


def expected_names() -> list[str]:
    return sorted(p.name.removesuffix(".expected.toml") for p in TYPED.glob("*.expected.toml"))


def test_every_typed_document_has_its_expectation_and_its_payback() -> None:
    """Each .docx has exactly one expectation; each proposal's payback is worked above."""
    documents = sorted(p.stem for p in [*TYPED.glob("*.docx"), *TYPED.glob("*.xlsx")])
    assert len(documents) >= 12
    for name in documents:
        kinds = [s for s in (".expected.toml", ".refusal.txt") if (TYPED / (name + s)).exists()]
        assert len(kinds) == 1, name
    assert sorted(PAYBACK) == expected_names()
    assert sorted(REFUSED) == sorted(p.name.split(".")[0] for p in TYPED.glob("*.refusal.txt"))
    for warned in TYPED.glob("*.warning.txt"):
        assert (TYPED / warned.name.replace(".warning.txt", ".expected.toml")).exists()


def invoke(*args: str) -> Any:
    # a fresh runner: stderr apart from stdout (the notes and warnings go to stderr)
    return CliRunner().invoke(app, list(args))


def shown(id_: str, data: Path) -> tuple[dict[str, Any], str]:
    result = invoke("show", id_, "--data", str(data), "--json")
    if result.exit_code != 0:
        listed = invoke("list", "--data", str(data), "--json")
        raise AssertionError(
            f"show {id_} --data {data.name}: exit {result.exit_code}\n{result.output}"
            f"\nlist: {listed.output}"
        )
    return json.loads(result.stdout)["proposal"], result.stderr


LINE_FIELDS = ("section", "label", "area", "values", "in_payback", "memo")
FIELDS = ("id", "title", "kind", "budget", "price_level", "committee", "administration", "pool")


def comparable(proposal: dict[str, Any], expectation: dict[str, Any]) -> dict[str, Any]:
    """What the expectation pins: the proposal's facts, its lines (in any order), and the
    affected administrations and printed figures where the expectation names them."""
    lines = sorted(
        ({field: line[field] for field in LINE_FIELDS} for line in proposal["lines"]),
        key=lambda line: json.dumps(line, sort_keys=True, ensure_ascii=False),
    )
    out: dict[str, Any] = {field: proposal[field] for field in FIELDS}
    out["lines"] = lines
    if "affected" in expectation:
        out["affected"] = sorted(proposal["affected"])
    out["stated"] = {key: proposal["stated"][key] for key in expectation.get("stated", {})}
    return out


@pytest.mark.parametrize("name", [case("reads", name) for name in sorted(PAYBACK)])
def test_the_typed_document_reads_as_expected(name: str) -> None:
    """`--data NAME.docx` gives exactly the proposal of NAME.expected.toml."""
    expected_path = TYPED / f"{name}.expected.toml"
    expectation = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    id_ = expectation["id"]
    want, _ = shown(id_, expected_path)
    got, stderr = shown(id_, source(name))
    assert comparable(got, expectation) == comparable(want, expectation)
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    "name", [case("imports", name) for name in sorted(PAYBACK) if source(name).suffix == ".docx"]
)
def test_the_typed_document_imports_as_expected(name: str, tmp_path: Path) -> None:
    """`import NAME.docx` writes a TOML file that loads as the same proposal."""
    expected_path = TYPED / f"{name}.expected.toml"
    expectation = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    id_ = expectation["id"]
    result = invoke("import", str(source(name)), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    want, _ = shown(id_, expected_path)
    got, _ = shown(id_, tmp_path / f"{id_}.toml")
    assert comparable(got, expectation) == comparable(want, expectation)


@pytest.mark.parametrize("name", [case("payback", name) for name in sorted(PAYBACK)])
def test_the_typed_documents_payback_is_the_hand_worked_one(name: str) -> None:
    """`payback ID --data NAME.docx --json` gives the payback worked in the docstring."""
    id_, years, year = PAYBACK[name]
    result = invoke("payback", id_, "--data", str(source(name)), "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert (got["payback_years"], got["payback_year"]) == (years, year)


@pytest.mark.parametrize("name", [case("expectation", name) for name in sorted(PAYBACK)])
def test_the_expectation_itself_gives_the_hand_worked_payback(name: str) -> None:
    """The expectations are consistent: each loads, and gives the payback worked by hand."""
    id_, years, year = PAYBACK[name]
    result = invoke("payback", id_, "--data", str(TYPED / f"{name}.expected.toml"), "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert (got["payback_years"], got["payback_year"]) == (years, year)


def parts(path: Path) -> list[list[str]]:
    """The required parts of a .warning.txt or .refusal.txt: each a list of alternatives."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        [alternative.strip().casefold() for alternative in line.split(" | ")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def says(text: str, required: list[list[str]]) -> bool:
    text = text.casefold()
    return all(any(alternative in text for alternative in part) for part in required)


WARNED = sorted(p.name.removesuffix(".warning.txt") for p in TYPED.glob("*.warning.txt"))


@pytest.mark.parametrize("name", [case("says", name) for name in WARNED])
def test_the_typed_document_says_what_it_had_to_decide(name: str) -> None:
    """Reading NAME.docx says so: one line on stderr with `--data`, and in `import`'s report."""
    required = parts(TYPED / f"{name}.warning.txt")
    id_ = tomllib.loads((TYPED / f"{name}.expected.toml").read_text(encoding="utf-8"))["id"]
    _, stderr = shown(id_, source(name))
    assert any(says(line, required) for line in stderr.splitlines()), stderr


@pytest.mark.parametrize("name", [case("reports", name) for name in WARNED])
def test_the_typed_documents_import_report_says_it_too(name: str, tmp_path: Path) -> None:
    required = parts(TYPED / f"{name}.warning.txt")
    result = invoke("import", str(source(name)), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert says(result.output, required), result.output


@pytest.mark.parametrize("name", [case("refused", name) for name in REFUSED])
def test_the_typed_document_is_refused_naming_the_place(name: str) -> None:
    """`list --data NAME.docx` refuses: exit 2, only `kkinvest:` lines, each naming the file,
    one of them the place the .refusal.txt names."""
    path = source(name)
    result = invoke("list", "--data", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("kkinvest:") and path.name in line for line in lines)
    alternatives = [
        alternative for part in parts(TYPED / f"{name}.refusal.txt") for alternative in part
    ]
    assert any(alternative in line.casefold() for line in lines for alternative in alternatives)


@pytest.mark.parametrize("name", [case("not imported", name) for name in REFUSED])
def test_import_of_a_refused_document_exits_2_naming_the_place(name: str, tmp_path: Path) -> None:
    """`import` of a document `--data` refuses: exit 2, and the report names the place."""
    result = invoke("import", str(source(name)), "-o", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    alternatives = [a for part in parts(TYPED / f"{name}.refusal.txt") for a in part]
    assert any(alternative in result.output.casefold() for alternative in alternatives)


@pytest.mark.parametrize("name", QUIET)
def test_the_typed_document_reads_without_a_warning(name: str, tmp_path: Path) -> None:
    """Nothing to warn of: no `advarsel` with `--data`, none in `import`'s report (a mark
    read as a digit gave a printed total of 6.731 and a false warning, or a false payback)."""
    id_ = tomllib.loads((TYPED / f"{name}.expected.toml").read_text(encoding="utf-8"))["id"]
    _, stderr = shown(id_, source(name))
    assert "advarsel" not in stderr, stderr
    result = invoke("import", str(source(name)), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "advarsel" not in result.output, result.output


def test_a_refused_cell_is_not_followed_by_warnings_about_the_totals() -> None:
    """TY27: the refused cell stops the proposal; the totals it leaves short are no news (two
    'stemmer ikke med linjerne' warnings followed the refusal)."""
    result = invoke("list", "--data", str(source("TY27")))
    assert result.exit_code == 2
    assert "stemmer ikke" not in result.output, result.output
