"""One way a library's error reaches the user: a Danish category line naming the file.

Where a file is read, whatever zipfile, zlib, expat, lxml, defusedxml, python-docx, openpyxl
or the TOML parser raise is caught and turned into one line of a few categories:

    bilag.docx: Word-dokumentet er beskadiget: en del er ikke gyldig XML; åbn det i Word ...
    bog.xlsx: projektmappen er krypteret (beskyttet med adgangskode); gem den uden adgangskode

- "beskadiget": the zip archive or an XML part cannot be read, a part is missing, or the
  content is not what Word or Excel writes;
- "krypteret": protected by a password;
- "ikke et Word-dokument" / "ikke en projektmappe": another kind of file;
- "for stort" / "for stor": more than kkinvest reads (also: nested too deep, out of memory);
- "afvist": XML that only an attack needs (a DTD, entities, external references).

The library's own text (English) follows in brackets only with `kkinvest --debug`
(`problems.detail`). Classes are recognised by name, so nothing heavy is imported here.
"""

from __future__ import annotations

from typing import NamedTuple

from kkinvest.io.problems import Problem, detail, library_text, why


class Kind(NamedTuple):
    """What was read, for the messages: "Word-dokumentet", neuter, opened in "Word"."""

    noun: str  # "Word-dokumentet", "projektmappen", "TOML-filen"
    neuter: bool
    program: str  # what to open it in and save it again
    other: str  # "et Word-dokument (.docx)"


WORD = Kind("Word-dokumentet", True, "Word", "et Word-dokument (.docx)")
WORKBOOK = Kind("projektmappen", False, "Excel", "en Excel-projektmappe (.xlsx)")
TOML = Kind("TOML-filen", False, "en teksteditor", "en TOML-fil")

CATEGORIES = ("beskadiget", "krypteret", "ikke", "for stor", "afvist", "kan ikke læses")
"""How every line this module writes begins (after the noun), for the tests."""


def _names(exc: BaseException) -> set[str]:
    return {f"{c.__module__}.{c.__name__}" for c in type(exc).__mro__}


def explain(exc: BaseException, kind: Kind) -> str:
    """The Danish line (without the file's name) for a library's exception."""
    names = _names(exc)
    text = str(exc)
    noun = kind.noun
    it = "det" if kind.neuter else "den"
    large = "stort" if kind.neuter else "stor"
    again = f"; åbn {it} i {kind.program} og gem {it} igen"
    if isinstance(exc, OSError) and not names & {"zipfile.BadZipFile"}:
        return f"kan ikke læses ({why(exc)})"
    if names & {"zipfile.BadZipFile", "zlib.error", "builtins.EOFError", "zipfile.LargeZipFile"}:
        return f"{noun} er beskadiget: zip-arkivet kan ikke pakkes ud{again}"
    if "builtins.NotImplementedError" in names:
        return f"{noun} er beskadiget: en del er pakket på en måde, {kind.program} ikke bruger"
    if "builtins.RuntimeError" in names and ("encrypt" in text or "password" in text):
        return f"{noun} er krypteret (beskyttet med adgangskode); gem {it} uden adgangskode"
    if "defusedxml.common.DefusedXmlException" in names or "amplification" in text:
        return (
            f"{noun} er afvist: en del bruger en DTD eller XML-entiteter, som "
            f"{kind.program} ikke skriver"
        )
    if "builtins.RecursionError" in names or "Excessive depth" in text:
        return f"{noun} er for {large}: en del er indlejret for dybt"
    if "builtins.MemoryError" in names:
        return f"{noun} er for {large}: der er ikke hukommelse nok til at læse {it}"
    if names & {
        "lxml.etree.LxmlSyntaxError",
        "xml.etree.ElementTree.ParseError",
        "xml.parsers.expat.ExpatError",
        "builtins.SyntaxError",
    }:
        return f"{noun} er beskadiget: en del er ikke gyldig XML{again}"
    if "builtins.KeyError" in names:  # zipfile: "There is no item named ... in the archive"
        return f"{noun} er beskadiget: en del, som pakken henviser til, mangler{again}"
    if (
        names
        & {
            "docx.opc.exceptions.PackageNotFoundError",
            "openpyxl.utils.exceptions.InvalidFileException",
        }
        or "content type" in text
    ):
        return f"er ikke {kind.other}"
    if "tomli._parser.TOMLDecodeError" in names or "tomllib.TOMLDecodeError" in names:
        return f"{noun} er ikke gyldig TOML"
    return f"{noun} er beskadiget: indholdet er ikke, som {kind.program} skriver det{again}"


def library_problem(shown: str, exc: BaseException, kind: Kind) -> Problem:
    """The exception as one problem naming the file; the library's text with --debug only."""
    return Problem(shown, explain(exc, kind) + detail(library_text(exc)))
