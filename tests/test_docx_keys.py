"""Keys as the documents write them (issue 22, item 1): the Bilag and the single proposal name
a distribution key by its title and the date its figures were taken, never by kkinvest's id
("intune-2022"), and print inline weights with their unit; the Word reader maps the words back
to the key, so `export --docx FILE ID` -> `import` gives the same split (formats/keys.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner

from kkinvest.cli import app
from kkinvest.formats.keys import danish_date, key_named, key_words, weights_words
from kkinvest.model import Key, KeyWeights


def _key(**fields: Any) -> Key:
    return Key.model_validate({"weights": {"ØKF": 1}, **fields})


def test_a_key_is_written_by_its_title_and_the_date_of_its_figures() -> None:
    """intune-2022's table says "pr. 10.03.22": the date is added in words. intune-2023's
    title already says "juni 2023": not twice. A key without a title is its name."""
    intune = _key(
        name="intune-2022", title="Mobile enheder i Intune pr. 10.03.22", date="2022-03-10"
    )
    assert key_words(intune) == "Mobile enheder i Intune pr. 10.03.22, opgjort 10. marts 2022"
    june = _key(name="intune-2023", title="Mobilenheder i Intune, juni 2023", date="2023-06")
    assert key_words(june) == "Mobilenheder i Intune, juni 2023"
    assert key_words(_key(name="lige")) == "lige"
    assert [danish_date(d) for d in ("2022-03-10", "2023-06", "2022")] == [
        "10. marts 2022",
        "juni 2023",
        "2022",
    ]


def test_the_words_name_the_key_back() -> None:
    """By the printed words, by the title alone, case and spacing aside; not where two keys
    share the title or none has it."""
    a = _key(name="a-2022", title="Antal pc'er", date="2022-01-05")
    b = _key(name="b-2023", title="Antal pc'er", date="2023-01-05")
    c = _key(name="c", title="Areal")
    keys = [a, b, c]
    assert key_named("Antal pc'er, opgjort 5. januar 2022", keys) == "a-2022"
    assert key_named("  antal  PC'ER, opgjort 5. januar 2023.", keys) == "b-2023"
    assert key_named("Areal", keys) == "c"
    assert key_named("Antal pc'er", keys) is None  # two keys have that title
    assert key_named("Etageareal", keys) is None


def test_inline_weights_carry_their_unit() -> None:
    with_unit = KeyWeights.model_validate({"weights": {"KFF": 30634, "BUF": 39475}, "unit": "m²"})
    assert weights_words(with_unit) == "vægte i m²: KFF 30.634, BUF 39.475"
    plain = KeyWeights.model_validate({"weights": {"ØKF": 2, "SOF": 1}})
    assert weights_words(plain) == "vægte ØKF 2, SOF 1"


def _facts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_the_bilag_names_no_key_by_its_id(tmp_path: Path, builtin: Any) -> None:
    """Every key the 2023 and 2025 proposals use appears by its words, none by its id; BC01's
    floor areas with their unit (m², as section 5 of the proposal prints them)."""
    text = []
    for budget in ("2023", "2025"):
        path = tmp_path / f"bilag-{budget}.docx"
        args = ["export", "--docx", str(path), "--budget", budget]
        assert CliRunner().invoke(app, args).exit_code == 0
        text += _facts(path)
    assert (
        "Fordelingsnøgle: Mobile enheder (mobiltelefoner og iPads) i Intune pr. 10.03.22, "
        "opgjort 10. marts 2022"
    ) in text
    assert "Fordelingsnøgle: Mobilenheder registreret i Intune, juni 2023" in text
    assert "Teksten fordeler efter: vægte i m²: KFF 30.634, BUF 39.475" in text
    joined = "\n".join(text)
    for name in builtin.keys:  # the ids ("intune-2022"); "lige" is also a Danish word
        assert name == "lige" or name not in joined, name


def _export(proposal: str, folder: Path) -> Path:
    path = folder / f"{proposal}.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), proposal]).exit_code == 0
    return path


def _split_after_import(path: Path, folder: Path) -> tuple[int, str, Any]:
    out = folder / "import"
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(out)])
    if result.exit_code != 0:
        return result.exit_code, result.stderr, None
    shown = CliRunner().invoke(app, ["show", path.stem, "--data", str(out), "--json"])
    return result.exit_code, result.stderr, json.loads(shown.stdout)["proposal"]["split"]


@pytest.mark.parametrize("proposal", ["BC01", "BC02", "MOBIL-2025"])
def test_the_single_proposal_gives_its_split_back(proposal: str, tmp_path: Path) -> None:
    code, _, split = _split_after_import(_export(proposal, tmp_path), tmp_path)
    assert code == 0
    shown = CliRunner().invoke(app, ["show", proposal, "--json"])
    assert split == json.loads(shown.stdout)["proposal"]["split"]


def _retyped(path: Path, old: str, new: str) -> None:
    document = Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(old):
            for run in paragraph.runs[1:]:
                run.text = ""
            paragraph.runs[0].text = new
    document.save(str(path))


def test_a_key_written_by_its_id_still_reads(tmp_path: Path) -> None:
    """A Bilag kkinvest wrote before keys were named by their words said "intune-2022"."""
    path = _export("BC02", tmp_path)
    _retyped(path, "Fordelingsnøgle:", "Fordelingsnøgle: intune-2022")
    code, _, split = _split_after_import(path, tmp_path)
    assert code == 0 and split["key"] == "intune-2022"


def test_a_key_no_one_knows_is_named_and_refused(tmp_path: Path) -> None:
    path = _export("BC02", tmp_path)
    _retyped(path, "Fordelingsnøgle:", "Fordelingsnøgle: Antal skraldespande, opgjort 2021")
    code, stderr, _ = _split_after_import(path, tmp_path)
    assert code == 2
    assert "BC02.toml: kan ikke indlæses endnu" in stderr
    written = (tmp_path / "import" / "BC02.toml").read_text("utf-8")
    assert "»Antal skraldespande, opgjort 2021« er ingen kendt nøgle" in written
