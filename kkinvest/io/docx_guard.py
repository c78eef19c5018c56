"""Bound what a Word document from someone else may cost before python-docx reads it.

python-docx reads every part of a package that a relationship reaches and parses the XML ones
(the document, styles, numbering, headers, ...) into lxml trees; `io/docx_in.py` then walks the
document's tree and keeps a paragraph or a grid cell for each one with text. What a document
can cost is therefore its unpacked bytes, its XML elements (about 160 bytes each in lxml), its
paragraphs and table cells (the walker's objects) and the nesting the walker recurses through.
So the whole package is read here first, as a stream, building nothing: every part's bytes are
counted as they are unpacked (never the zip directory's claimed size, which a file can lie
about), and each XML part goes through expat, counting elements and depth. A document is
refused with one Danish line when it exceeds:

- MAX_FILE bytes on disk and MAX_MEMBERS parts;
- MAX_UNPACKED bytes unpacked in all (pictures too), MAX_XML bytes of XML parts, MAX_STYLES
  bytes in the styles part (python-docx parses it whole; kkinvest reads only style names);
- MAX_ELEMENTS XML elements in all parts, MAX_DEPTH levels of nesting in any part;
- MAX_PARAGRAPHS paragraphs, MAX_ROWS table rows and MAX_CELLS table cells in the document;
- any DTD (`<!DOCTYPE`), as the workbook reader refuses one: entity expansion is how XML bombs
  work, python-docx would silently drop an entity's text, and no Word document needs one;
- a document part that is not a WordprocessingML document with a body.

A part embedded for a w:altChunk (HTML, RTF, a whole .docx, ...) is never parsed, by python-docx
or by kkinvest (the reader says it is not read): its bytes count against MAX_UNPACKED, and it
is not scanned as XML (a .docx inside is a zip archive, an XHTML page may carry a DOCTYPE).

The largest real document (Bilag 7 of budget 2023, 13 proposals) has 1,5 MB unpacked, 31.000
elements, 4.728 paragraphs, 650 rows, 3.756 cells, depth 11 and a 350 KB styles part: the
bounds are 10-25 times that. Measured worst cases (tests/test_hostile.py, `kkinvest list
--data`, the whole process on this machine): a document just under the bounds of paragraphs,
rows and cells at once (59.000 paragraphs, 9.900 rows of 6 cells) is read at 103 MB peak in
7 s; refusing 380 MB of one-character paragraphs packed into 1,2 MB, 380 MB of styles, a
200 MB part whose directory claims 20.000 bytes, a 100.000-row table in 400 KB, a DTD, or
100 levels of nesting costs 40 MB peak (Python and kkinvest included) and the guard under
0,5 s of CPU.
"""

from __future__ import annotations

import os
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from kkinvest.io.office import (
    EMBEDDED_ADVICE,
    FORMATS,
    OLE,
    advice,
    content_type_advice,
    is_encrypted,
)
from kkinvest.io.problems import InputError, Problem, detail, why
from kkinvest.io.unreadable import WORD, library_problem

MAX_FILE = 50 * 1024 * 1024
MAX_MEMBERS = 1_000  # a real document: 17
MAX_UNPACKED = 80 * 1024 * 1024  # a real document: 0,9-1,5 MB
MAX_XML = 40 * 1024 * 1024  # Bilag 7: 1,1 MB of XML
MAX_STYLES = 4 * 1024 * 1024  # the documents': 350 KB
MAX_ELEMENTS = 400_000  # Bilag 7: 31.000 in its document part
MAX_PARAGRAPHS = 60_000  # Bilag 7: 4.728
MAX_ROWS = 10_000  # Bilag 7: 650
MAX_CELLS = 60_000  # Bilag 7: 3.756
MAX_DEPTH = 64  # every document: 9-11 (lxml itself stops at 256)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MAIN_RELATION = "/officeDocument"
_CHUNK_RELATION = "/aFChunk"
_PARSED_AS_DOCUMENT = "wordprocessingml.document.main+xml"
_CHUNK = 256 * 1024  # at most ~65.000 elements between two checks of the counts


def dotted(number: int) -> str:
    """12345 -> '12.345', the Danish way."""
    return f"{number:_}".replace("_", ".")


class Refused(Exception):
    """The document is refused: `category` is the Danish category line's start, `message` what
    exactly, `library` the library's own text (shown with --debug only)."""

    def __init__(self, category: str, message: str, library: str = "") -> None:
        super().__init__(message)
        self.category = category
        self.message = message
        self.library = library


TOO_LARGE = "Word-dokumentet er for stort"
DAMAGED = "Word-dokumentet er beskadiget"
NOT_WORD = "er ikke et Word-dokument (.docx)"
ENCRYPTED = "Word-dokumentet er krypteret (beskyttet med adgangskode)"
REFUSED = "Word-dokumentet er afvist"


def guard_docx(path: Path, shown: str) -> None:
    """Refuse (InputError, one line naming the file) what is not a .docx python-docx can read
    within the bounds above. Reads the file once, as a stream."""
    try:
        with _open_regular(path) as handle:
            _guard(handle)
    except Refused as exc:
        raise InputError([Problem(shown, _line(exc))]) from None
    except OSError as exc:
        raise InputError([Problem(shown, f"kan ikke læses ({why(exc)})")]) from None


def open_docx(path: Path, shown: str) -> Any:
    """The python-docx Document of the .docx at `path`, once `guard_docx` has let it through;
    whatever python-docx or lxml still raise becomes one Danish line too."""
    guard_docx(path, shown)
    import docx  # python-docx: heavy (lxml), so only here

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise InputError([library_problem(shown, exc, WORD)]) from None


def _line(exc: Refused) -> str:
    text = ": ".join(part for part in (exc.category, exc.message) if part)
    return text + detail(exc.library)


def _open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading, if it is a regular file (a FIFO must not block us)."""
    if path.is_dir():
        raise Refused(NOT_WORD, "det er en mappe")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(NOT_WORD, "det er ikke en almindelig fil")
        if info.st_size > MAX_FILE:
            raise Refused(
                TOO_LARGE, f"filen fylder {dotted(info.st_size)} byte; højst {dotted(MAX_FILE)}"
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _guard(handle: IO[bytes]) -> None:
    magic = handle.read(8)
    if magic == OLE:
        raise Refused(*_ole_kind(handle))
    if not magic.startswith(b"PK\x03\x04"):
        text = bool(magic) and all(b in b"\t\r\n" or 32 <= b < 127 or b >= 0xC2 for b in magic)
        raise Refused(
            NOT_WORD,
            "filen er tekst, ikke et zip-arkiv; er den omdøbt?"
            if text
            else "filen er ikke et zip-arkiv, som en .docx-fil er",
        )
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            _Package(archive).check()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
        raise Refused(DAMAGED, "zip-arkivet kan ikke pakkes ud", str(exc)) from None
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise Refused(DAMAGED, "en del er pakket på en måde, Word ikke bruger", str(exc)) from None
    except RuntimeError as exc:  # "File ... is encrypted, password required"
        raise Refused(ENCRYPTED, "gem det uden adgangskode", str(exc)) from None


def _ole_kind(handle: IO[bytes]) -> tuple[str, str]:
    """An OLE compound file is either an encrypted .docx or an old binary .doc."""
    if is_encrypted(handle):
        return ENCRYPTED, "gem det uden adgangskode (Filer > Info > Beskyt dokument)"
    return "", advice(FORMATS[".doc"])


def _other_package(names: set[str]) -> str:
    """What a zip archive without a Word document is, and what to do."""
    if "xl/workbook.xml" in names:
        return "det er en Excel-projektmappe; giv den endelsen .xlsx"
    if "ppt/presentation.xml" in names:
        return "det er en PowerPoint-præsentation"
    if "content.xml" in names and "mimetype" in names:
        return (
            "det er et OpenDocument-dokument (.odt); åbn det i Word eller LibreOffice og gem "
            "det som Word-dokument (*.docx)"
        )
    return "zip-arkivet har intet Word-dokument (word/document.xml)"


class _Wide(Exception):
    """A part in UTF-16: to be read by expat."""


class _Package:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.unpacked = 0
        self.xml = 0
        self.elements = 0
        self.content_types: dict[str, str] = {}  # part name -> its content type (Override)
        self.defaults: dict[str, str] = {}  # file name extension -> content type (Default)

    def check(self) -> None:
        members = self.archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused(
                TOO_LARGE, f"det har {dotted(len(members))} dele; højst {dotted(MAX_MEMBERS)}"
            )
        names = {m.filename for m in members}
        main = self._main_part(names)
        if main is None:
            raise Refused(NOT_WORD, _other_package(names))
        if "[Content_Types].xml" not in names:
            raise Refused(DAMAGED, "zip-arkivet har ingen [Content_Types].xml")
        xml = self._xml_parts(names)
        other = content_type_advice(self.content_types.get(main, ""))
        if other:
            raise Refused("", other)
        read, chunks = self._chunks(main, names)
        for info in members:
            name = info.filename
            if info.is_dir() or name in read:
                continue  # read above
            if name == main:
                self._xml_part(info, main=True)
            elif name in xml and name not in chunks:
                self._scan_xml(info)
            else:
                self._read(info, lambda _: None)

    def _xml_parts(self, names: set[str]) -> set[str]:
        """The parts python-docx may parse as XML: those named *.xml or *.rels, and those the
        package's list of content types calls XML (an HTML part for an altChunk is never
        parsed: it is not XML)."""
        defaults = self.defaults
        overrides = self.content_types

        def start(name: str, attrs: dict[str, str]) -> None:
            kind = attrs.get("ContentType", "")
            if name.endswith(" Default"):
                defaults[attrs.get("Extension", "").casefold()] = kind
            elif name.endswith(" Override"):
                overrides[attrs.get("PartName", "").lstrip("/")] = kind

        self._xml_part(self.archive.getinfo("[Content_Types].xml"), main=False, also=start)

        def is_xml(name: str) -> bool:
            kind = self._content_type(name)
            return kind.endswith("xml") and "html" not in kind

        return {n for n in names if n.endswith((".xml", ".rels")) or is_xml(n)}

    def _content_type(self, name: str) -> str:
        extension = name.rpartition(".")[2].casefold()
        return self.content_types.get(name) or self.defaults.get(extension, "")

    def _chunks(self, main: str, names: set[str]) -> tuple[set[str], set[str]]:
        """The parts read already, and the parts the document embeds as altChunk (named by
        the document part's relationships: word/_rels/document.xml.rels)."""
        folder, _, file = main.rpartition("/")
        rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
        read = {"[Content_Types].xml", "_rels/.rels"}
        targets: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            relation = attrs.get("Type", "")
            internal = attrs.get("TargetMode", "") != "External"
            if name.endswith(" Relationship") and relation.endswith(_CHUNK_RELATION) and internal:
                targets.append(attrs.get("Target", ""))

        if rels in names:
            self._xml_part(self.archive.getinfo(rels), main=False, also=start)
            read.add(rels)
        chunks = {_part_name(folder, target) for target in targets}
        for chunk in sorted(chunks & names):
            if self._content_type(chunk).endswith(_PARSED_AS_DOCUMENT):
                # python-docx would parse the embedded .docx (a zip) as a document part's XML
                raise Refused(
                    "",
                    f"et Word-dokument er indlejret i det som altChunk ({chunk}), og det kan "
                    f"kkinvest ikke læse: {EMBEDDED_ADVICE}",
                )
        return read, chunks

    def _scan_xml(self, info: zipfile.ZipInfo) -> None:
        """A part python-docx may parse but kkinvest does not read (styles, settings, ...):
        its bytes scanned for a DTD and its tags counted, at the speed of bytes.find (expat
        would take ten times as long on a styles part). A part in UTF-16 goes through expat:
        a byte search would not see its DTD."""
        carry = b""
        size = 0
        name = info.filename

        def feed(data: bytes) -> None:
            nonlocal carry, size
            size += len(data)
            if size == len(data) and (
                data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]
            ):
                raise _Wide
            piece = carry + data
            if b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
                raise Refused(REFUSED, f"{name} har en DTD (<!DOCTYPE>), som Word ikke bruger")
            self._sized(name, size, len(data))  # refused as soon as too large
            self.elements += data.count(b"<") - data.count(b"</")
            if self.elements > MAX_ELEMENTS:
                raise Refused(TOO_LARGE, f"det har over {dotted(MAX_ELEMENTS)} XML-elementer")
            carry = piece[-16:]

        try:
            self._read(info, feed)
        except _Wide:
            self.unpacked -= size
            self._xml_part(info, main=False)

    def _main_part(self, names: set[str]) -> str | None:
        """The document part the package's relationships name (python-docx opens that one),
        else word/document.xml."""
        found: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if name.endswith(" Relationship") and attrs.get("Type", "").endswith(_MAIN_RELATION):
                found.append(attrs.get("Target", "").lstrip("/"))

        if "_rels/.rels" in names:
            info = self.archive.getinfo("_rels/.rels")
            self._xml_part(info, main=False, also=start)
        for name in (*found, "word/document.xml"):
            if name in names:
                return name
        return None

    def _read(self, info: zipfile.ZipInfo, feed: Callable[[bytes], None]) -> int:
        """Unpack a part in pieces to `feed`, counting its real size against MAX_UNPACKED."""
        size = 0
        with self.archive.open(info) as stream:
            while True:
                data = stream.read(_CHUNK)
                if not data:
                    return size
                size += len(data)
                self.unpacked += len(data)
                if self.unpacked > MAX_UNPACKED:
                    raise Refused(
                        TOO_LARGE,
                        f"det fylder over {dotted(MAX_UNPACKED)} byte udpakket",
                    )
                feed(data)

    def _xml_part(
        self,
        info: zipfile.ZipInfo,
        main: bool,
        also: Callable[[str, dict[str, str]], None] | None = None,
    ) -> None:
        from xml.parsers import expat

        name = info.filename
        parser = expat.ParserCreate(namespace_separator=" ")
        counts = [0, 0, 0]  # paragraphs, rows, cells (of the document part)
        watched = _WATCHED if main else {}
        top: list[str] = []  # the root element's name, and the body's if it has one
        depth = 0
        deepest = 0
        elements = 0

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal depth, deepest, elements
            depth += 1
            elements += 1
            if depth > deepest:
                deepest = depth
                if depth > MAX_DEPTH:
                    raise Refused(TOO_LARGE, f"{name} er indlejret over {MAX_DEPTH} niveauer dybt")
            kind = watched.get(tag)
            if kind is not None:
                counts[kind] += 1
            if depth == 1 or (depth == 2 and tag in _BODIES and len(top) == 1):
                top.append(tag)
            if also is not None:
                also(tag, attrs)

        def end(tag: str) -> None:
            nonlocal depth
            depth -= 1

        def doctype(*_: object) -> None:
            raise Refused(
                REFUSED, f"{name} har en DTD (<!DOCTYPE>), som et Word-dokument ikke bruger"
            )

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = doctype

        size = 0

        def feed(data: bytes) -> None:
            nonlocal size
            size += len(data)
            self._sized(name, size, len(data))
            parser.Parse(data, False)
            self._counted(name, elements, counts)

        try:
            self._read(info, feed)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise Refused(
                DAMAGED, f"{name} er ikke gyldig XML (linje {exc.lineno})", str(exc)
            ) from None
        self.elements += elements
        if main:
            _main_root(name, top)

    def _sized(self, name: str, size: int, added: int) -> None:
        """Count `added` more bytes of XML, of which the part `name` now has `size`."""
        self.xml += added
        if self.xml > MAX_XML:
            raise Refused(TOO_LARGE, f"XML-delene fylder over {dotted(MAX_XML)} byte")
        if name.endswith("styles.xml") and size > MAX_STYLES:
            raise Refused(
                TOO_LARGE,
                f"typografierne ({name}) fylder over {dotted(MAX_STYLES)} byte",
            )

    def _counted(self, name: str, elements: int, counts: list[int]) -> None:
        if self.elements + elements > MAX_ELEMENTS:
            raise Refused(TOO_LARGE, f"det har over {dotted(MAX_ELEMENTS)} XML-elementer")
        limits = (MAX_PARAGRAPHS, MAX_ROWS, MAX_CELLS)
        for count, limit, what in zip(counts, limits, _COUNTED, strict=True):
            if count > limit:
                raise Refused(TOO_LARGE, f"det har over {dotted(limit)} {what}; del det op")


_WATCHED = {
    f"{ns} {tag}": i for ns in (W_NS, STRICT_W_NS) for i, tag in enumerate(("p", "tr", "tc"))
}
_COUNTED = ("afsnit", "tabelrækker", "tabelceller")
_BODIES = {f"{W_NS} body", f"{STRICT_W_NS} body"}


def _part_name(folder: str, target: str) -> str:
    """A relationship's target as the name of a part in the zip ("afchunk.html" from
    word/document.xml is word/afchunk.html; "/word/x.rtf" is word/x.rtf)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _main_root(name: str, top: list[str]) -> None:
    """The document part must be a <w:document> with a <w:body>, as python-docx expects."""
    root = top[0] if top else ""
    if root == f"{STRICT_W_NS} document":
        raise Refused(
            NOT_WORD,
            "det er gemt som 'Strict Open XML-dokument'; åbn det i Word og gem det som "
            "Word-dokument (*.docx)",
        )
    if root != f"{W_NS} document":
        shown_root = root.rpartition(" ")[2] or "ingen"
        raise Refused(NOT_WORD, f"{name} er ikke et Word-dokument (roden er <{shown_root}>)")
    if len(top) < 2:
        raise Refused(DAMAGED, f"{name} har ingen brødtekst (<w:body>)")
