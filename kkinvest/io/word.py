"""Word documents in: proposals as the catalogue loads them (`--data FILE.docx`), and as
`kkinvest import` writes them (TOML with every guess as a comment, and a report).

    read_docx (io/docx_in.py)            .docx -> paragraphs and grids
    read_document (io/recognise/document.py)  -> typed drafts (io/recognise/draft.py)
    proposal_of / draft_toml (here)      draft -> Proposal, or annotated TOML
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from kkinvest.io.grid import counted
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.recognise.document import Document
from kkinvest.io.recognise.draft import Draft, PoolDraft
from kkinvest.registry import Registry


def read_word(path: Path, shown: str, registry: Registry) -> Document:
    """Every proposal (and a Bilag's overview) in the Word document at `path`."""
    from kkinvest.io.docx_in import read_docx
    from kkinvest.io.memory import given_back
    from kkinvest.io.recognise.document import read_document

    with given_back():  # python-docx's tree is cycles: freed now, not at the next collection
        blocks = read_docx(path, shown)
    document = read_document(blocks, shown, registry, path.stem)
    if not document.drafts and document.problems:  # e.g. all of it embedded as altChunk
        raise InputError(Problem(where, message, pid) for where, pid, message in document.problems)
    return document


def proposal_of(draft: Draft, registry: Registry) -> Any:
    """The draft as a validated Proposal; InputError naming the table cell where known."""
    from kkinvest.io.validation import problems_from_validation
    from kkinvest.model import Proposal

    if draft.problems:
        raise InputError(
            Problem(where, message, draft.shown_id) for where, message in draft.problems
        )
    data = draft.to_data()
    try:
        return Proposal.model_validate(data, context={"registry": registry})
    except ValidationError as exc:
        found = problems_from_validation(exc, Proposal, draft.source, data, draft.shown_id)
        errors = exc.errors(include_url=False)
        if len(errors) != len(found):  # a union's errors are one problem: no pairs to place
            raise InputError(found) from None
        located = []
        for problem, error in zip(found, errors, strict=True):
            place = _place(draft, tuple(error["loc"]))
            located.append(Problem(place, problem.message, problem.where) if place else problem)
        raise InputError(located) from None


def read_time_checks(draft: Draft, proposal: Any) -> None:
    """What the document states against what its lines give, once the proposal is valid (the
    payback needs the whole proposal): a disagreement is a warning in the draft."""
    from kkinvest.io.recognise.crosscheck import payback_disagreements

    draft.warnings.extend(payback_disagreements(proposal, draft.places, draft.source))


def _place(draft: Draft, loc: tuple[Any, ...]) -> str | None:
    key = tuple(int(p) if isinstance(p, str) and p.isascii() and p.isdigit() else p for p in loc)
    for length in range(len(key), 0, -1):
        if key[:length] in draft.places:
            return draft.places[key[:length]]
    return None


class WordRead(NamedTuple):
    """What `--data` takes from a Word document."""

    proposals: list[Any]
    notes: list[Problem]  # what was guessed or not read: the figures stand
    warnings: list[Problem]  # the figures may be wrong (kkinvest: advarsel)
    pool: Any  # the Bilag's pool, if there is one
    written_by_kkinvest: bool  # a Bilag from `export --docx`: skipped where its proposals are


def read_word_proposals(path: Path, shown: str, registry: Registry) -> WordRead:
    """For `--data`: the proposals of a Word document, with notes and warnings apart."""
    document = read_word(path, shown, registry)
    proposals: list[Any] = []
    notes: list[Problem] = []
    warnings: list[Problem] = []
    problems = [Problem(where, message, pid) for where, pid, message in document.problems]
    for draft in document.drafts:
        try:
            proposals.append(proposal_of(draft, registry))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        read_time_checks(draft, proposals[-1])
        warnings.extend(
            Problem(where, message, draft.shown_id) for where, message in draft.warnings
        )
        if draft.missing:  # loads with what it has; a command that needs more says so
            notes.append(
                Problem(
                    shown,
                    f"ikke udfyldt i dokumentet: {'; '.join(draft.missing)} "
                    "(tomt; en kommando, der skal bruge det, siger til)",
                    draft.shown_id,
                )
            )
        if draft.guesses:
            fields = ", ".join(list(draft.guesses)[:4]) + (" …" if len(draft.guesses) > 4 else "")
            notes.append(
                Problem(
                    shown,
                    f"{counted(len(draft.guesses), 'felt', 'felter')} er udledt, ikke læst "
                    f"({fields}); "
                    f"'kkinvest import {shown}' viser hvorfor",
                    draft.shown_id,
                )
            )
    if problems:
        raise InputError(problems)
    pool = None
    if document.pool is not None and document.pool.remaining is None:
        # an overview kkinvest computed without a pool file (no "Der resterer" sentence):
        # nothing in it that the proposals do not give again
        notes.append(
            Problem(
                shown,
                "puljeoversigten siger ikke, hvad der resterer i puljerne; "
                "den læses ikke som puljefil",
            )
        )
    elif document.pool is not None:
        from kkinvest.io.entries import parse_pool

        pool = parse_pool({"pool": document.pool.to_data()}, shown, registry)
    return WordRead(proposals, notes, warnings, pool, document.written_by_kkinvest)


def draft_toml(draft: Draft) -> str:
    """The draft as a TOML file: a comment block saying where it came from and what the user
    must check, then the data, each guessed value with its reason as a comment above it."""
    from kkinvest.io.toml_out import _plain, dumps

    head = [_comment(f"Læst af kkinvest import fra {draft.source}.")]
    unread = [f"{where}: {message}" for where, message in draft.problems if where != draft.source]
    if draft.missing or unread:
        head.append("# Mangler (udfyld selv; kkinvest gætter ikke):")
        head.extend(_comment(item, "  - ") for item in [*draft.missing, *unread])
    if draft.unplaced:
        head.append("# Ikke placeret:")
        head.extend(_comment(f"{where}: {what}", "  - ") for where, what in draft.unplaced)
    text = _inline_years(dumps(_plain(draft.to_data())))
    return "\n".join(head) + "\n" + _with_comments(text, draft.guesses)


_HEADER = re.compile(r"^\[(\[?)([^\[\]]+)\]\]?$")
_YEAR_LINE = re.compile(r"^\d{4} = \S+$")


def _inline_years(text: str) -> str:
    """`[lines.values]` followed by `2023 = -2000` lines, as the hand-written files have it:
    `values = { 2023 = -2000, ... }` inside the table it belongs to."""
    lines = text.splitlines()
    out: list[str] = []
    current = ""  # the table the lines now belong to
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _HEADER.match(line)
        if match:
            path = match.group(2)
            body = []
            following = index + 1
            while following < len(lines) and _YEAR_LINE.match(lines[following]):
                body.append(lines[following])
                following += 1
            parent, _, name = path.rpartition(".")
            ends = (
                following >= len(lines)
                or not lines[following].strip()
                or _HEADER.match(lines[following])
            )
            if not match.group(1) and body and parent == current and ends:
                if out and not out[-1].strip():
                    out.pop()  # the blank line tomli_w puts before a table
                out.append(f"{name} = {{ {', '.join(body)} }}")  # a quoted name stays quoted
                index = following
                continue
            current = path
        out.append(line)
        index += 1
    return "\n".join(out) + "\n"


_KEY = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"]+\")\s*=")


def _comment(text: str, prefix: str = "") -> str:
    """A TOML comment line: a line break inside a title or a message (a soft line break in
    Word) must not end the comment and leave the rest as broken TOML."""
    return "# " + prefix + " ".join(text.split())


def _with_comments(text: str, guesses: dict[str, str]) -> str:
    """Put `# gæt: why` above the line that writes each guessed field ("pool",
    "lines[3].area", "lines[2]")."""
    out: list[str] = []
    table = ""  # "" at the top, "lines[3]" in the third [[lines]], "stated" in [stated]
    counts: dict[str, int] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[["):
            name = stripped.strip("[]")
            counts[name] = counts.get(name, 0) + 1
            table = f"{name}[{counts[name]}]"
            if table in guesses:
                out.append(_comment(f"gæt: {guesses[table]}"))
        elif stripped.startswith("["):
            table = stripped.strip("[]")
        match = _KEY.match(stripped)
        if match:
            key = match.group(1).strip('"')
            path = f"{table}.{key}" if table else key
            if path in guesses:
                out.append(_comment(f"gæt: {guesses[path]}"))
        out.append(line)
    return "\n".join(out) + "\n"


def pool_toml(draft: PoolDraft) -> str:
    """A Bilag's overview as a pool file ([pool]), with what was guessed or not placed."""
    from kkinvest.io.toml_out import _plain, dumps

    head = [_comment(f"Puljeoversigten, læst af kkinvest import fra {draft.source}.")]
    head.extend(_comment(f"gæt: {field}: {why}") for field, why in draft.guesses.items())
    head.extend(_comment(f"mangler: {item}") for item in draft.missing)
    head.extend(_comment(f"ikke placeret: {where}: {what}") for where, what in draft.unplaced)
    return "\n".join(head) + "\n" + dumps({"pool": _plain(draft.to_data())})
