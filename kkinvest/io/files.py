"""Write output files safely: the new content is written aside and renamed onto the target.

- On Linux the content goes into an anonymous file in the target folder (`O_TMPFILE`): until it
  is complete it has no name, so a process killed mid-write leaves nothing behind. It is then
  linked under a unique temporary name and renamed onto the target in one step.
- Elsewhere a named temporary file in the target folder is used and removed on any error.

Either way the previous file stays intact until the complete new one replaces it, and
concurrent writers to one path each replace it whole (the last one wins). An existing file is
only replaced with `force`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from kkinvest.io.problems import InputError, Problem


def check_target(path: Path, force: bool = False) -> Path:
    """Refuse a target that is a folder, lies in no folder, or exists (without `force`),
    before anything is built for it. Returns the target's folder."""
    if path.is_dir():
        raise InputError([Problem(str(path), "is a folder, expected a file name")])
    if path.exists() and not force:
        raise InputError([Problem(str(path), "exists already; use --force to replace it")])
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([Problem(str(path), f"no such folder: {folder}")])
    return folder


def write_atomically(path: Path, write: Callable[[Path], None], force: bool = False) -> None:
    """Call `write(some_path)` to produce the content, then put it at `path` in one step."""
    folder = check_target(path, force)
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    try:
        if _write_anonymous(folder, path, write, mode):
            return
        _write_named(folder, path, write, mode)
    except PermissionError:
        raise InputError([Problem(str(path), "cannot write here (permission denied)")]) from None


def _write_anonymous(folder: Path, path: Path, write: Callable[[Path], None], mode: int) -> bool:
    """Write through an O_TMPFILE inode; False where the system or file system lacks it."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return False
    try:
        fd = os.open(folder, flag | os.O_RDWR, mode)
    except OSError:
        return False  # e.g. a file system without O_TMPFILE support
    try:
        write(Path(f"/proc/self/fd/{fd}"))
        os.fsync(fd)
        named = folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
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


def _write_named(folder: Path, path: Path, write: Callable[[Path], None], mode: int) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _default_mode() -> int:
    """The mode a newly created file would get (0o666 less the umask), not mkstemp's 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
