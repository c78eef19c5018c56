"""A cache of the loaded catalogue, so that `kkinvest payback BC06` does not parse and validate
every proposal file on every call (most of kkinvest's start-up before this cache).

As beancount's loader does, the cache is keyed on every file the catalogue is made of: its path,
size, modification time and inode, together with kkinvest's own files (its code and the registry
it ships), its version, Python's and pydantic's, the working folder (messages name files
relative to it) and `--skip-unreadable`. Any change to any of them and the catalogue is read
again. The cache lives in the user's cache folder ($KKINVEST_CACHE_DIR, else
$XDG_CACHE_HOME/kkinvest, else ~/.cache/kkinvest), one file per catalogue, written atomically (a
complete new file renamed over the old one); the KEPT newest files are kept. A cache that cannot
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kkinvest.model import Catalogue

FORMAT = 1
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


def _stamp(path: Path) -> tuple[str, int, int, int]:
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


def catalogue_key(paths: Sequence[Path], skip_unreadable: bool) -> tuple[Any, ...]:
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
    return (
        FORMAT,
        __version__,
        sys.version,
        pydantic.VERSION,
        os.getcwd(),
        skip_unreadable,
        tuple(str(p) for p in paths),
        tuple(_stamp(p) for p in files),
        tuple(skipped),
        tuple(_own_stamps()),
    )


def _cache_file(folder: Path, paths: Sequence[Path]) -> Path:
    name = "\0".join([os.getcwd(), *(str(p) for p in paths)])
    return folder / f"catalogue-{hashlib.sha256(name.encode()).hexdigest()[:24]}.pickle"


def cached_catalogue(
    paths: Sequence[Path], skip_unreadable: bool, load: Callable[[], Catalogue]
) -> Catalogue:
    """The catalogue `load()` would give, from the cache when nothing has changed."""
    if os.environ.get("KKINVEST_NO_CACHE", "") not in ("", "0"):
        return load()
    from kkinvest.io.problems import InputError

    try:
        key = catalogue_key(paths, skip_unreadable)
    except (InputError, OSError):
        return load()  # the loader says what is wrong
    file = _cache_file(cache_folder(), paths)
    found = _read(file, key)
    if found is not None:
        return found
    catalogue = load()
    _write(file, key, catalogue)
    return catalogue


def _read(file: Path, key: tuple[Any, ...]) -> Catalogue | None:
    try:
        with file.open("rb") as handle:
            if not _private(os.fstat(handle.fileno())):
                return None
            stored_key, catalogue = pickle.load(handle)
    except Exception:  # absent, unreadable, corrupt, from another version: read anew
        return None
    return catalogue if stored_key == key else None


def _private(info: os.stat_result) -> bool:
    """Written by this user and writable by no one else: safe to unpickle."""
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or info.st_uid == getuid()
    return owned and not info.st_mode & 0o022


def _write(file: Path, key: tuple[Any, ...], catalogue: Catalogue) -> None:
    temporary = None
    try:
        from kkinvest.io.files import sweep_leftovers, temporary_name

        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        sweep_leftovers(file.parent, ".kk-")  # left by a kkinvest killed while writing
        temporary = temporary_name(file.parent)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, catalogue), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
        temporary = None
        _prune(file.parent)
    except Exception:  # no cache is never an error
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _prune(folder: Path) -> None:
    """Remove all but the KEPT newest cache files."""
    stamped = []
    for entry in os.scandir(folder):
        if entry.name.startswith("catalogue-") and entry.name.endswith(".pickle"):
            with contextlib.suppress(OSError):
                stamped.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, path in sorted(stamped, reverse=True)[KEPT:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
