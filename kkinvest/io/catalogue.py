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

from kkinvest.calc.keys import KeyProblem, key_shares
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import read_toml
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import Catalogue, Key, Pool, Proposal, ShownTables
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
        raise InputError([Problem(str(chosen), f"filen eller mappen findes ikke (fra {named})")])
    return chosen


def shown(path: Path) -> str:
    """How to name a file in messages: relative to the working folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def catalogue_files(path: Path) -> list[Path]:
    """The TOML and Excel files in `path` (or `path` itself), skipping hidden files and
    Excel's lock files (~$book.xlsx)."""
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for pattern in ("*.toml", "*.xlsx")
        for p in path.rglob(pattern)
        if not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
    )


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


def _key_name(target: str | None, registry: Registry) -> str | None:
    """The key a split target names, or None for a row, "key" or nothing."""
    if target is None or target == "key" or registry.row(target) is not None:
        return None
    return target


def _key_problems(
    keys: dict[str, Key],
    key_sources: dict[str, str],
    loaded: Iterable[tuple[Proposal, str]],
    registry: Registry,
) -> list[Problem]:
    """Every named key used anywhere must resolve (and composite keys must not go in circles)."""
    problems = []
    for name, key in keys.items():
        try:
            key_shares(key, keys, (name,))
        except KeyProblem as exc:
            problems.append(Problem(key_sources[name], str(exc), f"nøgle {name!r}"))
    for proposal, source in loaded:
        split = proposal.split
        named = [
            ("split.key", split and split.key),
            ("split.claimed_key", split and split.claimed_key),
            ("split.costs", split and _key_name(split.costs, registry)),
        ]
        named += [
            (f"lines[{number}].split", _key_name(line.split, registry))
            for number, line in enumerate(proposal.lines, start=1)
        ]
        for field, ref in named:
            if ref:
                try:
                    key_shares(ref, keys, budget=proposal.budget)
                except KeyProblem as exc:
                    problems.append(Problem(source, str(exc), f"{proposal.id}: {field}"))
    return problems


def _duplicates(loaded: Iterable[tuple[Proposal, str]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for proposal, source in loaded:
        key = proposal.id.casefold()
        if key in seen:
            message = f"nummeret {proposal.id!r} findes to gange: også i {seen[key]}"
            problems.append(Problem(source, message, proposal.id))
        else:
            seen[key] = source
    return problems


def load_catalogue(path: Path, registry: Registry | None = None) -> Catalogue:
    """Every proposal and key in the file or folder `path`, with the keys kkinvest ships.

    Raises InputError listing every problem in every file."""
    registry = registry or default_registry()
    problems: list[Problem] = []
    loaded: list[tuple[Proposal, str]] = []
    keys: dict[str, Key] = {}
    key_sources: dict[str, str] = {}
    pools: dict[int, Pool] = {}
    pool_sources: dict[int, str] = {}
    shown_tables: dict[str, ShownTables] = {}
    notes: list[str] = []
    for file in [shipped_keys_path(), *catalogue_files(path)]:
        source = shown(file)
        try:
            if file.suffix.casefold() == ".xlsx":
                from kkinvest.io.excel_in import WorkbookExtras, read_workbook

                extras = WorkbookExtras()
                found, ignored = read_workbook(file, source, registry, extras)
                for pool in extras.pools:
                    if pool.budget in pools:
                        other = pool_sources[pool.budget]
                        message = f"a second pool for budget {pool.budget}: also in {other}"
                        problems.append(Problem(source, message, "pool.budget"))
                    pools[pool.budget], pool_sources[pool.budget] = pool, source
                shown_tables.update(extras.shown_tables)
                loaded.extend((p, f"{source}, '{p.id}'") for p in found)
                notes.extend(str(note) for note in ignored)
                continue
            data = read_toml(file, source)
            if isinstance(data.get("pool"), dict):
                pool = parse_pool(data, source, registry)
                if pool.budget in pools:
                    other = pool_sources[pool.budget]
                    message = f"en pulje mere for budget {pool.budget}: også i {other}"
                    problems.append(Problem(source, message, "pool.budget"))
                pools[pool.budget], pool_sources[pool.budget] = pool, source
            elif "keys" in data:
                for key in parse_keys(data, source, registry):
                    if key.name in keys:
                        message = (
                            f"nøglen {key.name!r} findes to gange: også i {key_sources[key.name]}"
                        )
                        problems.append(Problem(source, message, f"nøgle {key.name!r}"))
                    keys[key.name], key_sources[key.name] = key, source
            elif "indices" in data:
                pass  # price indices: read by kkinvest.io.economics_in when needed
            else:
                loaded.append((parse_proposal(data, source, registry), source))
        except InputError as exc:
            problems.extend(exc.problems)
    problems.extend(_duplicates(loaded))
    problems.extend(_key_problems(keys, key_sources, loaded, registry))
    if problems:
        raise InputError(problems)
    return Catalogue(
        proposals=tuple(p for p, _ in loaded),
        sources={p.id: s for p, s in loaded},
        keys=keys,
        pools=pools,
        notes=tuple(notes),
        shown_tables=shown_tables,
        shipped_keys=frozenset(
            name for name, source in key_sources.items() if source == shown(shipped_keys_path())
        ),
    )
