"""Write output files safely: to a temporary file in the target folder, then renamed.

An interrupted write leaves the previous file intact and no partial file behind; an existing
file is only replaced with `force`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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
    """Call `write(temporary_path)`, then rename it onto `path`."""
    folder = check_target(path, force)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise InputError([Problem(str(path), "cannot write here (permission denied)")]) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else _default_mode())
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
