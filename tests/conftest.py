"""Shared fixtures: a CLI runner with a pinned terminal, and proposals parsed from inline TOML."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from kkinvest.io.catalogue import builtin_path, load_catalogue, parse_proposal
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.model import Catalogue, Proposal
from kkinvest.registry import default_registry

# CI (which sets CI=true) runs every property and fuzz test on the same examples, so a landing
# is never refused by a chance find; run `pytest` locally or `python benchmarks/fuzz.py` for
# fresh random examples (the fuzzers' reproductions stay as @example in the tests).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

HEADER = """
id = "T1"
title = "Testforslag"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files in tests/golden/ from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich reads the width from COLUMNS: pin it so tables do not depend on the terminal."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("KKINVEST_DATA", raising=False)


@pytest.fixture(autouse=True)
def _no_catalogue_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read their catalogues afresh (tests/test_cache.py turns the cache on)."""
    monkeypatch.setenv("KKINVEST_NO_CACHE", "1")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def builtin() -> Catalogue:
    return load_catalogue(builtin_path())


def proposal_toml(lines: str, header: str = HEADER) -> str:
    return textwrap.dedent(header) + textwrap.dedent(lines)


@pytest.fixture
def make_proposal() -> Callable[[str], Proposal]:
    """Parse a proposal from the TOML of its lines (the header is filled in)."""

    def make(lines: str) -> Proposal:
        text = proposal_toml(lines)
        return parse_proposal(
            parse_toml_bytes(text.encode(), "test.toml"), "test.toml", default_registry()
        )

    return make


@pytest.fixture
def write_proposal(tmp_path: Path) -> Callable[..., Path]:
    """Write a proposal file into tmp_path; `raw=True` writes the text as given."""

    def write(text: str, name: str = "T1.toml", raw: bool = False) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text) if raw else proposal_toml(text), encoding="utf-8")
        return path

    return write
