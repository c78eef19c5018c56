"""One id rule for the whole project (kkinvest/formats/ids.py): the model's pattern for TOML and
`new`, and the id in "Forslagets titel" for the Word and Excel readers. Before, the readers took
at most four digits and stopped at a dash: "NY27-04" became id NY27 and title "04 …" (two such
files collided), and "S00006" was no id at all (a Bilag of such proposals read back with ids
guessed from the file name)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from test_docx_layouts import LINES_PART_1, LINES_PART_2, table

from kkinvest.formats.ids import id_in_title
from kkinvest.io.word import proposal_of, read_word
from kkinvest.registry import default_registry


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NY27-04 Affaldssortering", ("NY27-04", "Affaldssortering")),
        ("S00006: Fælles indkøb", ("S00006", "Fælles indkøb")),
        (
            "BC06 Automatisering af administrative funktioner i BIF",
            ("BC06", "Automatisering af administrative funktioner i BIF"),
        ),
        ("BC06. Titel", ("BC06", "Titel")),
        ("BC06 – Titel", ("BC06", "Titel")),
        ("BC06-Automatisering", ("BC06", "Automatisering")),
        ("INV-2027.3 Titel", ("INV-2027.3", "Titel")),
        ("Robotter i 2027", None),
        ("IT-system til 2027", None),
        ("AB 12 Titel", None),
    ],
)
def test_the_id_in_a_title(text: str, found: tuple[str, str] | None) -> None:
    assert id_in_title(text) == found


def proposal(path: Path, title: str) -> Path:
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_paragraph("Budget 2027")
    document.add_paragraph(f"Forslagets titel: {title}")
    document.add_paragraph("Fremstillende forvaltning: Teknik- og Miljøforvaltningen")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    header = ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029", "2030"]
    table(document, [header, *LINES_PART_1, *LINES_PART_2])
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("title", "id_", "name"),
    [
        ("NY27-04 Affaldssortering", "NY27-04", "Affaldssortering"),
        ("S00006 Fælles indkøb", "S00006", "Fælles indkøb"),
    ],
)
def test_the_word_reader_keeps_the_id_whole(
    tmp_path: Path, title: str, id_: str, name: str
) -> None:
    registry = default_registry()
    path = proposal(tmp_path / "forslag.docx", title)
    (draft,) = read_word(path, "forslag.docx", registry).drafts
    assert (draft.id, draft.title) == (id_, name)
    assert "id" not in draft.guesses
    assert proposal_of(draft, registry).id == id_
