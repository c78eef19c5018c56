"""Load a catalogue of proposals: parse, validate and check every file of it (which files, and
where the catalogue is: kkinvest.io.folders).

Every problem in every file is collected before giving up, so a user fixes them in one go.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kkinvest.calc.keys import KeyProblem, key_shares
from kkinvest.io.entries import (
    parse_keys,
    parse_pool,
    parse_proposal,
    shipped_keys_path,
)
from kkinvest.io.folders import (  # noqa: F401  (where a catalogue is: kkinvest.io.folders)
    BUILTIN,
    ENV_VAR,
    builtin_path,
    data_path,
    data_paths,
    shown,
    walk_catalogue,
)
from kkinvest.io.followup_in import Taken, followup_problems, take_followup, take_sheet
from kkinvest.io.memory import collected, uncollected
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import read_toml
from kkinvest.model import (
    Catalogue,
    DerivedBlock,
    Key,
    KeyWeights,
    Pool,
    Proposal,
    ShownTables,
)
from kkinvest.model_followup import FollowUpBook
from kkinvest.registry import Registry, default_registry


def catalogue_files(path: Path) -> list[Path]:
    """The TOML and Excel files in `path` (or `path` itself), as `load_catalogue` reads them;
    items that cannot be read are left to `load_catalogue` to report."""
    return walk_catalogue(path, skip_unreadable=True)[0]


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
    checked: dict[tuple[str, int | None], str | None] = {}  # (key, budget) -> its problem
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
            if not ref:
                continue
            if isinstance(ref, str):  # a named key: checked once per budget year
                use = (ref, proposal.budget)
                if use not in checked:
                    checked[use] = _key_problem(ref, keys, proposal.budget)
                found = checked[use]
            else:
                found = _key_problem(ref, keys, proposal.budget)
            if found is not None:
                problems.append(Problem(source, found, f"{proposal.id}: {field}"))
    return problems


def _key_problem(ref: str | KeyWeights, keys: dict[str, Key], budget: int | None) -> str | None:
    try:
        key_shares(ref, keys, budget=budget)
    except KeyProblem as exc:
        return str(exc)
    return None


def _exports(
    exports: list[tuple[str, list[Proposal]]], loaded: list[tuple[Proposal, str]]
) -> tuple[list[str], set[str]]:
    """A workbook or Bilag kkinvest exported into the catalogue folder holds copies of
    proposals that are already there: skip it with a note. Its proposals are read only where
    no other file has them (an export made elsewhere and given on its own). Returns the notes
    and the exports skipped (what they would warn of, the files they copy warn of)."""
    notes = []
    skipped: set[str] = set()
    ids = {p.id.casefold() for p, _ in loaded}
    for source, found in exports:
        copies = [p.id for p in found if p.id.casefold() in ids]
        if copies:
            shown_ids = ", ".join(copies[:5]) + (" …" if len(copies) > 5 else "")
            notes.append(
                f"{source}: kkinvests egen eksport af forslag, der også findes i andre filer "
                f"({shown_ids}); springes over. Flyt eksporten ud af katalogmappen for at "
                "slippe for denne note."
            )
            skipped.add(source)
            continue
        loaded.extend((p, f"{source}, '{p.id}'") for p in found)
        ids |= {p.id.casefold() for p in found}
    return notes, skipped


def _duplicates(loaded: Iterable[tuple[Proposal, str]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for proposal, source in loaded:
        key = proposal.id.casefold()
        if key in seen:
            message = f"nummeret {proposal.id!r} findes to gange: også i {seen[key]}"
            named = proposal.id in source  # "BC01.docx, BC01": the id once is enough
            problems.append(Problem(source, message, None if named else proposal.id))
        else:
            seen[key] = source
    return problems


UNREADABLE: dict[str, Any] = {"": "unreadable"}
"""Stands for a file whose problems are already reported."""
REGISTRY_TABLES = {"row_sets", "other_rows", "aliases"}
"""A catalogue's own row sets, rows of older row sets and aliases (see the registry)."""


def _named_once(
    files: Iterable[Path], known: Mapping[str, FileRead] | None = None
) -> dict[Path, tuple[str, str]]:
    """Each file once, with its name in messages (`shown`) and its resolved path. Two
    spellings of one file (a folder given twice, relative and absolute, or a file and its
    folder) are one file, read once. Linear: each path is resolved once (a file `known` from
    an earlier load not at all) and looked up in a set."""
    under = os.path.join(os.path.realpath(os.getcwd()), "")  # the working folder, and "/"
    named: dict[Path, tuple[str, str]] = {}
    seen: set[str] = set()
    folders: dict[Path, str] = {}  # each folder resolved once
    for file in files:
        earlier = known.get(str(file)) if known is not None else None
        if earlier is not None:
            resolved, name = earlier.resolved, earlier.source
        else:  # as folders.shown names it: relative to the working folder when under it
            resolved = _resolved(file, folders)
            name = resolved[len(under) :] if resolved.startswith(under) else str(file)
        if resolved not in seen:
            seen.add(resolved)
            named[file] = resolved, name
    return named


def _resolved(file: Path, folders: dict[Path, str]) -> str:
    """`file.resolve()`, resolving each folder once: a file that is no symbolic link is its
    resolved folder and its name (one lstat, where resolving walks every part of the path)."""
    if os.path.islink(file) or file.name in ("", ".", ".."):
        return os.path.realpath(file)
    folder = folders.get(file.parent)
    if folder is None:
        folder = folders[file.parent] = os.path.realpath(file.parent)
    return os.path.join(folder, file.name)


def _with_additions(
    files: dict[Path, str],
    parsed: dict[Path, dict[str, Any]],
    registry: Registry,
    problems: list[Problem],
) -> Registry:
    """The registry with the row sets, rows and aliases of the catalogue's own files added.
    Every TOML file is read here once (kept in `parsed`), so these are known before any
    proposal is validated."""
    for file, source in files.items():
        if file.suffix.casefold() != ".toml":
            continue
        try:
            data = parsed[file] = read_toml(file, source)
        except InputError as exc:
            problems.extend(exc.problems)
            parsed[file] = UNREADABLE  # reported once, here
            continue
        if not REGISTRY_TABLES & set(data):
            continue
        extra = sorted(set(data) - REGISTRY_TABLES)
        if extra:
            message = (
                "en fil med rækkesæt holder kun [[row_sets]], [[other_rows]] og [aliases] "
                f"(fandt også: {', '.join(extra)})"
            )
            problems.append(Problem(source, message))
            continue
        try:
            registry = registry.with_additions(data)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            message = f"rækkesæt, rækker eller aliaser kan ikke læses ({exc}): se README"
            problems.append(Problem(source, message))
    return registry


class FileRead(NamedTuple):
    """What one file of a catalogue gave, before the catalogue is put together: the cache
    (kkinvest.io.cache) keeps these, so that a file that has not changed is not read again."""

    proposals: tuple[tuple[Proposal, str], ...] = ()  # each with its source, as shown
    export: tuple[Proposal, ...] | None = None  # a workbook kkinvest exported: its proposals
    pools: tuple[Pool, ...] = ()  # a pool file's, or a Bilag's overview
    export_pools: tuple[Pool, ...] = ()  # an export's overview sheets (pool files win)
    keys: tuple[Key, ...] = ()
    shown_tables: tuple[tuple[str, ShownTables], ...] = ()
    derived: tuple[DerivedBlock, ...] = ()  # an export's sheets of computed values
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # the figures read may be wrong (kkinvest: advarsel)
    registry: bool = False  # row sets and aliases: part of the registry, not of the catalogue
    resolved: str = ""  # the file's resolved path and its name in messages (_named_once)
    source: str = ""
    followup: FollowUpBook = FollowUpBook()  # decisions, reports, ... (io/followup_in)


class Known(NamedTuple):
    """What an earlier load found (kkinvest.io.cache): the registry with the catalogue's own
    row sets and aliases, and the reads of the files that have not changed since, by path.
    Valid only while no file with row sets, aliases or keys has changed (the cache sees to
    that): the proposals that have not changed are then not checked against the keys again.
    With no registry, nothing is known but the files (as the cache walked them just now):
    everything is read, and the folders are not walked a second time."""

    registry: Registry | None
    reads: Mapping[str, FileRead]
    files: Sequence[Path]  # the catalogue's files and the walk's notes, as walked just now
    notes: Sequence[str]


def _read_file(
    file: Path, source: str, registry: Registry, parsed: dict[Path, dict[str, Any]]
) -> FileRead | None:
    """One file of the catalogue; None for one whose problems are already reported."""
    data = parsed.get(file)
    if data is UNREADABLE:
        return None
    if data is not None and REGISTRY_TABLES & set(data):
        return FileRead(registry=True)  # read into the registry (_with_additions)
    suffix = file.suffix.casefold()
    if suffix in (".xlsx", ".docx"):
        with collected():  # their readers make cycles
            return _read_document(file, source, registry)
    data = data if data is not None else read_toml(file, source)
    taken = Taken()  # decisions and follow-up reports (kkinvest.io.followup_in)
    problems: list[Problem] = []
    data = take_followup(data, source, taken, problems)
    read = FileRead()
    try:
        if not data:
            pass  # a file of follow-up alone (a spring status round)
        elif isinstance(data.get("pool"), dict):
            read = FileRead(pools=(parse_pool(data, source, registry),))
        elif "keys" in data:
            read = FileRead(keys=tuple(parse_keys(data, source, registry)))
        elif "indices" in data:
            pass  # price indices: read by kkinvest.io.economics_in when needed
        else:
            read = FileRead(proposals=((parse_proposal(data, source, registry), source),))
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return read._replace(followup=taken.book())


def _read_document(file: Path, source: str, registry: Registry) -> FileRead:
    """A workbook (.xlsx) or Word document (.docx) of the catalogue."""
    if file.suffix.casefold() == ".xlsx":
        from kkinvest.io.excel_in import WorkbookExtras, is_export, read_workbook

        extras = WorkbookExtras()
        found, ignored = read_workbook(file, source, registry, extras)
        export = is_export(ignored, found)  # takes its marker note out of `ignored`
        sheets = Taken()
        sheet_problems: list[Problem] = []
        sheet_notes: list[str] = []
        for sheet in extras.followup:  # a spring status round's workbook (issue 23)
            take_sheet(sheet, sheets, sheet_problems, sheet_notes)
        if sheet_problems:
            raise InputError(sheet_problems)
        return FileRead(
            followup=sheets.book(),
            proposals=() if export else tuple((p, f"{source}, '{p.id}'") for p in found),
            export=tuple(found) if export else None,
            export_pools=tuple(extras.pools),
            shown_tables=tuple(extras.shown_tables.items()),
            derived=tuple(extras.derived),
            notes=(*(str(note) for note in ignored), *sheet_notes),
        )
    from kkinvest.io.word import read_word_proposals  # a Word document

    word = read_word_proposals(file, source, registry)
    found, pool_found = word.proposals, word.pool
    said = FileRead(
        notes=tuple(str(note) for note in word.notes),
        warnings=tuple(str(warning) for warning in word.warnings),
    )
    if word.written_by_kkinvest:  # kkinvest's own Bilag: skipped where its proposals are
        return said._replace(
            export=tuple(found), export_pools=() if pool_found is None else (pool_found,)
        )
    return said._replace(
        proposals=tuple((p, source if len(found) == 1 else f"{source}, {p.id}") for p in found),
        pools=() if pool_found is None else (pool_found,),
    )


def load_catalogue(
    path: Path | Sequence[Path], registry: Registry | None = None, skip_unreadable: bool = False
) -> Catalogue:
    """Every proposal and key in the file or folder `path` (or in each of several), with the
    keys kkinvest ships.

    Raises InputError listing every problem in every file (and every unreadable one, unless
    `skip_unreadable`: then each is a note)."""
    return load_reads(path, registry, skip_unreadable)[0]


def load_reads(
    path: Path | Sequence[Path],
    registry: Registry | None = None,
    skip_unreadable: bool = False,
    known: Known | None = None,
) -> tuple[Catalogue, dict[str, FileRead]]:
    """`load_catalogue`, and what each file gave (by path, for the cache). Files `known`
    holds are not read again; the catalogue is put together from all of them as if they
    had been (the same checks across files: duplicates, pools, keys). The cyclic collector
    is off while TOML files are read (io/memory.uncollected), on for workbooks and Word."""
    with uncollected():
        return _load_reads(path, registry, skip_unreadable, known)


def _load_reads(
    path: Path | Sequence[Path],
    registry: Registry | None,
    skip_unreadable: bool,
    known: Known | None,
) -> tuple[Catalogue, dict[str, FileRead]]:
    problems: list[Problem] = []
    loaded: list[tuple[Proposal, str]] = []
    keys: dict[str, Key] = {}
    key_sources: dict[str, str] = {}
    pools: dict[int, Pool] = {}
    pool_sources: dict[int, str] = {}
    shown_tables: dict[str, ShownTables] = {}
    derived: list[DerivedBlock] = []
    export_pools: list[tuple[Pool, str]] = []  # an export's overview sheets: the pool files win
    export_warnings: dict[str, list[str]] = {}  # an export's warnings, by its source
    paths = [path] if isinstance(path, Path) else list(path)
    walked: list[Path] = [shipped_keys_path()]
    notes: list[str] = []
    warnings: list[str] = []
    if known is not None:
        walked.extend(known.files)
        notes.extend(known.notes)
    for one in paths if known is None else ():
        found_files, found_notes = walk_catalogue(one, skip_unreadable)
        walked.extend(found_files)
        notes.extend(found_notes)
    named = _named_once(walked, known.reads if known is not None else None)
    files = {file: name for file, (_, name) in named.items()}
    shipped_source = files[walked[0]]
    fresh_loaded: list[tuple[Proposal, str]] = []  # from files read now (not `known`)
    check_all = known is None or known.registry is None
    exports: list[tuple[str, list[Proposal]]] = []
    followup = Taken()  # decisions and follow-up reports (kkinvest.io.followup_in)
    parsed: dict[Path, dict[str, Any]] = {}
    if known is None or known.registry is None:
        registry = _with_additions(files, parsed, registry or default_registry(), problems)
    else:
        fresh = {f: s for f, s in files.items() if str(f) not in known.reads}
        _with_additions(fresh, parsed, known.registry, problems)
        if any(REGISTRY_TABLES & set(data) for data in parsed.values()):
            return load_reads(path, registry, skip_unreadable)  # new row sets: read it all
        registry = known.registry
    reads: dict[str, FileRead] = {}
    for file, source in files.items():
        read = known.reads.get(str(file)) if known is not None else None
        if read is None:
            try:
                read = _read_file(file, source, registry, parsed)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if read is None:
                continue
            read = read._replace(resolved=named[file][0], source=source)
            fresh_loaded.extend(read.proposals)
            check_all = check_all or bool(read.keys)  # new keys: check every proposal
        reads[str(file)] = read
        for pool in read.pools:
            if pool.budget in pools:
                other = pool_sources[pool.budget]
                message = f"en pulje mere for budget {pool.budget}: også i {other}"
                problems.append(Problem(source, message, "pool.budget"))
            pools[pool.budget], pool_sources[pool.budget] = pool, source
        for key in read.keys:
            if key.name in keys:
                message = f"nøglen {key.name!r} findes to gange: også i {key_sources[key.name]}"
                problems.append(Problem(source, message, f"nøgle {key.name!r}"))
            keys[key.name], key_sources[key.name] = key, source
        loaded.extend(read.proposals)
        if read.export is not None:
            exports.append((source, list(read.export)))
        export_pools.extend((pool, source) for pool in read.export_pools)
        shown_tables.update(read.shown_tables)
        derived.extend(read.derived)
        notes.extend(read.notes)
        if read.export is not None:  # an export's warnings count only if it is not skipped
            export_warnings[source] = list(read.warnings)
        else:
            warnings.extend(read.warnings)
        followup.add(read.followup)
    export_notes, skipped = _exports(exports, loaded)
    notes.extend(export_notes)
    for source, said in export_warnings.items():
        if source not in skipped:
            warnings.extend(said)
    for pool, source in export_pools:
        if pool.budget in pools:
            if pool_sources[pool.budget] == source:
                message = f"en pulje mere for budget {pool.budget}: også i {source}"
                problems.append(Problem(source, message, "pool.budget"))
            continue  # a pool file beside the export is the source
        pools[pool.budget], pool_sources[pool.budget] = pool, source
    problems.extend(_duplicates(loaded))
    problems.extend(followup_problems(followup.book(), tuple(p for p, _ in loaded)))
    checked = loaded if check_all else fresh_loaded  # the rest was checked before
    problems.extend(_key_problems(keys, key_sources, checked, registry))
    if problems:
        raise InputError(problems)
    catalogue = Catalogue(
        proposals=tuple(p for p, _ in loaded),
        sources={p.id: s for p, s in loaded},
        keys=keys,
        pools=pools,
        notes=tuple(notes),
        warnings=tuple(warnings),
        shown_tables=shown_tables,
        derived=tuple(derived),
        registry=registry,
        followup=followup.book(),
        shipped_keys=frozenset(
            name for name, source in key_sources.items() if source == shipped_source
        ),
    )
    return catalogue, reads
