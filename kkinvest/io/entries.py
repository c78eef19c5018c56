"""The entries of a catalogue's TOML files, validated: a proposal, a key file's [[keys]], a pool
file's [pool]; and where the keys shipped with kkinvest are. Below both the catalogue (which
finds and merges files) and the Word reader (whose Bilag holds a pool and names keys), so
neither has to import the other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kkinvest.io.problems import InputError, Problem
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import Key, Pool, Proposal
from kkinvest.registry import Registry


def parse_proposal(data: dict[str, Any], source: str, registry: Registry) -> Proposal:
    """Validate one proposal's parsed TOML; problems name the file, the id and the field."""
    try:
        return Proposal.model_validate(data, context={"registry": registry})
    except ValidationError as exc:
        what = data.get("id") if isinstance(data.get("id"), str) else None
        raise InputError(problems_from_validation(exc, Proposal, source, data, what)) from None


def shipped_keys_path() -> Path:
    """The keys the documents give, shipped with kkinvest."""
    return Path(__file__).resolve().parent.parent / "registry" / "keys.toml"


def parse_keys(data: dict[str, Any], source: str, registry: Registry) -> list[Key]:
    """The keys of a key file: a `[[keys]]` array of tables and nothing else."""
    entries = data.get("keys")
    extra = sorted(set(data) - {"keys"})
    if extra or not isinstance(entries, list):
        message = "en nøglefil indeholder kun [[keys]]-tabeller"
        raise InputError(
            [Problem(source, message + (f" (fandt: {', '.join(extra)})" if extra else ""))]
        )
    keys, problems = [], []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        what = f"keys[{number}]" + (f" {name!r}" if isinstance(name, str) else "")
        try:
            keys.append(Key.model_validate(entry, context={"registry": registry}))
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, Key, source, entry, what))
    if problems:
        raise InputError(problems)
    return keys


def parse_pool(data: dict[str, Any], source: str, registry: Registry) -> Pool:
    """A pool file: one `[pool]` table for one budget year."""
    extra = sorted(set(data) - {"pool"})
    if extra:
        message = f"en puljefil indeholder kun en [pool]-tabel (fandt: {', '.join(extra)})"
        raise InputError([Problem(source, message)])
    try:
        return Pool.model_validate(data["pool"], context={"registry": registry})
    except ValidationError as exc:
        raise InputError(
            problems_from_validation(exc, Pool, source, data["pool"], "pool")
        ) from None
