"""What to tell a user who gives kkinvest an Office file it does not read: the format by name,
and how to save it as the .docx or .xlsx kkinvest reads (issue 20, item 4).

    office_advice(".docm")  ->  "er et Word-dokument med makroer (.docm); kkinvest læser
                                 .docx: åbn det i Word og vælg Filer > Gem som > Word-dokument
                                 (*.docx)"
"""

from __future__ import annotations

from typing import IO, NamedTuple

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an old .doc or .xls, or an encrypted .docx/.xlsx."""
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class Format(NamedTuple):
    what: str  # "et Word-dokument med makroer (.docm)"
    word: bool  # a text document (saved as .docx), else a spreadsheet (saved as .xlsx)
    program: str = ""  # what to open it in; "" for Word or Excel


FORMATS = {
    ".docm": Format("et Word-dokument med makroer (.docm)", True),
    ".dotx": Format("en Word-skabelon (.dotx)", True),
    ".dotm": Format("en Word-skabelon med makroer (.dotm)", True),
    ".doc": Format("et Word-dokument i det gamle format (.doc)", True),
    ".dot": Format("en Word-skabelon i det gamle format (.dot)", True),
    ".rtf": Format("et RTF-dokument (.rtf)", True),
    ".odt": Format("et OpenDocument-tekstdokument (.odt)", True, "Word eller LibreOffice Writer"),
    ".xlsm": Format("en Excel-projektmappe med makroer (.xlsm)", False),
    ".xltx": Format("en Excel-skabelon (.xltx)", False),
    ".xltm": Format("en Excel-skabelon med makroer (.xltm)", False),
    ".xlsb": Format("en binær Excel-projektmappe (.xlsb)", False),
    ".xls": Format("en Excel-projektmappe i det gamle format (.xls)", False),
    ".ods": Format("et OpenDocument-regneark (.ods)", False, "Excel eller LibreOffice Calc"),
}
"""Office formats by file name suffix."""

EMBEDDED_ADVICE = (
    "åbn dokumentet i Word og gem det igen, så det indlejrede indhold bliver en del af dokumentet"
)
"""What to do with content a document embeds as altChunk (HTML, RTF, another .docx): Word
imports it when it opens the document, and keeps it as ordinary text and tables when the
document is saved; LibreOffice leaves an HTML altChunk out (tried with LibreOffice 7)."""

CONTENT_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": ".docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": ".dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ".dotm",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
}
"""The main part's content type of the Office Open XML formats kkinvest does not read: a
.docm renamed to .docx is still a .docm."""


def advice(fmt: Format) -> str:
    """How to turn a file of this format into one kkinvest reads."""
    it = "det" if fmt.what.startswith("et ") else "den"
    if fmt.word:
        program, target, suffix = fmt.program or "Word", "Word-dokument (*.docx)", ".docx"
    else:
        program, target, suffix = fmt.program or "Excel", "Excel-projektmappe (*.xlsx)", ".xlsx"
    return (
        f"er {fmt.what}; kkinvest læser {suffix}: åbn {it} i {program} og vælg "
        f"Filer > Gem som > {target}"
    )


def office_advice(suffix: str) -> str | None:
    """The advice for a file named with `suffix` (".docm"), or None if it is not an Office
    format kkinvest knows and does not read."""
    fmt = FORMATS.get(suffix.casefold())
    return advice(fmt) if fmt else None


def content_type_advice(content_type: str) -> str | None:
    """The advice for a package whose main part has `content_type`, or None."""
    suffix = CONTENT_TYPES.get(content_type.strip())
    return office_advice(suffix) if suffix else None


def is_encrypted(handle: IO[bytes]) -> bool:
    """Whether the OLE compound file open in `handle` is an encrypted Office Open XML file (it
    holds an EncryptedPackage stream) rather than an old binary .doc or .xls."""
    handle.seek(0)
    carry = b""
    while True:
        data = handle.read(1 << 20)
        if not data:
            return False
        if _ENCRYPTED in carry + data:
            return True
        carry = data[-len(_ENCRYPTED) :]
