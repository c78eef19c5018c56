"""`import` reads the follow-up a proposal plans (issue 23, item 7): the Opfølgning table into
milestones (text as written, a date or quarter parsed where it can be, said where not) and the
"udspringer af et innovationsforslag" answer."""

from pathlib import Path

import pytest

from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.io.followup_docx import due_of, innovation_origin, milestones
from kkinvest.io.grid import CHECKED, UNCHECKED, Grid, Paragraph

DOCUMENTS = Path(__file__).parent / "data" / "documents" / "budget-2023"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Primo 2024", "2024-Q1"),
        ("medio 2025", "2025-Q2"),
        ("Ultimo 2023", "2023-Q4"),
        ("2023, Q3", "2023-Q3"),
        ("I forbindelse med test og afprøvning Q4 2023", "2023-Q4"),
        ("Ved overgangen mellem Q1 og Q2 2023", "2023-Q2"),
        ("3. kvartal 2024", "2024-Q3"),
        ("15-06-2024", "2024-06-15"),
        ("Ved klargøringen frem imod Budget 2025", "2025"),
        ("Ved projektets afslutning", None),
        ("Hvert år", None),
        ("I 2023 og 2024", None),  # two years: which one is not said
    ],
)
def test_when_a_milestone_is_due(text, due) -> None:
    assert due_of(text) == due


def grid(rows: list[list[str]]) -> Grid:
    cells = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v}
    return Grid("X.docx", "tabel 4", cells)


def test_the_table_in_groups_text_as_written() -> None:
    table = grid(
        [
            ["Opfølgningsmål", "Hvordan måles opfølgningsmålet?", "Hvem", "Hvornår"],
            ["Milepæle for implementering og anvendelse af investeringsmidler", "", "", ""],
            ["Rettidig implementering", "Afsluttet i 2023", "KEID", "Primo 2024"],
            ["Realisering af effektiviseringer", "", "", ""],
            ["Realiseret effekt", "Forskel i kWh", "KEID", "Ved projektets afslutning"],
        ]
    )
    found, said = milestones([table])
    assert found == [
        {
            "goal": "Rettidig implementering",
            "how": "Afsluttet i 2023",
            "who": "KEID",
            "when": "Primo 2024",
            "group": "implementering",
            "due": "2024-Q1",
        },
        {
            "goal": "Realiseret effekt",
            "how": "Forskel i kWh",
            "who": "KEID",
            "when": "Ved projektets afslutning",
            "group": "effektivisering",
        },
    ]
    assert said == [
        (
            "X.docx, tabel 4, række 5, kolonne 4",
            "opfølgningen »Ved projektets afslutning« kan ikke dateres",
        )
    ]


def paragraphs(*texts: str) -> list[Paragraph]:
    question = "Her angives om forslaget udspringer af et innovationsforslag:"
    return [
        Paragraph(text, "Normal", f"afsnit {n}", n)
        for n, text in enumerate((question, *texts), start=1)
    ]


def test_the_innovation_answer() -> None:
    assert innovation_origin(paragraphs(f"{UNCHECKED} Ja", f"{CHECKED} Nej"))[0] == {
        "answer": "nej"
    }
    said = "Ja Innovationsprojektet 'Bedre kommunikationskanaler' OFS 2020-21"
    assert innovation_origin(paragraphs(said))[0] == {"answer": "ja", "text": said}
    answer, note = innovation_origin(paragraphs("Ja", "Nej"))
    assert answer is None
    assert note is not None and note.startswith("afsnit 1: ") and "kan ikke aflæses" in note


def test_import_writes_milestones_that_load_back(runner, tmp_path) -> None:
    """BC01: two milestones, both "Primo 2024"; Ja and Nej both printed, neither ticked."""
    result = runner.invoke(app, ["import", str(DOCUMENTS / "BC01.docx"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "opfølgning: 2 milepæle, 2 af dem med en dato" in " ".join(result.stdout.split())
    assert "kan ikke aflæses" in result.stdout
    text = (tmp_path / "BC01.toml").read_text(encoding="utf-8")
    assert 'when = "Primo 2024"' in text and 'due = "2024-Q1"' in text
    cat = load_catalogue(tmp_path)
    assert cat.followup is not None
    assert [m.goal for m, _ in cat.followup.milestones] == [
        "Rettidig implementering",
        "Realiseret udskiftet effekt",
    ]
    assert {m.id for m, _ in cat.followup.milestones} == {"BC01"}
