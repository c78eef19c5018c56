"""Where the catalogue is, which files it holds, and reading one of them: nothing skipped
silently.

Where: `--data PATH` (a file or a folder, searched recursively), else the folder in the
environment variable KKINVEST_DATA, else the built-in catalogue (the documents of budget 2023
and 2025, edited in the repository's `examples/` and shipped inside the package). Light to
import: a command whose catalogue is cached (kkinvest.io.cache) needs nothing more.

Only regular files are read. A FIFO would hang the reader, /dev/zero would fill the memory,
so anything else with a catalogue file's name (FIFO, device, socket, a symbolic link to one)
is an error naming it. So are folders and files that cannot be read, symbolic links that go
in a circle and folders that contain themselves. With `skip_unreadable` the unreadable ones
become warnings instead (one each, and a summary) and the rest is read.

    files, skipped = walk_catalogue(Path("forslag"), skip_unreadable=True)
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from kkinvest.io.problems import InputError, Problem, why

ENV_VAR = "KKINVEST_DATA"


def builtin_path() -> Path:
    """The built-in catalogue: inside the installed package, or `examples/` in a source tree."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "catalogue"
    return shipped if shipped.is_dir() else here.parent / "examples"


def data_path(data: Path | Sequence[Path] | None, environ: dict[str, str] | None = None) -> Path:
    """The catalogue to use: `--data`, else $KKINVEST_DATA, else the built-in one. Of several
    `--data`, the last (the user's own folder after `--data builtin`); `data_paths` gives all."""
    environ = dict(os.environ) if environ is None else environ
    if data is not None and not isinstance(data, Path):
        given = list(data)
        if not given:
            data = None
        else:
            last = given[-1]
            return builtin_path() if str(last) == BUILTIN else data_path(last, environ)
    if data is not None and str(data) == BUILTIN:
        return builtin_path()
    if data is not None:
        chosen, named = data, "--data"
    elif environ.get(ENV_VAR):
        chosen, named = Path(environ[ENV_VAR]), ENV_VAR
    else:
        return builtin_path()
    if not chosen.exists():
        raise InputError([Problem(str(chosen), f"filen eller mappen findes ikke (fra {named})")])
    return chosen


def shown(path: Path, resolved: Path | None = None, cwd: Path | None = None) -> str:
    """How to name a file in messages: relative to the working folder when under it.
    `resolved` (the path resolved) and `cwd` (the working folder resolved) spare resolving
    them again when naming many files."""
    try:
        return str((resolved or path.resolve()).relative_to(cwd or Path.cwd().resolve()))
    except ValueError:
        return str(path)


BUILTIN = "builtin"
"""`--data builtin` names the built-in catalogue, so a user can add a folder to it."""


def data_paths(
    data: Path | Sequence[Path] | None, environ: dict[str, str] | None = None
) -> list[Path]:
    """The catalogues to read: every `--data` (a folder, a file, or `builtin`), else
    $KKINVEST_DATA, else the built-in one."""
    given = [data] if isinstance(data, Path) else list(data or [])
    if not given:
        return [data_path(None, environ)]
    return [data_path(p, environ) for p in given]


PATTERNS = (".toml", ".xlsx", ".docx")  # .docx: Word documents (issue 11)
MAX_ENTRIES = 200_000
"""Files and folders looked at before giving up: --data / would otherwise take hours."""
MAX_PROBLEMS = 20
OWN_CATALOGUE = ".kkinvest-eget-katalog"
"""A folder holding a file of this name is a catalogue of its own: left out when a folder
around it is read, read when given itself with --data (examples/followup, invented figures
that must not be part of the built-in catalogue)."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "en FIFO (navngivet pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhed (device)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ikke en almindelig fil"


class _Walk:
    def __init__(self, root: Path, skip_unreadable: bool) -> None:
        self.root = root
        self.skip = skip_unreadable
        self.files: list[Path] = []
        self.problems: list[Problem] = []
        self.skipped: list[str] = []
        self.visited: set[tuple[int, int]] = set()
        self.entries = 0

    def unreadable(self, path: Path, message: str) -> None:
        """A file or folder we may not read: an error, or with skip_unreadable a warning."""
        if self.skip:
            self.skipped.append(f"{path}: {message}; sprunget over (--skip-unreadable)")
        else:
            self.problem(
                path, message + "; ret adgangen, eller brug --skip-unreadable for at springe over"
            )

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(str(path), message))

    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS or self.entries > MAX_ENTRIES

    def folder(self, path: Path, info: os.stat_result) -> None:
        identity = (info.st_dev, info.st_ino)
        if identity in self.visited:
            self.problem(path, "en mappe, der indeholder sig selv (et symbolsk link i ring)")
            return
        self.visited.add(identity)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except PermissionError:
            self.unreadable(path, "mappen kan ikke læses (ingen adgang)")
            return
        except FileNotFoundError:
            return  # gone while we looked (e.g. under /proc)
        except OSError as exc:
            self.unreadable(path, f"mappen kan ikke læses ({why(exc)})")
            return
        if path != self.root and any(e.name == OWN_CATALOGUE for e in entries):
            self.visited.discard(identity)
            return  # a catalogue of its own (examples/followup): read when given itself
        for entry in entries:
            if self.full():
                return
            self.entries += 1
            if entry.name.startswith((".", "~$")):
                continue  # hidden files and Excel's lock files
            self.entry(Path(entry.path), entry.name)
        self.visited.discard(identity)

    def entry(self, path: Path, name: str) -> None:
        wanted = name.endswith(PATTERNS)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if wanted and os.path.islink(path):
                self.problem(path, "et symbolsk link til noget, der ikke findes")
            return  # else: gone while we looked
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.problem(path, "symbolske links går i ring")
            elif wanted or exc.errno in (errno.EACCES, errno.EPERM):
                self.unreadable(path, f"kan ikke læses ({why(exc)})")
            return
        if stat.S_ISDIR(info.st_mode) and wanted:
            kind = {".toml": "en TOML-fil", ".xlsx": "en Excel-fil"}.get(path.suffix, "en Word-fil")
            self.problem(path, f"er en mappe; her skal stå {kind}")
        elif stat.S_ISDIR(info.st_mode):
            self.folder(path, info)
        elif wanted:
            self.file(path, info)

    def file(self, path: Path, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            self.problem(path, f"er {_kind(info.st_mode)}; kun almindelige filer læses")
        elif not os.access(path, os.R_OK):
            self.unreadable(path, "filen kan ikke læses (ingen adgang)")
        else:
            self.files.append(path)


def walk_catalogue(path: Path, skip_unreadable: bool = False) -> tuple[list[Path], list[str]]:
    """The TOML and Excel files in the folder `path` (searched recursively; hidden files and
    Excel's lock files ~$book.xlsx left out), or `path` itself if it is a file; and a warning
    for each item skipped (only with `skip_unreadable`). Raises InputError naming every
    unreadable, special or looping item."""
    walk = _Walk(path, skip_unreadable)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError([Problem(str(path), why(exc))]) from None
    if stat.S_ISDIR(info.st_mode):
        walk.folder(path, info)
    else:
        walk.file(path, info)
    if walk.entries > MAX_ENTRIES:
        message = (
            f"mappen rummer over {MAX_ENTRIES:,} filer og mapper; vælg mappen med forslagene"
        ).replace(",", ".")
        walk.problems.insert(0, Problem(str(path), message))
    if walk.problems:
        if len(walk.problems) >= MAX_PROBLEMS:
            walk.problems.append(Problem(str(path), "… og måske flere; ret disse først"))
        raise InputError(walk.problems)
    if walk.skipped:
        walk.skipped.append(
            f"sprang {len(walk.skipped)} fil(er) eller mappe(r) over, som ikke kunne læses: "
            "resultatet kan være ufuldstændigt"
        )
    return sorted(walk.files), walk.skipped


def read_regular(path: Path, limit: int, shown: str | None = None, what: str = "en fil") -> bytes:
    """The bytes of the regular file at `path`, refusing anything else or anything larger than
    `limit` bytes, without ever blocking on a FIFO or reading a device without end. `what` the
    file should be ("en TOML-fil"), for the messages."""
    name = shown or str(path)

    def fail(message: str) -> InputError:
        return InputError([Problem(name, message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise fail(f"er en mappe; her skal stå {what}") from None
    except FileNotFoundError:
        raise fail("filen findes ikke") from None
    except PermissionError:
        raise fail("filen kan ikke læses (ingen adgang)") from None
    except OSError as exc:
        raise fail(f"kan ikke læses ({why(exc)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise fail(f"er en mappe; her skal stå {what}")
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"er {_kind(info.st_mode)}; kun almindelige filer læses")
        if info.st_size > limit:
            raise fail(
                f"filen er for stor ({info.st_size:,} byte; højst {limit:,})".replace(",", ".")
            )
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise fail(f"filen er for stor (over {limit:,} byte)".replace(",", "."))
        return b"".join(chunks)
    except OSError as exc:
        raise fail(f"kan ikke læses ({why(exc)})") from None
    finally:
        os.close(fd)
