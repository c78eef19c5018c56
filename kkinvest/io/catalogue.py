"""Find and load a catalogue of proposals.

Where: `--data PATH` (a file or a folder, searched recursively for *.toml), else the folder in
the environment variable KKINVEST_DATA, else the built-in catalogue (the documents of budget 2023
and 2025, edited in the repository's `examples/` and shipped inside the package).

Every problem in every file is collected before giving up, so a user fixes them in one go.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import read_toml
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import Catalogue, Proposal
from kkinvest.registry import Registry, default_registry

ENV_VAR = "KKINVEST_DATA"


def builtin_path() -> Path:
    """The built-in catalogue: inside the installed package, or `examples/` in a source tree."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "catalogue"
    return shipped if shipped.is_dir() else here.parent / "examples"


def data_path(data: Path | None, environ: dict[str, str] | None = None) -> Path:
    """The catalogue to use: `--data`, else $KKINVEST_DATA, else the built-in one."""
    environ = dict(os.environ) if environ is None else environ
    if data is not None:
        chosen, named = data, "--data"
    elif environ.get(ENV_VAR):
        chosen, named = Path(environ[ENV_VAR]), ENV_VAR
    else:
        return builtin_path()
    if not chosen.exists():
        raise InputError([Problem(str(chosen), f"no such file or folder (from {named})")])
    return chosen


def shown(path: Path) -> str:
    """How to name a file in messages: relative to the working folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def catalogue_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*.toml")
        if not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def parse_proposal(data: dict[str, Any], source: str, registry: Registry) -> Proposal:
    """Validate one proposal's parsed TOML; problems name the file, the id and the field."""
    try:
        return Proposal.model_validate(data, context={"registry": registry})
    except ValidationError as exc:
        what = data.get("id") if isinstance(data.get("id"), str) else None
        raise InputError(problems_from_validation(exc, Proposal, source, data, what)) from None


def _duplicates(loaded: Iterable[tuple[Proposal, str]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for proposal, source in loaded:
        key = proposal.id.casefold()
        if key in seen:
            message = f"duplicate id {proposal.id!r}: also in {seen[key]}"
            problems.append(Problem(source, message, proposal.id))
        else:
            seen[key] = source
    return problems


def load_catalogue(path: Path, registry: Registry | None = None) -> Catalogue:
    """Every proposal in the file or folder `path`. Raises InputError listing all problems."""
    registry = registry or default_registry()
    problems: list[Problem] = []
    loaded: list[tuple[Proposal, str]] = []
    for file in catalogue_files(path):
        source = shown(file)
        try:
            loaded.append((parse_proposal(read_toml(file, source), source, registry), source))
        except InputError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicates(loaded))
    if problems:
        raise InputError(problems)
    return Catalogue(proposals=tuple(p for p, _ in loaded), sources={p.id: s for p, s in loaded})
