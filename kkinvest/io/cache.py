"""A cache of the loaded catalogue, so that `kkinvest payback BC06` does not parse and validate
every proposal file on every call (most of kkinvest's start-up before this cache).

As beancount's loader does, the cache is keyed on every file the catalogue is made of: its path,
size, modification time and inode, together with kkinvest's own files (its code and the registry
it ships), its version, Python's and pydantic's, the working folder (messages name files
relative to it) and `--skip-unreadable`. A change to kkinvest or the settings and the catalogue
is read again; a change to some of its files and only those are read again (issue 20): the cache
keeps what each file gave (kkinvest.io.catalogue.FileRead) with its stamp, and the catalogue is
put together from the unchanged files' reads and the changed files' (checked across files as a
whole load checks them). A changed file with row sets or aliases means everything is read again
(every proposal was validated against them). For a large catalogue the reads of the changed
files go to a small delta file beside the cache, so that one edited file among 10.000 does not
rewrite all of it; the cache is written anew when a tenth of the files has changed. The cache
lives in the user's cache folder ($KKINVEST_CACHE_DIR, else $XDG_CACHE_HOME/kkinvest, else
~/.cache/kkinvest), one file per catalogue, written atomically (a
complete new file renamed over the old one) and, by a command, only when it has printed its
output (kkinvest.cli.common.after_output); the KEPT newest files are kept. A cache that cannot
be read, is corrupt or was written by another version is ignored without a word and written
anew; a folder that cannot be written to means no cache, never an error. Only a catalogue that
loaded without problems is kept. KKINVEST_NO_CACHE=1 turns it off (0 or empty leaves it on). A
cache file is unpickled only when it belongs to the user running kkinvest and no one else may
write to it, so another user cannot plant code in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kkinvest.io.memory import uncollected

if TYPE_CHECKING:
    from kkinvest.io.catalogue import FileRead, Known
    from kkinvest.model import Catalogue

FORMAT = 3  # 3: a line's amounts pickled as one text (_pickler)
KEPT = 32
"""Cache files kept (one per working folder and --data): the newest; older ones are removed
when a new one is written, so the cache folder does not grow without end."""
PACKAGE = Path(__file__).resolve().parent.parent


def cache_folder(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("KKINVEST_CACHE_DIR"):
        return Path(env["KKINVEST_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kkinvest"


Stamp = tuple[str, int, int, int]
MISSING = object()
DELTA_FROM = 500
"""Catalogues of this many files or more keep the reads of files changed since the cache
was written in a small delta beside it (rewriting the whole cache for one edited file costs
more than reading it); smaller ones are simply written anew."""


class Base(NamedTuple):
    """A cache file: the catalogue, and each file's stamp and read (for the next change)."""

    head: tuple[Any, ...]
    stamps: dict[str, Stamp]
    entries: dict[str, tuple[Stamp | None, FileRead]]
    catalogue: Catalogue
    token: str  # names this base, for its delta


class Delta(NamedTuple):
    """Beside a Base: the reads of the files changed since it was written."""

    head: tuple[Any, ...]
    token: str
    entries: dict[str, tuple[Stamp | None, FileRead]]


def _stamp(path: Path) -> Stamp:
    info = path.stat()
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ino)


def _own_stamps() -> list[tuple[str, int, int, int]]:
    """kkinvest's code and the data it ships: a change to either is a change of catalogue.
    (os.walk and os.stat: Path.rglob took a millisecond of every command's start-up.)"""
    stamps = []
    for root, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml")):
                path = os.path.join(root, name)
                info = os.stat(path)
                stamps.append((path, info.st_size, info.st_mtime_ns, info.st_ino))
    return stamps


class Walked(NamedTuple):
    head: tuple[Any, ...]  # what the catalogue was made from, but its own files
    stamps: dict[str, Stamp]  # each of its files' stamp, by path
    files: list[Path]
    notes: list[str]  # items skipped (--skip-unreadable)


def catalogue_key(paths: Sequence[Path], skip_unreadable: bool) -> Walked:
    """What the cached catalogue must have been made from. Raises InputError or OSError where
    the catalogue cannot even be walked (the loader then reports it)."""
    import pydantic

    from kkinvest import __version__
    from kkinvest.io.folders import walk_catalogue

    files: list[Path] = []
    skipped: list[str] = []
    for path in paths:
        found, notes = walk_catalogue(path, skip_unreadable)
        files.extend(found)
        skipped.extend(notes)
    head = (
        FORMAT,
        __version__,
        sys.version,
        pydantic.VERSION,
        os.getcwd(),
        skip_unreadable,
        tuple(str(p) for p in paths),
        tuple(skipped),
        tuple(_own_stamps()),
    )
    return Walked(head, {str(p): _stamp(p) for p in files}, files, skipped)


def _cache_file(folder: Path, paths: Sequence[Path]) -> Path:
    name = "\0".join([os.getcwd(), *(str(p) for p in paths)])
    return folder / f"catalogue-{hashlib.sha256(name.encode()).hexdigest()[:24]}.pickle"


def _delta_file(file: Path) -> Path:
    return file.with_suffix(".delta")


def cached_catalogue(
    paths: Sequence[Path],
    skip_unreadable: bool,
    load: Callable[[Known | None], tuple[Catalogue, dict[str, FileRead]]],
    later: Callable[[Callable[[], None]], None] | None = None,
) -> Catalogue:
    """The catalogue `load(None)` would give, from the cache when nothing has changed; when
    some files have, `load(known)` reads only those (`known`: the others' reads). The cache
    is written at once, or handed to `later` to write when the command has printed its
    output (kkinvest.cli.common.after_output): the user need not wait for it."""
    save = _write if later is None else (lambda file, content: later(lambda: _write(file, content)))
    if os.environ.get("KKINVEST_NO_CACHE", "") not in ("", "0"):
        return load(None)[0]
    from kkinvest.io.problems import InputError

    try:
        walked = catalogue_key(paths, skip_unreadable)
    except (InputError, OSError):
        return load(None)[0]  # the loader says what is wrong
    head, stamps = walked.head, walked.stamps
    file = _cache_file(cache_folder(), paths)
    base = _read(file)
    if not (isinstance(base, Base) and base.head == head):
        base = None
    elif base.stamps == stamps:
        return base.catalogue  # nothing has changed: the common case, one file read
    known, delta = _known(base, _read(_delta_file(file)), walked)
    if known is None:  # everything is read, but the folders are walked already
        from kkinvest.io.catalogue import Known

        known = Known(None, {}, walked.files, walked.notes)
    catalogue, reads = load(known)
    entries = {path: (stamps.get(path), read) for path, read in reads.items()}
    if base is not None and known.registry is not None and len(stamps) >= DELTA_FROM:
        changed = {
            path: entry
            for path, entry in entries.items()
            if base.entries.get(path, (MISSING,))[0] != entry[0]
        }
        registry_or_keys = any(read.registry or read.keys for _, read in changed.values())
        if len(changed) * 10 <= len(entries) and not registry_or_keys:  # (else: all anew)
            if (
                delta is None
                or delta.entries.keys() != changed.keys()
                or any(delta.entries[path][0] != entry[0] for path, entry in changed.items())
            ):
                save(_delta_file(file), Delta(head, base.token, changed))
            return catalogue
    save(file, Base(head, stamps, entries, catalogue, os.urandom(8).hex()))
    return catalogue


def _known(base: Base | None, delta: Any, walked: Walked) -> tuple[Known | None, Delta | None]:
    """The reads of the cached files that have not changed since, and the delta they came with
    (if it belongs to this base); no Known at all if a file with row sets, aliases or keys
    changed (the registry every proposal was validated against, the keys it was checked
    against)."""
    from kkinvest.io.catalogue import Known

    if base is None:
        return None, None
    entries = dict(base.entries)
    if isinstance(delta, Delta) and delta.head == base.head and delta.token == base.token:
        entries.update(delta.entries)
    else:
        delta = None
    reads = {}
    for path, (stamp, read) in entries.items():
        if walked.stamps.get(path) == stamp:  # (the shipped keys are not walked: both None)
            reads[path] = read
        elif read.registry or read.keys:
            return None, delta
    if base.catalogue.registry is None:
        return None, delta
    return Known(base.catalogue.registry, reads, walked.files, walked.notes), delta


def _read(file: Path) -> Any:
    try:
        with file.open("rb") as handle:
            if not _private(os.fstat(handle.fileno())):
                return None
            with uncollected():
                return pickle.load(handle)
    except Exception:  # absent, unreadable, corrupt, from another version: read anew
        return None


def _private(info: os.stat_result) -> bool:
    """Written by this user and writable by no one else: safe to unpickle."""
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or info.st_uid == getuid()
    return owned and not info.st_mode & 0o022


def _write(file: Path, content: Base | Delta) -> None:
    temporary = None
    try:
        from kkinvest.io.files import sweep_leftovers, temporary_name

        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        sweep_leftovers(file.parent, ".kk-")  # left by a kkinvest killed while writing
        temporary = temporary_name(file.parent)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream, uncollected():
            _pickler(stream).dump(content)
        os.replace(temporary, file)
        temporary = None
        if isinstance(content, Base):  # a new base: the delta beside the old one is void
            with contextlib.suppress(OSError):
                _delta_file(file).unlink()
        _prune(file.parent)
    except Exception:  # no cache is never an error
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _pickler(stream: Any) -> pickle.Pickler:
    """A pickler that writes each line's amounts as one text ("-1000;200", beside the years): a
    Decimal is pickled as a call with its text, and a catalogue of 10.000 proposals holds half
    a million of them; as one text per line the cache is written in two thirds of the time
    and read as fast. The lines unpickled are the lines pickled, each amount with its own
    exponent (tests/test_cache.py)."""
    import copyreg
    from decimal import Decimal

    from kkinvest.model import Line

    def line(model: Line) -> tuple[Any, ...]:
        state = dict(model.__dict__)  # the amounts in their place: fields keep their order
        values = model.values
        state["values"] = (tuple(values), ";".join(map(str, values.values())))
        fields = model.__pydantic_fields_set__
        extra, private = model.__pydantic_extra__, model.__pydantic_private__
        return _line, (Line, Decimal, state, fields, extra, private)  # classes: pickled once

    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, Line: line}
    return pickler


def _line(
    kind: type, number: type, state: dict[str, Any], fields: set[str], extra: Any, private: Any
) -> Any:
    """A line as `_pickler` wrote it (set up as pydantic's own __setstate__ would)."""
    years, amounts = state["values"]
    values = zip(years, map(number, amounts.split(";")), strict=True) if years else ()
    state["values"] = dict(values)
    line: Any = object.__new__(kind)
    object.__setattr__(line, "__dict__", state)
    object.__setattr__(line, "__pydantic_fields_set__", fields)
    object.__setattr__(line, "__pydantic_extra__", extra)
    object.__setattr__(line, "__pydantic_private__", private)
    return line


def _prune(folder: Path) -> None:
    """Remove all but the KEPT newest cache files."""
    stamped = []
    for entry in os.scandir(folder):
        if entry.name.startswith("catalogue-") and entry.name.endswith((".pickle", ".delta")):
            with contextlib.suppress(OSError):
                stamped.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, path in sorted(stamped, reverse=True)[KEPT:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
