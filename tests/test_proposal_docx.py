"""`kkinvest export --docx FILE ID`: the named proposal in the municipality's template (issue
22, item 2): the kind over the title, Kort resumé, the header facts, Tabel 1, Opfølgning and
Tabel A/B/C. `kkinvest import` of that file gives the proposal back: every field as in the
catalogue but those in LEFT_OUT."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner

from kkinvest.cli import app

LEFT_OUT = ("source", "stated", "risks")
"""What the template does not print: where the proposal was read from, the figures its source
document printed (the catalogue keeps them; the template prints kkinvest's) and the costed
risks of a risk register (an analyst's figures, no section of the template). The Kort resumé,
the lifetime with its sentence and the Risikovurdering come back."""


def _show(*args: str) -> Any:
    result = CliRunner().invoke(app, ["show", *args, "--json"])
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.stdout)["proposal"]
    return {k: v for k, v in proposal.items() if k not in LEFT_OUT}


def _round_trip(proposal: str, folder: Path) -> Any:
    path = folder / f"{proposal}.docx"
    result = CliRunner().invoke(app, ["export", "--docx", str(path), proposal])
    assert result.exit_code == 0, result.output
    assert "kommunens skabelon" in result.stdout
    imported = folder / "import"
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    assert [p.stem for p in imported.glob("*.toml")] == [proposal]
    return _show(proposal, "--data", str(imported))


def test_a_proposal_in_the_template_imports_as_the_same_proposal(tmp_path) -> None:
    assert _round_trip("BC06", tmp_path) == _show("BC06")


def test_the_template_has_the_sections_a_proposal_has(tmp_path) -> None:
    path = tmp_path / "BC01.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), "BC01"]).exit_code == 0
    document = Document(str(path))
    text = [p.text for p in document.paragraphs]
    assert text[0] == "INVESTERINGSFORSLAG"
    assert text[1] == "Forslagets titel: BC01 Belysningspakke 2f"
    assert text[2].startswith("Kort resumé: Belysningspakke 2f er fortsættelsen")
    assert "Tabel 1. Forslagets samlede økonomiske konsekvenser" in text
    assert "Opfølgning" in text
    assert any(t.startswith("Tabel A. Måltalseffekt") for t in text)
    assert not any(t.startswith(("Tabel 2 Indkomne", "Sammenfatning", "Bilag")) for t in text)
    heads = [t.cell(0, 0).text for t in document.tables]
    assert "Opfølgningsmål" in heads


@pytest.mark.slow
def test_every_proposal_of_the_catalogue_imports_as_itself(builtin, tmp_path) -> None:
    for proposal in builtin.proposals:
        folder = tmp_path / proposal.id
        folder.mkdir()
        assert _round_trip(proposal.id, folder) == _show(proposal.id), proposal.id


def test_an_unfilled_administration_is_printed_as_not_filled_in(tmp_path) -> None:
    """BC02's application left the template's drop-down at "Vælg forvaltning": the document
    says it was not filled in, in the words `check` uses, and reads back as the unfilled
    drop-down, so `check` on the imported proposal warns as on the catalogue's."""
    path = tmp_path / "BC02.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), "BC02"]).exit_code == 0
    text = [p.text for p in Document(str(path)).paragraphs]
    assert "Fremstillende forvaltning: ikke udfyldt i ansøgningen" in text
    assert not any("Vælg forvaltning" in t for t in text)
    imported = tmp_path / "import"
    assert CliRunner().invoke(app, ["import", str(path), "-o", str(imported)]).exit_code == 0
    warnings = []
    for data in ([], ["--data", str(imported)]):
        result = CliRunner().invoke(app, ["check", "BC02", *data, "--json"])
        found = json.loads(result.stdout)["findings"]
        warnings.append([f["message"] for f in found if f["where"] == "Fremstillende forvaltning"])
    assert (
        warnings[0]
        == warnings[1]
        == ['fremstillende forvaltning er ikke udfyldt i ansøgningen ("Vælg forvaltning")']
    )


RISKS = (
    "Risikoen er, at leverandøren ikke kan levere i 2024.\n\nRisikoscore: Lille (6)\n\n"
    "Manglende anvendelse\n\nHvis medarbejderne ikke tager løsningen i brug, udebliver "
    "gevinsten; det imødegås med oplæring."
)


def test_the_risk_assessment_and_the_lifetime_come_back(write_proposal, tmp_path) -> None:
    """A proposal's Risikovurdering (its paragraphs and sub-headings) is printed as the
    template's section, last in the proposal, and its lifetime with the sentence that states
    it in the header; `import` gives both back as they were."""
    write_proposal(
        f"""
        summary = "Et forslag med en risikovurdering."
        lifetime = 8
        lifetime_source = "Løsningens levetid er ca. 8 år (afsnit 2)."
        risk_assessment = {json.dumps(RISKS, ensure_ascii=False)}
        [[lines]]
        label = "Effektivisering"
        section = "varig"
        area = "service"
        values = {{ 2024 = -500, 2025 = -1000 }}
        [[lines]]
        label = "Licens"
        section = "implementering"
        area = "service"
        values = {{ 2024 = 1500 }}
        """
    )
    path = tmp_path / "out" / "T1.docx"
    path.parent.mkdir()
    args = ["export", "--docx", str(path), "T1", "--data", str(tmp_path / "T1.toml")]
    assert CliRunner().invoke(app, args).exit_code == 0
    text = [p.text for p in Document(str(path)).paragraphs]
    assert "Levetid: 8 år – »Løsningens levetid er ca. 8 år (afsnit 2).«" in text
    start = text.index("Risikovurdering")
    assert text[start + 1 :] == RISKS.split("\n\n")
    imported = tmp_path / "out" / "import"
    assert CliRunner().invoke(app, ["import", str(path), "-o", str(imported)]).exit_code == 0
    back = _show("T1", "--data", str(imported))
    assert back == _show("T1", "--data", str(tmp_path / "T1.toml"))
    assert back["risk_assessment"] == RISKS and back["lifetime"] == 8


def test_tabel_a_b_and_c_print_column_under_column(tmp_path) -> None:
    """Tabel A, B and C stand one under the other: their columns are equally wide (each
    table fitted alone made the Udvalg column of Tabel A narrower than that of B and C)."""
    path = tmp_path / "BC02.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), "BC02"]).exit_code == 0
    document = Document(str(path))
    grids = [
        [column.width for column in table.columns]
        for table in document.tables
        if table.cell(0, 0).text == "Udvalg"
    ]
    assert len(grids) == 3
    assert grids[0] == grids[1] == grids[2]
