"""Write output files safely: the new content is written aside and put on the target in one step.

- On Linux the content goes into an anonymous file in the target folder (`O_TMPFILE`): until it
  is complete it has no name, so a process killed mid-write leaves nothing behind.
- Elsewhere a named temporary file in the target folder is used (a short name, `.kk-PID-….tmp`,
  so a long target name still fits), removed on any error; one left by a killed process is
  removed by the next write into that folder.
- Without `force` the complete file is *linked* to the target name, which fails if the name
  exists: two writers started together cannot replace each other's file (`link`, else
  `renameat2(RENAME_NOREPLACE)`). With `force` it is renamed over the target.
- openpyxl writes each sheet to a temporary file of its own first: `private_temporaries()`
  gives it a folder of ours, removed when the command ends, also on Ctrl-C and SIGTERM; one
  left by kill -9 is removed by the next command that writes.

Either way the previous file stays intact until the complete new one replaces it. A full disk,
a read-only folder, a name too long: one problem naming the file, the old file untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kkinvest.io.problems import InputError, Problem, os_problem

STALE_SECONDS = 3600
"""A leftover temporary file of a dead process is removed once it is this old (a folder on a
network share may be written from another machine, whose processes we cannot see)."""
_LEFTOVER = re.compile(r"^(?:\.kk|kkinvest)-(\d+)-[0-9a-z_]+(?:\.tmp)?$")


def check_target(path: Path, force: bool = False) -> Path:
    """Refuse a target that is a folder, lies in no folder, or exists (without `force`),
    before anything is built for it. Returns the target's folder."""
    if path.is_dir():
        raise InputError([Problem(str(path), "er en mappe; angiv et filnavn")])
    if path.is_symlink() and not path.exists() and not force:
        message = (
            "er et symbolsk link til noget, der ikke findes; slet det eller vælg et andet navn"
        )
        raise InputError([Problem(str(path), message)])
    if path.exists() and not force:
        raise InputError([Problem(str(path), "findes allerede; brug --force for at erstatte den")])
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([Problem(str(path), f"mappen findes ikke: {folder}")])
    return folder


def write_atomically(path: Path, write: Callable[[Path], None], force: bool = False) -> None:
    """Call `write(some_path)` to produce the content, then put it at `path` in one step."""
    folder = check_target(path, force)
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        if not _write_anonymous(folder, path, write, mode, force):
            sweep_leftovers(folder, ".kk-")
            _write_named(folder, path, write, mode, force)
    except FileExistsError as exc:
        _drop_quietly(exc)
        raise InputError(
            [Problem(str(path), "blev skrevet af en anden imens; brug --force for at erstatte den")]
        ) from None
    except OSError as exc:
        problem = os_problem(exc, str(path))
        _drop_quietly(exc)
        raise InputError([problem]) from None


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """While the content for `path` is made: an error of the file system (openpyxl writes a
    workbook's sheets to temporary files as it builds it; a full disk there) is a problem
    naming `path`, and what the failed writer left is dropped silently."""
    try:
        yield
    except OSError as exc:
        problem = os_problem(exc, str(path))
        _drop_quietly(exc)
        raise InputError([problem]) from None


def _drop_quietly(exc: BaseException) -> None:
    """Let go of what a failed writer left half-done, now and silently.

    openpyxl (and zipfile under it) leave a ZipFile open when a write fails (a full disk): it
    lives on in the failed call's frames, and when those go, its __del__ tries to finish the
    archive, fails again, and Python prints "Exception ignored in ZipFile.__del__ ...
    Traceback" after kkinvest's own line. Here the frames are cleared and the leftovers
    collected while such reports are switched off."""
    import gc
    import sys
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def write_all(
    files: Sequence[tuple[Path, Callable[[Path], None]]], force: bool = False
) -> list[Path]:
    """Write several files, all or none (`import`, `convert` to TOML).

    Every target is checked before anything is written; each file's content is then written
    to a temporary file beside its target, and only when all of them are complete are they
    given their names. A failure while writing (a full disk) leaves no target touched; one
    while naming them (another program took a name meanwhile) removes the files this run had
    already put in place, and the problem says so. Returns the targets, in order."""
    for path, _ in files:
        check_target(path, force)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    new = {path: not os.path.lexists(path) for path, _ in files}
    path = files[0][0] if files else Path()
    try:
        for path, write in files:
            folder = path.parent if str(path.parent) else Path(".")
            mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
            temporary = temporary_name(folder)
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            staged.append((temporary, path))
            write(temporary)
            with temporary.open("rb+") as handle:
                os.fsync(handle.fileno())
            temporary.chmod(mode)
        for temporary, path in staged:
            if force:
                os.replace(temporary, path)
            else:
                rename_no_replace(temporary, path)
            placed.append(path)
    except BaseException as exc:  # Ctrl-C and SIGTERM too: remove what this run wrote
        removed = _undo(staged, placed, new, len(files))
        if not isinstance(exc, OSError):
            raise
        problem = (
            Problem(str(path), "blev skrevet af en anden imens; brug --force for at erstatte den")
            if isinstance(exc, FileExistsError)
            else os_problem(exc, str(path))
        )
        _drop_quietly(exc)
        raise InputError([problem._replace(message=problem.message + removed)]) from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()  # gone after a rename; the link's source otherwise
    return [path for path, _ in files]


def _undo(
    staged: list[tuple[Path, Path]], placed: list[Path], new: dict[Path, bool], total: int
) -> str:
    """Remove what a failed `write_all` had written; what to add to its problem."""
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink()
    removed = [path for path in placed if new.get(path)]
    for path in removed:
        with contextlib.suppress(OSError):
            path.unlink()
    replaced = len(placed) - len(removed)
    if not placed:
        return f"; intet er skrevet (af {_files(total)})"
    text = f"; {_files(len(removed))}, som kørslen allerede havde skrevet, er fjernet igen"
    if replaced:
        text += f"; {_files(replaced)} fandtes og er allerede erstattet (--force)"
    return text


def _files(count: int) -> str:
    return f"{count} fil" if count == 1 else f"{count} filer"


def _write_anonymous(
    folder: Path, path: Path, write: Callable[[Path], None], mode: int, force: bool
) -> bool:
    """Write through an O_TMPFILE inode; False where the system or file system lacks it."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return False
    try:
        fd = os.open(folder, flag | os.O_RDWR, mode)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT):
            raise
        return False  # e.g. a file system without O_TMPFILE support
    try:
        write(Path(f"/proc/self/fd/{fd}"))
        os.fsync(fd)
        if not force:
            _link(fd, path)  # fails if the name exists: never replaces another's file
            return True
        named = temporary_name(folder)
        _link(fd, named)
        try:
            os.replace(named, path)
        except BaseException:
            with contextlib.suppress(OSError):
                named.unlink()
            raise
    finally:
        os.close(fd)
    return True


def _link(fd: int, named: Path) -> None:
    """Give the anonymous file behind `fd` a name. linkat() must follow /proc/self/fd/N, and
    os.link does that only when given a directory descriptor (with none it calls link(), which
    on Linux links the magic symlink itself and fails with EXDEV)."""
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), named, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def temporary_name(folder: Path) -> Path:
    """A temporary file's name in `folder` that `sweep_leftovers` knows (`.kk-PID-….tmp`)."""
    return folder / f".kk-{os.getpid()}-{os.urandom(6).hex()}.tmp"


def _write_named(
    folder: Path, path: Path, write: Callable[[Path], None], mode: int, force: bool
) -> None:
    temporary = temporary_name(folder)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        write(temporary)
        temporary.chmod(mode)
        if force:
            os.replace(temporary, path)
        else:
            rename_no_replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()  # gone already after a rename; the link's source otherwise


def rename_no_replace(source: Path, target: Path) -> None:
    """Give `source` the name `target` unless `target` exists (FileExistsError), in one step:
    a hard link where the file system has them, else renameat2(RENAME_NOREPLACE)."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
    if not _renameat2_noreplace(source, target):
        if target.exists():  # the last resort: not atomic, but never knowingly replacing
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        os.rename(source, target)


def _renameat2_noreplace(source: Path, target: Path) -> bool:
    """renameat2(..., RENAME_NOREPLACE) through libc; False where there is none."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, noreplace = -100, 1
    result = renameat2(at_fdcwd, os.fsencode(source), at_fdcwd, os.fsencode(target), noreplace)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def _default_mode() -> int:
    """The mode a newly created file would get (0o666 less the umask), not mkstemp's 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def sweep_leftovers(folder: Path, prefix: str, min_age: float = STALE_SECONDS) -> None:
    """Remove temporary files and folders named `PREFIX-PID-…` whose process is gone and that
    are older than `min_age` seconds (left by kill -9 or a power cut)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        match = _LEFTOVER.match(entry.name)
        if match is None or int(match.group(1)) == os.getpid() or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime < min_age:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


@contextlib.contextmanager
def private_temporaries() -> Iterator[Path]:
    """A temporary folder of our own for the libraries' temporary files (openpyxl writes each
    sheet to one), removed when the block ends however it ends."""
    base = Path(tempfile.gettempdir())
    sweep_leftovers(base, "kkinvest-", min_age=0)  # this machine's: a dead pid is dead
    folder = Path(tempfile.mkdtemp(prefix=f"kkinvest-{os.getpid()}-", dir=base))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)
