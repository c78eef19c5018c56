"""The "Risikovurdering" section kept as text (io/risk_section.py), from the documents' text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkinvest.io.risk_section import risk_assessment
from kkinvest.model import MAX_RISK_TEXT

SEED = Path("/work/shared/seeds/000_2f41ed4446b5bc42.txt")

TEXT = """Forslagets titel: BC05 App til digital dialog med borgere
## 9. Risikovurdering

Nedenstående risici er vurderet ud fra en skala, hvor der tages højde for sandsynligheden.

### Forlængede arbejdsprocesser

Der er vis risiko for flere henvendelser.

Risikoscore: Lav (9)

## 10. Hvem er hørt?

Center for Økonomi	Ja
"""


def test_the_section_runs_to_the_next_numbered_heading() -> None:
    found = risk_assessment(TEXT.splitlines())
    assert found is not None
    assert found.startswith("Nedenstående risici er vurderet")
    assert "Forlængede arbejdsprocesser\n\nDer er vis risiko" in found
    assert found.endswith("Risikoscore: Lav (9)")
    assert "Hvem er hørt" not in found


def test_without_the_section_there_is_none() -> None:
    assert risk_assessment(["1. Baggrund og formål", "Tekst."]) is None


def test_a_long_section_is_cut_at_a_paragraph_and_marked() -> None:
    lines = ["Risikovurdering", *(["x" * 900] * 20), "11. Hvem er hørt?"]
    found = risk_assessment(lines)
    assert found is not None and found.endswith("[…]") and len(found) <= MAX_RISK_TEXT


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed text is not on this machine")
def test_bc01s_section_from_the_budget_2023_text() -> None:
    """BC01 (the first proposal of Bilag 7, 2023): its section 10 is three paragraphs."""
    found = risk_assessment(SEED.read_text(encoding="utf-8").splitlines())
    assert found is not None
    assert found.startswith("Ejendomslisten er kvalificeret af forvaltningerne")
    assert found.endswith("vurderes af Københavns Ejendomme og Indkøb som lav.")


def test_the_section_ends_at_a_heading_in_capitals() -> None:
    """Budget 2025's proposals follow the Risikovurdering with "ADMINISTRATIVT BILAG TIL
    TVÆRGÅENDE INVESTERINGSFORSLAG" (then "5. Hvem er hørt?"): a heading, not a risk."""
    paragraphs = [
        "4. Risikovurdering",
        "Forslaget vurderes at have en risiko på under middel.",
        "ADMINISTRATIVT BILAG TIL TVÆRGÅENDE INVESTERINGSFORSLAG",
        "5. Hvem er hørt?",
    ]
    assert risk_assessment(paragraphs) == "Forslaget vurderes at have en risiko på under middel."
