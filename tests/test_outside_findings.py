"""What an outside test as a new analyst found, each as a test that failed before."""

from __future__ import annotations

import json

import pytest

from kkinvest.cli import app

PROPOSAL = """
id = "NY01"
title = "Færre papirbreve"
kind = "effektivisering"
budget = 2027
price_level = 2027
committee = "ØU"
administration = "ØKF"
pool = "{pool}"

[[lines]]
label = "Effektivisering"
section = "varig"
area = "service"
values = {{ 2027 = -500, 2028 = -1000 }}

[[lines]]
label = "Konsulent"
section = "implementering"
area = "service"
values = {{ 2027 = 2000 }}
"""


@pytest.mark.parametrize("word", ["ingen", "Ingen pulje", "none"])
def test_the_danish_word_for_no_pool_is_taken(runner, tmp_path, word) -> None:
    """`new` wrote "# pulje: investering | innovation | none"; "ingen" was refused with
    "ukendt pulje 'ingen'", though the template and the README speak Danish."""
    path = tmp_path / "NY01.toml"
    path.write_text(PROPOSAL.format(pool=word), encoding="utf-8")
    result = runner.invoke(app, ["show", "NY01", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["proposal"]["pool"] == "none"


def test_import_names_the_other_file_of_a_duplicate_id(runner, tmp_path) -> None:
    """`import docs -o out` with a folder holding BC01 twice said only "id BC01 er allerede
    læst fra en anden fil": which one, the analyst had to find out."""
    from test_comma_thousands import typed

    first = typed(tmp_path / "a.docx", "1.000 kr.", "-1.500")
    second = typed(tmp_path / "b.docx", "1.000 kr.", "-1.500")
    result = runner.invoke(app, ["import", str(first), str(second), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "b.docx: id NY19 er allerede læst fra " in result.stderr
    assert "a.docx; giv det ene forslag et andet nummer" in result.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_duplicate_id_is_named_once_in_the_message(runner, tmp_path) -> None:
    """`list --data docs` said "…bilag-7-budget-2023.docx, BC01: BC01: nummeret 'BC01'…"."""
    from test_comma_thousands import typed

    typed(tmp_path / "a.docx", "1.000 kr.", "-1.500")
    typed(tmp_path / "b.docx", "1.000 kr.", "-1.500")
    result = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if "findes to gange" in x]
    assert line.count("NY19") == 2, line  # the file's place and the message, not three


def test_a_bilag_beside_its_proposal_names_the_id_once(runner, tmp_path) -> None:
    """The outside test's case: a Bilag holding BC01 beside BC01.docx."""
    import shutil
    from pathlib import Path

    documents = Path(__file__).parent / "data" / "documents"
    shutil.copy(documents / "budget-2023" / "BC01.docx", tmp_path)
    shutil.copy(documents / "samlet" / "bilag-7-budget-2023.docx", tmp_path)
    result = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if "'BC01' findes to gange" in x]
    assert "bilag-7-budget-2023.docx, BC01: nummeret 'BC01' findes to gange" in line
