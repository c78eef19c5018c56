"""The terminal as a reader meets it (issue 22, item 4): no line padded with spaces, titles and
words kept whole while there is room (a word too long for its column broken, never cut to '…'),
the command list of `kkinvest -h` whole, whole paths in `info`, and `new` asking again after a
typo instead of stopping on an option the user never typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

runner = CliRunner()


def run(*args: str, width: int = 80, **options: object) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)}, **options)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [("list",), ("pool", "--budget", "2023"), ("show", "BC06"), ("tables", "BC03"), ("check",)],
)
def test_no_line_ends_in_padding(args: tuple[str, ...]) -> None:
    """rich pads every line of a table to its width; pasted into a mail, the padding shows."""
    result = runner.invoke(app, [*args, "--no-pager"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines and not [line for line in lines if line != line.rstrip()]


def test_list_wraps_titles_instead_of_cutting_them() -> None:
    """At 80 columns BC02's whole title is there, over several lines (it used to end
    'Bedre udnyt…')."""
    text = run("list", "--no-pager")
    title = column_text(text, "BC02")
    assert title == "Bedre udnyttelse af mobile enheder i Københavns Kommune (KK)"
    assert "…" not in text.split("(…)")[0]


def column_text(text: str, proposal: str) -> str:
    """The text of the 'Forslag' column in `proposal`'s row, over all its lines."""
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if re.search(rf"\s{proposal}\s", line))
    header = next(line for line in reversed(lines[:first]) if "Forslag" in line and "Nr." in line)
    column = header.index("Forslag")
    block = [lines[first]]
    for line in lines[first + 1 :]:
        if line[:column].strip() or not line.strip():  # the next row, or the table's end
            break
        block.append(line)
    figures = re.compile(r"(\s+[-\d.,()–]+)+$")
    return " ".join(figures.sub("", line[column:]).strip() for line in block)


def test_a_word_too_long_for_its_column_is_broken_not_cut() -> None:
    """BC11's 'gadebelysningsarmaturer' is wider than the title column of `pool` at 80
    columns: every letter is printed (the word continues on the next line)."""
    text = run("pool", "--budget", "2023", "--no-pager")
    assert "…" not in text
    title = column_text(text, "BC11").replace(" ", "")
    assert (
        title
        == "Udskiftningafgadebelysningsarmaturerogtrafiksignalhovedertil".replace(" ", "") + "LED"
    )


def test_the_command_list_is_whole() -> None:
    """Click cuts each command's description at the width and ends it in '...'."""
    text = run("-h")
    listing = text[text.index("Kommandoer:") :]
    assert "..." not in listing.replace("[ARGUMENTER]...", "")
    words = " ".join(listing.split())
    assert "forslag pr. budgetår, nøgler, puljer og rækkesæt." in words


def test_info_prints_the_whole_catalogue_path(tmp_path: Path) -> None:
    deep = tmp_path / "en" / "meget" / "lang" / "sti" / "til" / "et" / "katalog" / "som" / "ingen"
    deep.mkdir(parents=True)
    source = Path(__file__).parent.parent / "examples" / "budget-2023" / "BC06.toml"
    (deep / "BC06.toml").write_bytes(source.read_bytes())
    text = run("info", "--data", str(deep), width=50)
    assert str(deep) in "".join(line.strip() for line in text.splitlines())
    assert "…" not in text


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's input stream says it is a terminal, so `new` asks its questions."""
    import typer.testing

    monkeypatch.setattr(typer.testing._NamedTextIOWrapper, "isatty", lambda self: True)


def test_new_asks_again_after_a_typo(tmp_path: Path, terminal: None) -> None:
    """'Socialudvalg' is no committee: the question comes again with the suggestion, and the
    next answer is taken; nothing names --committee, which the user never typed."""
    path = tmp_path / "NY01.toml"
    answers = "Digital post\nSocialudvalg\nSUD\nSOF\n2026\n"
    result = runner.invoke(app, ["new", "NY01", "-o", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    assert "mente du SUD (Socialudvalget)?" in result.stderr
    assert "Prøv igen" in result.stderr and "--committee" not in result.output
    text = path.read_text(encoding="utf-8")
    assert 'committee = "SUD"' in text and 'administration = "SOF"' in text
    assert "budget = 2026" in text


def test_new_asks_again_for_a_year_that_is_no_year(tmp_path: Path, terminal: None) -> None:
    path = tmp_path / "NY02.toml"
    answers = "Titel\nBIU\nBIF\nnæste år\n2027\n"
    result = runner.invoke(app, ["new", "NY02", "-o", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    assert "budgetåret skal være et årstal" in result.stderr
    assert "budget = 2027" in path.read_text(encoding="utf-8")


def test_a_wrong_option_still_stops_and_names_the_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["new", "NY03", "-o", str(tmp_path / "NY03.toml"), "--committee", "Socialudvalg"]
    )
    assert result.exit_code == 2
    assert "--committee: ukendt udvalg 'Socialudvalg'; mente du SUD" in result.stderr
    assert not (tmp_path / "NY03.toml").exists()


def test_tables_explains_where_b_minus_c_is_not_a() -> None:
    """BC03 in 2025, worked in calc.tables.rounding_gaps: B − C gives SUD -205 and TMU -15
    where Tabel A prints -204 and -16. The note names every such cell, and only with all
    three tables shown."""
    text = " ".join(run("tables", "BC03", "--no-pager").split())
    assert "Tabel B − Tabel C afviger fra Tabel A med 1 i 4 celler:" in text
    assert "SUD 2025 (-1), TMU 2025 (+1)" in text
    assert "afviger fra Tabel A" not in run("tables", "BC03", "--table", "A", "--no-pager")
    assert "afviger fra Tabel A" not in run("tables", "BC06", "--no-pager")


def test_every_gap_between_b_minus_c_and_a_is_one() -> None:
    from kkinvest.calc.keys import proposal_shares, target_shares
    from kkinvest.calc.tables import rounding_gaps, tables
    from kkinvest.io.catalogue import load_catalogue
    from kkinvest.registry import default_registry

    catalogue = load_catalogue(Path(__file__).parent.parent / "examples")
    registry = catalogue.registry or default_registry()
    found = {}
    for proposal in catalogue.proposals:
        shares = proposal_shares(proposal, catalogue.keys, registry)
        made = tables(proposal, shares, registry, target_shares(proposal, catalogue.keys, registry))
        gaps = rounding_gaps(made["A"], made["B"], made["C"])
        assert all(abs(gap.difference) == 1 for gap in gaps)
        found[proposal.id] = {(g.row, g.year): int(g.difference) for g in gaps}
    assert found["BC03"][("SUD", 2025)] == -1 and found["BC03"][("TMU", 2025)] == 1
    assert not found["BC06"]
