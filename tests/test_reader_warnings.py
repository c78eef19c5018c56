"""The reader's warnings have their own channel (issue #19): where the figures as read may not
be the document's (tracked changes read as accepted, a printed total the lines do not give, a
sign settled from the totals, a guessed area, a stated payback the lines do not give), a line
`kkinvest: advarsel: FILE...: ID: ...` on stderr, with `--data` and with `import`. A note
(something guessed or skipped; the figures stand) stays `kkinvest: bemærk:`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kkinvest.cli import app

TYPED = Path(__file__).parent / "data" / "typed"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def said(stderr: str, word: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"kkinvest: {word}:")]


def test_tracked_changes_are_a_warning_and_a_guessed_pool_a_note() -> None:
    """TY04 has 15 tracked changes nobody accepted (read as accepted: the figures may not be
    the ones meant) and names no pool (guessed from the kind: the figures stand)."""
    result = invoke("payback", "TY04", "--data", str(TYPED / "TY04.docx"))
    assert result.exit_code == 0, result.output
    [warning] = said(result.stderr, "advarsel")
    assert "TY04.docx, tabel 2" in warning and "15 sporede ændringer" in warning
    [note] = said(result.stderr, "bemærk")
    assert "udledt" in note and "(pool)" in note
    assert "sporede" not in note


def test_a_guessed_area_in_an_innovation_proposal_is_a_warning() -> None:
    """TY11 leaves Styringsområde blank on both lines: service is assumed (the innovation
    pool is service), and the area decides the pool and the split, so it is a warning."""
    result = invoke("show", "TY11", "--data", str(TYPED / "TY11.docx"), "--json")
    assert result.exit_code == 0, result.output
    [warning] = said(result.stderr, "advarsel")
    assert "TY11.docx, tabel 1, række 5" in warning
    assert "Styringsområde er tomt for 2 linjer" in warning and "service er antaget" in warning


def test_import_says_a_warning_on_stderr_once_and_keeps_it_in_the_json(tmp_path: Path) -> None:
    result = invoke("import", str(TYPED / "TY18.docx"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    warnings = said(result.stderr, "advarsel")
    assert any("Samlet varig ændring stemmer ikke" in line for line in warnings), result.stderr
    assert all("TY18.docx, tabel 1" in line and ": TY18: " in line for line in warnings)
    assert "stemmer ikke" not in result.stdout  # the report does not say it a second time
    result = invoke("import", str(TYPED / "TY18.docx"), "-o", str(tmp_path), "--json", "--force")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert len(report["warnings"]) == len(warnings)
    assert len(said(result.stderr, "advarsel")) == len(warnings)


def test_a_document_read_without_doubt_says_nothing() -> None:
    result = invoke("payback", "TY01", "--data", str(TYPED / "TY01.docx"))
    assert result.exit_code == 0, result.output
    assert not said(result.stderr, "advarsel")
