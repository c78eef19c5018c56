"""A figure typed "-1,500" in a table of 1.000 kr.: the Danish reading is -1,5, an English
thousands separator gives -1.500. kkinvest reads it the Danish way and says so on the cell,
and `import` writes it so that kkinvest itself reads the file back (TOML's `-1.500` is the
thousands trap toml_in refuses). Found by an outside test (NY19: 2026 shown as -2, no word)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from kkinvest.cli import app
from kkinvest.io.toml_out import _plain
from kkinvest.io.word import read_word
from kkinvest.numbers import comma_thousands
from kkinvest.registry import default_registry


def typed(path: Path, unit: str, figure: str) -> Path:
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_paragraph("Forslagets titel: NY19 Færre papirbreve")
    document.add_paragraph("Fremstillende forvaltning: Økonomiforvaltningen")
    document.add_paragraph("Udvalg: Økonomiudvalget")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        [f"{unit} 2025 p/l", "Styringsområde", "2025", "2026", "2027"],
        ["Varige ændringer", "", "", "", ""],
        ["Effektivisering", "Service", "", figure, "-1.500"],
        ["Implementeringsomkostninger", "", "", "", ""],
        ["Konsulent", "Service", "2.000", "", ""],
    ]
    grid = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("text", "seen"),
    [("-1,500", True), ("÷ 1,500", True), ("12,345", True), ("-1,5", False), ("-1.500", False)],
)
def test_three_digits_after_one_comma_is_the_english_thousands_shape(text, seen) -> None:
    assert comma_thousands(text) is seen


def test_the_cell_is_read_the_danish_way_with_a_warning_on_the_cell(tmp_path) -> None:
    path = typed(tmp_path / "ny19.docx", "1.000 kr.", "-1,500")
    [draft] = read_word(path, path.name, default_registry()).drafts
    [line] = [x for x in draft.lines if x.label == "Effektivisering"]
    assert line.values == {2026: Decimal("-1.500"), 2027: Decimal(-1500)}
    said = [f"{where}: {what}" for where, what in draft.warnings]
    [warning] = [w for w in said if "'-1,500'" in w]
    assert "kolonne 4" in warning  # the 2026 cell
    assert "læst som -1,500 1.000 kr." in warning and "skriv '-1.500'" in warning


def test_in_mio_kr_three_decimals_are_ordinary_and_pass_quietly(tmp_path) -> None:
    path = typed(tmp_path / "ny19.docx", "Mio. kr.", "-1,500")
    [draft] = read_word(path, path.name, default_registry()).drafts
    assert not [w for _, w in draft.warnings if "'-1,500'" in w]


def test_import_warns_and_writes_a_file_that_loads(runner, tmp_path) -> None:
    path = typed(tmp_path / "ny19.docx", "1.000 kr.", "-1,500")
    out = tmp_path / "katalog"
    result = runner.invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "advarsel" in result.stderr and "'-1,500'" in result.stderr
    written = (out / "NY19.toml").read_text(encoding="utf-8")
    assert "2026 = -1.5," in written  # not -1.500, the thousands trap
    loaded = runner.invoke(app, ["show", "NY19", "--data", str(out), "--json"])
    assert loaded.exit_code == 0, loaded.output


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("-1.500", "-1.5"),  # shorter, exact
        ("-1.234", "-1.2340"),  # exact, and not three decimals
        ("0.125", "0.125"),  # below 1: no trap
        ("-1500", "-1500"),
    ],
)
def test_a_written_figure_never_has_the_trap_shape(value, written) -> None:
    plain = _plain(Decimal(value))
    assert str(plain) == written
    assert tomllib.loads(f"x = {plain}", parse_float=Decimal)["x"] == Decimal(value)
