"""Problems with user input, reported at the edge as `file:line:col: where: message`.

Readers collect problems instead of failing on the first one, and raise `InputError` with all
of them; the command line prints one line per problem to stderr and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
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
        return (
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )


class InputError(Exception):
    """Bad input: one or more problems, each naming its file and field."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
