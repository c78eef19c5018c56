"""Properties and fuzzing of the readers: generated proposals round-trip through TOML and Excel
unchanged; generated TOML documents and workbooks never end in a traceback, only in a clean
load or in `InputError`.

The number of examples is bounded for CI; `python benchmarks/fuzz.py` runs many more
(it sets KKINVEST_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import datetime
import io
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kkinvest.io.catalogue import load_catalogue, parse_proposal
from kkinvest.io.problems import InputError
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.io.toml_out import dumps_proposal
from kkinvest.model import Proposal
from kkinvest.registry import default_registry

REGISTRY = default_registry()
SCALE = int(os.environ.get("KKINVEST_FUZZ_EXAMPLES", "0"))
"""0 in CI (bounded); benchmarks/fuzz.py 50 runs 200 x 50 examples of each fuzzer: about
30.000 TOML documents (three fuzzers) and 10.000 workbooks."""


def _examples(ci: int, per_scale: int = 200) -> settings:
    return settings(
        max_examples=per_scale * SCALE if SCALE else ci,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


FAST = _examples(40)
SLOW = _examples(12)
ROUND_TRIP = _examples(12, per_scale=4)  # a full export each: the fuzzers find the crashes

text = (
    st.text(
        alphabet=st.characters(
            categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\xa0"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
amount = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(Decimal),
    st.decimals(
        min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
    ),
)


ROW_WORDS = [
    "Samlet varig ændring",
    "Samlede implementeringsomkostninger",
    "Samlet økonomisk påvirkning",
    "Nutidsværdi",
    "Akkumuleret",
    "Tilbagebetaling",
    "Tilbagebetalingstid",
    "Varige ændringer",
    "Implementering",
    "Søges der om midler",
    "Note",
    "Kilde",
    "*",
    "1.000 kr.",
]
"""Words the recogniser knows rows by: a line's label built from them may be read back as
that row, and then export refuses it (kkinvest.io.recognise.misread_as)."""

labels = st.one_of(
    text,
    st.builds(
        lambda word, rest: f"{word} {rest}".strip(),
        st.sampled_from(ROW_WORDS),
        st.sampled_from(["", "af it", "i alt", "(service)", "2025"]),
    ),
)


@st.composite
def lines(draw: Any) -> dict[str, Any]:
    first = draw(st.integers(min_value=2015, max_value=2030))
    years = draw(
        st.lists(
            st.integers(min_value=first, max_value=first + 7), min_size=1, max_size=8, unique=True
        )
    )
    return {
        "section": draw(st.sampled_from(["varig", "implementering"])),
        "label": draw(labels),
        "area": draw(st.sampled_from(["service", "anlæg", "overførsler"])),
        "values": {year: draw(amount) for year in sorted(years)},
        "in_payback": draw(st.booleans()),
        "memo": draw(st.booleans()),
    }


@st.composite
def proposals(draw: Any) -> Proposal:
    committees = REGISTRY.committee_codes()
    data = {
        "id": draw(st.from_regex(r"[A-Z][A-Z0-9]{1,6}", fullmatch=True)),
        "title": draw(text),
        "kind": draw(st.sampled_from(["investering", "innovation", "effektivisering"])),
        "budget": draw(st.integers(min_value=2015, max_value=2035)),
        "price_level": draw(st.integers(min_value=2015, max_value=2035)),
        "committee": draw(st.sampled_from(committees)),
        "administration": draw(st.sampled_from(REGISTRY.administration_codes())),
        "pool": draw(st.sampled_from(["investering", "innovation", "none"])),
        "lines": draw(st.lists(lines(), min_size=1, max_size=6)),
    }
    if draw(st.booleans()):
        data["source"] = draw(text)
    if draw(st.booleans()):
        data["split"] = {
            "key": draw(st.sampled_from(["intune-2022", "lige", "inventar-2018-2019"])),
            "costs": draw(st.sampled_from(["KIT", "key", "KEID"])),
        }
    if draw(st.booleans()):
        data["stated"] = {
            "payback_service": draw(st.integers(min_value=0, max_value=40)),
            "total_permanent": {2024: draw(amount)},
        }
    return Proposal.model_validate(data, context={"registry": REGISTRY})


@FAST
@given(proposals())
def test_proposals_round_trip_through_toml(proposal: Proposal) -> None:
    text_ = dumps_proposal(proposal)
    assert parse_proposal(parse_toml_bytes(text_.encode(), "x"), "x", REGISTRY) == proposal


@ROUND_TRIP
@given(proposals())
def test_proposals_round_trip_through_excel(tmp_path_factory, proposal: Proposal) -> None:
    """What export agrees to write reads back to the same proposal; a line whose label would
    be read back as another row is refused by export (tests/test_excel.py), not written."""
    from kkinvest.calc.keys import proposal_shares
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.calc.tables import tables
    from kkinvest.io.files import write_atomically
    from kkinvest.io.recognise import misread_as
    from kkinvest.io.toml_out import dumps, extra_data
    from kkinvest.render.excel import ProposalSheet, build_workbook

    assume(not any(misread_as(line.label, bool(line.values)) for line in proposal.lines))
    keys = load_catalogue(tmp_path_factory.mktemp("empty")).keys
    sheet = ProposalSheet(
        proposal,
        {b: compute_payback(proposal, b) for b in Basis},
        tables(proposal, proposal_shares(proposal, keys, REGISTRY), REGISTRY),
        dumps(extra_data(proposal)) if extra_data(proposal) else "",
    )
    path = tmp_path_factory.mktemp("xlsx") / "p.xlsx"
    book = build_workbook([sheet], [], REGISTRY)
    write_atomically(path, lambda t: book.save(t))
    assert load_catalogue(path).proposals == (proposal,)


FIELDS = [
    "id",
    "title",
    "kind",
    "budget",
    "price_level",
    "committee",
    "administration",
    "pool",
    "lines",
    "stated",
    "split",
    "source",
    "extra",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(["investering", "varig", "service", "BIU", "BIF", "2023", "-1.898", "nan"]),
)
toml_values = st.recursive(
    scalars.filter(lambda v: v is not None),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=8),
                st.sampled_from(["2023", "20x3", "1066", "label", "values", "section", "area"]),
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


@FAST
@given(st.dictionaries(st.sampled_from(FIELDS), toml_values, max_size=10))
def test_generated_toml_never_ends_in_a_traceback(document: dict[str, Any]) -> None:
    try:
        raw = tomli_w.dumps(document).encode()
    except (TypeError, ValueError):
        return  # not representable as TOML (e.g. NaN in some writers): nothing to read
    try:
        parse_proposal(parse_toml_bytes(raw, "fuzz.toml"), "fuzz.toml", REGISTRY)
    except InputError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.toml") for p in exc.problems)


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_as_toml_never_end_in_a_traceback(raw: bytes) -> None:
    try:
        parse_toml_bytes(raw, "fuzz.toml")
    except InputError as exc:
        assert exc.problems


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([math.inf, -math.inf]),
    st.text(max_size=15).filter(lambda t: not t.startswith("=")),
    st.sampled_from(
        [
            "-",
            ".",
            "1.898",
            "-8.500",
            "9,8",
            "abc",
            "2023",
            "Service",
            "Anlæg",
            "Varige ændringer",
            "Implementeringsomkostninger",
            "Samlet varig ændring",
            "indgår ikke",
        ]
    ),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)


FILLED = [(3, 2, "T1"), (4, 2, "Titel"), (8, 2, "BIU"), (9, 2, "BIF"), (16, 1, "Effekt")]


@SLOW
@example([(3, 2, 123), *FILLED[1:], (16, 3, -100)], False, False)  # a number as Nr.
@example([*FILLED, (16, 3, 10**20)], False, False)  # more than 15 digits
@example([*FILLED, (16, 3, 1e300)], False, False)
@example([*FILLED, (16, 3, "1.234.567.890.123.456.789")], False, False)
@example([*FILLED, (16, 3, "١٢٣")], False, False)  # Arabic-Indic digits
@example([*FILLED, (16, 1, "x" * 600), (16, 3, -1)], False, False)  # too long a label
@example([*FILLED, (4, 2, "Titel\uffff"), (16, 3, -1)], False, False)
@example([*FILLED, (14, 3, "02025"), (16, 3, -1)], False, False)  # a year with a leading 0
@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(1, 12), cells), max_size=60),
    st.booleans(),
    st.booleans(),
)
def test_generated_workbooks_never_end_in_a_traceback(
    tmp_path_factory, changes, drop_sheet, extra_sheet
) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    from kkinvest.io.excel_in import read_workbook

    base = _template(tmp_path_factory)
    book = load_workbook(base)
    sheet = book["Forslag"]
    for row, col, value in changes:
        try:
            sheet.cell(row, col).value = value
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # a value openpyxl itself refuses to store
    if extra_sheet:
        book.create_sheet("Noter")["A1"] = "x"
    if drop_sheet:
        del book["Forslag"]
        if not book.sheetnames:
            book.create_sheet("Tom")
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    buffer = io.BytesIO()  # in memory: a save that fails leaves openpyxl's zip file open
    try:
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    except (ValueError, TypeError, AttributeError):
        # AttributeError: a refused value (e.g. "\x08" over False) leaves openpyxl's cell half
        # changed, and its own writer then fails on it; nothing kkinvest reads
        return
    try:
        read_workbook(path, "f.xlsx", REGISTRY)
    except InputError as exc:
        assert exc.problems and all(str(p).startswith("f.xlsx") for p in exc.problems)


_TEMPLATE: list[Path] = []


def _template(tmp_path_factory) -> Path:
    if not _TEMPLATE:
        from kkinvest.render.excel_template import template_workbook

        path = tmp_path_factory.mktemp("template") / "t.xlsx"
        template_workbook(2025).save(path)
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


@ROUND_TRIP
@given(st.integers(min_value=1800, max_value=2300))
def test_years_far_in_the_past_or_future_fail_cleanly(year: int) -> None:
    document = {
        "id": "FAR",
        "title": "Langt ude",
        "kind": "investering",
        "budget": 2023,
        "price_level": 2023,
        "committee": "BIU",
        "administration": "BIF",
        "pool": "investering",
        "lines": [{"section": "varig", "label": "x", "area": "service", "values": {str(year): -1}}],
    }
    try:
        assert parse_proposal(document, "far.toml", REGISTRY).lines[0].values == {year: -1}
        assert 1990 <= year <= 2100
    except InputError as exc:
        assert "er ikke et årstal" in str(exc)


def test_ten_thousand_lines_in_toml_and_excel(tmp_path) -> None:
    from openpyxl import Workbook

    from kkinvest.calc.payback import compute_payback

    lines = "".join(
        f'[[lines]]\nsection = "varig"\nlabel = "L{i}"\narea = "service"\nvalues = {{ 2024 = -1 }}\n'
        for i in range(10_000)
    )
    invest = '[[lines]]\nsection = "implementering"\nlabel = "P"\narea = "anlæg"\nvalues = { 2023 = 25000 }\n'
    header = 'id = "BIG"\ntitle = "Stort"\nkind = "investering"\nbudget = 2023\nprice_level = 2023\ncommittee = "BIU"\nadministration = "BIF"\npool = "investering"\n'
    path = tmp_path / "big.toml"
    path.write_text(header + lines + invest, "utf-8")
    [big] = load_catalogue(path).proposals
    assert len(big.lines) == 10_001
    assert compute_payback(big).years == 4  # 10.000 a year from 2024 (year 2) against 25.000

    book = Workbook()
    sheet = book.active
    for row in (
        ["Nr.", "BIG"],
        ["Titel", "Stort"],
        ["Type", "investering"],
        ["Budget", 2023],
        ["Pris- og lønniveau", 2023],
        ["Udvalg", "BIU"],
        ["Forvaltning", "BIF"],
        ["Pulje", "investering"],
        ["1.000 kr. 2023 p/l", "Styringsområde", 2023, 2024],
        ["Varige ændringer"],
    ):
        sheet.append(row)
    for i in range(10_000):
        sheet.append([f"L{i}", "Service", None, "-1"])
    xlsx = tmp_path / "big.xlsx"
    book.save(xlsx)
    [from_excel] = load_catalogue(xlsx).proposals
    assert len(from_excel.lines) == 10_000


# --- the whole command line on structure-aware documents, seeded with issue 12's reproductions

HOSTILE = [
    Decimal("1e28"),
    Decimal("1234567890123456789012345678.9"),
    Decimal("1e999999999"),
    Decimal("1e-300"),
    Decimal("-0E-1000000"),
    10**400,
    10**16,
    -(10**15),
    "",
    "\x01",
    "Eff\uffff",
    "x" * 600,
    "١٢٣",
    "02024",
    " 2024",
    "2024",
    True,
    [],
    {},
]
COMMANDS = [
    ["list"],
    ["payback", "T1"],
    ["payback", "--all", "--json"],
    ["tables", "T1"],
    ["check"],
    ["pool"],
    ["keys"],
    ["allocate", "T1"],
]


def _valid_document() -> dict[str, Any]:
    return {
        "id": "T1",
        "title": "Testforslag",
        "kind": "investering",
        "budget": 2023,
        "price_level": 2023,
        "committee": "BIU",
        "administration": "BIF",
        "pool": "investering",
        "lines": [
            {
                "section": "implementering",
                "label": "Projekt",
                "area": "anlæg",
                "values": {"2023": 1000},
            },
            {"section": "varig", "label": "Effekt", "area": "service", "values": {"2024": -500}},
        ],
        "split": {"key": "intune-2022", "profit_centers": {"KEID": "1170"}},
        "stated": {
            "payback_service": 3,
            "tabel_a": {"title": "Tabel A", "rows": {"BIU": {"2024": -500}}},
        },
    }


def _mutate(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """`document` with the value at `path` (keys and list indices) replaced, or a key added."""
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return document


MUTABLE = [
    ["title"],
    ["budget"],
    ["lines", 0, "label"],
    ["lines", 0, "values", "2023"],
    ["lines", 1, "values", "2024"],
    ["lines", 1, "values", "02024"],
    ["lines", 1, "values", " 2024"],
    ["split", "key"],
    ["split", "profit_centers", "KEID"],
    ["stated", "payback_service"],
    ["stated", "tabel_a", "title"],
    ["stated", "tabel_a", "rows", "BIU", "2024"],
]


@st.composite
def mutated_documents(draw: Any) -> dict[str, Any]:
    document = _valid_document()
    for _ in range(draw(st.integers(0, 3))):
        value = draw(st.one_of(st.sampled_from(HOSTILE), toml_values, amount))
        document = _mutate(document, draw(st.sampled_from(MUTABLE)), value)
    return document


def _run_everything(tmp: Path, document: dict[str, Any], command: list[str]) -> None:
    from typer.testing import CliRunner

    from kkinvest.cli import app

    try:
        raw = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return
    (tmp / "T1.toml").write_text(raw, encoding="utf-8")
    result = CliRunner().invoke(app, [*command, "--data", str(tmp)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{command}: {result.exception!r}\n{raw}"
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.stderr


@_examples(20, per_scale=40)
@example({**_valid_document(), "title": "x" * 4_000_000}, ["list"])
@example(
    _mutate(_valid_document(), ["lines", 1, "values", "2024"], Decimal("1e28")), ["payback", "T1"]
)
@example(
    _mutate(_valid_document(), ["lines", 1, "values", "2024"], Decimal("1e999999999")), ["list"]
)
@example(_mutate(_valid_document(), ["lines", 1, "values", "2024"], 10**400), ["check"])
@example(_mutate(_valid_document(), ["stated", "payback_service"], 10**400), ["list"])
@example(_mutate(_valid_document(), ["split", "key"], ""), ["tables", "T1"])
@example(_mutate(_valid_document(), ["split", "profit_centers", "KEID"], "11\x0170"), ["list"])
@example(_mutate(_valid_document(), ["stated", "tabel_a", "title"], "A\x01"), ["check"])
@example(_mutate(_valid_document(), ["lines", 0, "label"], "P\uffff"), ["list"])
@example(_mutate(_valid_document(), ["lines", 1, "values", "02024"], -1), ["payback", "T1"])
@given(mutated_documents(), st.sampled_from(COMMANDS))
def test_generated_catalogues_through_the_command_line(
    tmp_path_factory, document: dict[str, Any], command: list[str]
) -> None:
    _run_everything(tmp_path_factory.mktemp("cli"), document, command)


# --- Word documents: real documents mutated structurally (issue 20, item 6) ---------------------
#
# Each case takes one of the documents in tests/data/documents and changes it as a person, a
# damaged disk or an attacker would: a cell's text, rows and tables copied, dropped or nested,
# spans and merges, paragraphs, altChunks, whole parts dropped or broken, a DTD, bytes of the
# zip archive flipped or cut. Reading it (`--data`, `import`) must end in proposals or in InputError, never
# a traceback, within WORD_SECONDS. benchmarks/fuzz.py runs 2.000 of them and reports the time
# and memory (KKINVEST_FUZZ_STATS: one line per case).

WORD_SOURCES = sorted((Path(__file__).parent / "data" / "documents").rglob("*.docx"))
WORD_SECONDS = 10
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CELL_TEXTS = [
    "",
    "-",
    ".",
    "1.898",
    "-8.500",
    "9,8",
    "−2.000",
    "÷ 300",
    "6²",
    "13*",
    "١٢٣",
    "٣",
    "2023",
    "2023*",
    "02024",
    "1e400",
    "99999999999999999999",
    "Varige ændringer",
    "Implementeringsomkostninger",
    "Samlet varig ændring",
    "Styringsområde",
    "Service",
    "Anlæg",
    "Tabel 1. Forslagets samlede økonomiske konsekvenser",
    "INVESTERINGSFORSLAG",
    "Forslagets titel: ZZ99 Fuzz",
    "Budget 2023",
    "Mio. kr. 2023 p/l",
    "1.000 kr. 2023 p/l",
    "x" * 600,
    "a\u0085b",
    "a\u202eb",
    "\u00a0",
    "☒",
    "☐",
]
XML_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
    max_size=12,
)
"""Text a Word document can hold (XML 1.0 has no control characters but tab and newline)."""
_WORD_CACHE: dict[Path, dict[str, bytes]] = {}


def _parts(source: Path) -> dict[str, bytes]:
    import zipfile

    if source not in _WORD_CACHE:
        with zipfile.ZipFile(source) as archive:
            _WORD_CACHE[source] = {i.filename: archive.read(i) for i in archive.infolist()}
    return dict(_WORD_CACHE[source])


def _mutate_body(data: Any, body: Any) -> None:
    """One structural change to the document's body (an lxml tree)."""
    import copy

    w = f"{{{W_NS}}}"
    kind = data.draw(
        st.sampled_from(
            ["text", "text", "text", "row", "table", "nest", "span", "paragraph", "drop", "chunk"]
        ),
        label="body change",
    )
    if kind == "text":
        texts = list(body.iter(f"{w}t"))
        if texts:
            element = data.draw(st.sampled_from(texts), label="w:t")
            element.text = data.draw(st.sampled_from(CELL_TEXTS) | XML_TEXT)
    elif kind == "row":
        rows = list(body.iter(f"{w}tr"))
        if rows:
            row = data.draw(st.sampled_from(rows), label="w:tr")
            how = data.draw(st.sampled_from(["copy", "drop", "many"]))
            if how == "drop":
                row.getparent().remove(row)
            else:
                for _ in range(1 if how == "copy" else data.draw(st.integers(2, 200))):
                    row.addnext(copy.deepcopy(row))
    elif kind == "table":
        tables = list(body.iter(f"{w}tbl"))
        if tables:
            table = data.draw(st.sampled_from(tables), label="w:tbl")
            if data.draw(st.booleans()):
                table.getparent().remove(table)
            else:
                table.addnext(copy.deepcopy(table))
    elif kind == "nest":
        tables = list(body.iter(f"{w}tbl"))
        cells = list(body.iter(f"{w}tc"))
        if tables and cells:
            table = data.draw(st.sampled_from(tables), label="nested")
            cell = data.draw(st.sampled_from(cells), label="into")
            cell.append(copy.deepcopy(table))
    elif kind == "span":
        cells = list(body.iter(f"{w}tc"))
        if cells:
            cell = data.draw(st.sampled_from(cells), label="w:tc")
            props = cell.find(f"{w}tcPr")
            if props is None:
                props = cell.makeelement(f"{w}tcPr", {})
                cell.insert(0, props)
            name = data.draw(st.sampled_from(["gridSpan", "vMerge"]))
            value = data.draw(
                st.sampled_from(["0", "-1", "2", "63", "64", "100000", "x", "restart"])
            )
            props.append(props.makeelement(f"{w}{name}", {f"{w}val": value}))
    elif kind == "paragraph":
        paragraphs = list(body.iter(f"{w}p"))
        if paragraphs:
            paragraph = data.draw(st.sampled_from(paragraphs), label="w:p")
            if data.draw(st.booleans()):
                paragraph.getparent().remove(paragraph)
            else:
                paragraph.addnext(copy.deepcopy(paragraph))
    elif kind == "chunk":  # an altChunk: its relationship there, dangling, or another part's
        places = [body, *body.iter(f"{w}tc")]
        place = data.draw(st.sampled_from(places), label="altChunk in")
        rid = data.draw(st.sampled_from(["rId1", "rId2", "rId9999", ""]), label="r:id")
        relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        chunk = place.makeelement(f"{w}altChunk", {f"{{{relationships}}}id": rid})
        place.insert(data.draw(st.integers(0, len(place)), label="at"), chunk)
    else:  # drop everything after a random element of the body
        children = list(body)
        if children:
            cut = data.draw(st.integers(0, len(children) - 1), label="cut")
            for child in children[cut:]:
                body.remove(child)


def _mutated_document(data: Any) -> bytes:
    import io
    import zipfile

    from lxml import etree

    source = data.draw(st.sampled_from(WORD_SOURCES), label="document")
    parts = _parts(source)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{{{W_NS}}}body")
    for _ in range(data.draw(st.integers(1, 5), label="body changes")):
        _mutate_body(data, body)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    names = sorted(parts)
    for _ in range(data.draw(st.sampled_from([0, 0, 0, 1, 2]), label="part changes")):
        name = data.draw(st.sampled_from(names), label="part")
        how = data.draw(st.sampled_from(["drop", "cut", "garbage", "dtd", "empty"]))
        if how == "drop":
            parts.pop(name, None)
        elif how == "cut" and name in parts:
            parts[name] = parts[name][: data.draw(st.integers(0, len(parts[name])))]
        elif how == "garbage":
            parts[name] = data.draw(st.binary(max_size=64))
        elif how == "dtd" and name in parts:
            parts[name] = (
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "E">]>'
                + parts[name].split(b"?>", 1)[-1]
            )
        elif how == "empty":
            parts[name] = b""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    raw = bytearray(buffer.getvalue())
    for _ in range(data.draw(st.sampled_from([0, 0, 0, 0, 1, 2]), label="byte changes")):
        at = data.draw(st.integers(0, len(raw) - 1), label="byte")
        if data.draw(st.booleans()):
            raw[at] ^= data.draw(st.integers(1, 255))
        else:
            del raw[at:]
            break
    return bytes(raw)


def _record(outcome: str, cpu: float, wall: float) -> None:
    """One line per case for benchmarks/fuzz.py: outcome, CPU and wall seconds, and the
    process's peak memory so far in MB (a case that raises it is the case that cost it)."""
    import resource

    stats = os.environ.get("KKINVEST_FUZZ_STATS")
    if stats:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(stats, "a", encoding="utf-8") as handle:
            handle.write(f"{outcome} {cpu:.3f} {wall:.3f} {peak:.0f}\n")


@settings(_examples(25, per_scale=40), derandomize=not SCALE)  # the same 25 in every landing
@given(st.data())
def test_mutated_word_documents_never_end_in_a_traceback(tmp_path_factory, data) -> None:
    import gc
    import time

    from kkinvest.io.word import draft_toml, read_word

    path = tmp_path_factory.mktemp("docx") / "f.docx"
    path.write_bytes(_mutated_document(data))
    gc.collect()  # what the last case left is not this case's
    start, cpu = time.perf_counter(), time.process_time()
    outcome = "read"
    try:
        load_catalogue(path)  # --data f.docx
    except InputError as exc:
        outcome = "refused"
        assert exc.problems and all("f.docx" in p.source for p in exc.problems), exc
    try:
        for draft in read_word(path, "f.docx", REGISTRY).drafts:  # import f.docx
            draft_toml(draft)
    except InputError as exc:
        assert exc.problems and all(str(p).startswith("f.docx") for p in exc.problems), exc
    seconds = time.process_time() - cpu  # a hang spins: CPU time, whatever else the machine runs
    _record(outcome, seconds, time.perf_counter() - start)
    assert seconds < WORD_SECONDS, seconds
