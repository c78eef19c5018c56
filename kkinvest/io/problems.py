"""Problems with user input, reported at the edge as `file:line:col: where: message`.

Readers collect problems instead of failing on the first one, and raise `InputError` with all
of them; the command line prints one line per problem to stderr and exits with code 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    source: str  # the file (as the user named it), or a description such as "--amount"
    message: str
    where: str | None = None  # proposal id and field path, or a cell
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return printable(
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str, keep: str = "\n\t") -> str:
    """`text` safe to print to a terminal: every control character (Unicode category Cc:
    U+0000-001F, U+007F-009F; ESC would start a terminal command, NEL a new line) but those
    in `keep` written as an escape (\\x1b, \\r, \\x85) a reader can see."""
    if text.isprintable():  # the usual case: nothing to look for
        return text
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def _escape(char: str) -> str:
    return {"\r": "\\r", "\n": "\\n", "\t": "\\t"}.get(char) or f"\\x{ord(char):02x}"


class Settings:
    """How problems are reported: with `debug` (the command line's --debug), a library's own
    message follows kkinvest's Danish line, in brackets."""

    debug = False


def detail(library: str) -> str:
    """A library's own text for the end of a problem's line: only with --debug."""
    return f" [{library}]" if Settings.debug and library else ""


def library_text(exc: BaseException) -> str:
    """A library exception's class and first line, for `detail`."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


class InputError(Exception):
    """Bad input: one or more problems, each naming its file and field."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


_WHY = {
    "ENOSPC": "disken er fuld; frigør plads og prøv igen",
    "EDQUOT": "diskkvoten er brugt op; frigør plads og prøv igen",
    "EFBIG": "filen bliver større, end filsystemet eller grænsen for filstørrelse tillader",
    "EACCES": "ingen adgang",
    "EPERM": "ingen adgang",
    "EROFS": "filsystemet er skrivebeskyttet; vælg en anden mappe",
    "ENAMETOOLONG": "navnet er for langt; vælg et kortere",
    "ENOENT": "filen findes ikke",
    "ENOTDIR": "en del af stien er ikke en mappe",
    "EISDIR": "er en mappe, ikke en fil",
    "ELOOP": "symbolske links går i ring",
    "EIO": "læse-/skrivefejl på disken eller netværksdrevet",
    "EMFILE": "for mange åbne filer",
    "ENFILE": "for mange åbne filer",
    "EBUSY": "er optaget af et andet program",
    "ETXTBSY": "er optaget af et andet program",
    "EEXIST": "findes allerede",
    "ENXIO": "er ikke en almindelig fil",
    "ESTALE": "netværksdrevet svarer ikke (forældet filhåndtag)",
    "ETIMEDOUT": "netværksdrevet svarer ikke",
}


def why(exc: OSError) -> str:
    """An operating-system error in a few Danish words."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _WHY.get(name) or f"systemfejl {name or exc.errno}: {exc.strerror or exc}"


def os_problem(exc: OSError, source: str | None = None) -> Problem:
    """An OSError as a problem naming the file it concerns."""
    return Problem(source or str(exc.filename or "?"), why(exc))
