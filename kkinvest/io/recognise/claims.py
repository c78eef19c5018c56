"""The figures a document's text states (`stated.claims`): only sentence forms that say
plainly what they state (CLAIM_PATTERNS), in paragraphs and in the text cells of tables other
than Tabel 1; every other amount in the text is named in the report as not read. A stage of
the recogniser (`document.read_proposal`); `check` and the read-time cross-check compare them.
"""

from __future__ import annotations

import re

from kkinvest.io.grid import Block, Paragraph
from kkinvest.io.recognise.draft import ClaimData, Draft
from kkinvest.io.recognise.tabel_1 import (
    CellProblem,
    is_tabel_1,
    text_amount,
)

_AMOUNT = r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"


_UNITS = r"(mio\.?\s*kr|t\.\s*kr|tkr|1\.000\s*kr)"


_INVESTMENT = (
    # "en samlet investering på 4,4 mio. kr.", "den samlede investering på ...",
    # "investeringen på i alt 4,4 mio. kr.", "en investering på samlet 4.400 t. kr."
    r"(?:samlet|samlede)\s+investering(?:en)?\s+(?:er\s+)?på\s+(?:i\s+alt\s+)?"
    r"|investering(?:en)?\s+(?:er\s+)?på\s+(?:i\s+alt|samlet)\s+"
)


_CLAIMS = (
    # (what, pattern, unit): only phrasings that say plainly what they state
    (  # "en tilbagebetalingstid på ca. 4 år"; a header line "Tilbagebetalingstid: 4 år"
        "payback",
        re.compile(r"tilbagebetalingstid(?:\s+på\s+|\s*:\s*)(?:ca\.\s+)?(\d{1,2})\s+år", re.I),
        "år",
    ),
    (
        "investment",
        re.compile(rf"(?:en\s+|den\s+)?(?:{_INVESTMENT})(?:ca\.\s+)?{_AMOUNT}\s*{_UNITS}", re.I),
        "",  # the unit the sentence gives
    ),
)


CLAIM_PATTERNS = (
    '"tilbagebetalingstid på (ca.) N år", "Tilbagebetalingstid: N år"',
    '"(en/den) samlet(e) investering(en) (er) på (i alt) (ca.) N mio. kr./t. kr."',
    '"investering(en) (er) på i alt/samlet (ca.) N mio. kr./t. kr."',
)
"""The sentence forms read as claims (in paragraphs and in the text cells of tables other
than Tabel 1); the import report names each one read. A "varig gevinst på 8,5 mio. kr." may be
the gross saving or the net, so it is not read."""


def _claim_texts(blocks: list[Block]) -> list[tuple[str, str, str]]:
    """(text, where in the document, where for the report) of every paragraph and every text
    cell of a table other than Tabel 1 (the template puts "Kort resumé" in a table)."""
    texts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if not block.heading:
                texts.append((block.text, f"afsnit {block.number}", block.where))
        elif not is_tabel_1(block):
            seen: set[str] = set()  # a merged cell repeats its text in every column
            for (row, col), value in sorted(block.cells.items()):
                if isinstance(value, str) and len(value) > 30 and value not in seen:
                    seen.add(value)
                    texts.append((value, block.ref(row, col), block.where(row, col)))
    return texts


def read_claims(blocks: list[Block], draft: Draft) -> None:
    """Figures the text states that `check` can test (stated.claims): only the sentence forms
    of CLAIM_PATTERNS, each unambiguous."""
    claims: list[ClaimData] = []
    for text, where, shown in _claim_texts(blocks):
        read: list[tuple[int, int]] = []  # the spans read as claims
        for what, pattern, unit in _CLAIMS:
            for match in pattern.finditer(text):
                read.append(match.span())
                number = match.group(1)
                said = unit or match.group(2)
                try:
                    value = text_amount(number)
                except CellProblem as problem:
                    draft.unplaced.append((where, f"påstand i teksten: {problem}"))
                    continue
                if unit == "år" or said.casefold().startswith("mio"):
                    said = unit or "mio. kr."
                else:  # thousands: "4.400 t. kr."
                    said = "1.000 kr."
                if value is None:
                    continue
                claims.append(
                    {
                        "what": what,
                        "value": value,
                        "unit": said,
                        "where": where,  # of the document, not the file
                        "text": match.group(0),
                    }
                )
                draft.report.append((shown, f"påstand i teksten: {match.group(0)!r}"))
        _figures_not_read(text, read, shown, draft)
    draft.stated.claims = claims


_FIGURE = re.compile(
    # "1844 mio. kr.", "2,6 mio.kr.", "4.400 t. kr.", "710t.kr.", "500 kr."; not "kr./kWh"
    r"(?<![\w.,])\d[\d.,]*\s*(?:mio\.?\s*kr\.?|t\.\s*kr\.?|tkr\.?|kr\.)(?!/)",
    re.I,
)


def _figures_not_read(text: str, read: list[tuple[int, int]], shown: str, draft: Draft) -> None:
    """Name in the report every amount in the text that was not read as a claim ("1844 mio. kr.
    årligt i 2025" cannot be tied to a line reliably), so a difference between the documents
    and a catalogue that records it is named, not silent."""
    for match in _FIGURE.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in read):
            continue
        before = text[max(0, start - 40) : start]
        if start > 40 and " " in before:
            before = "…" + before[before.index(" ") + 1 :]
        after = text[end : end + 25]
        if end + 25 < len(text) and " " in after:
            after = after[: after.rindex(" ")] + "…"
        fragment = " ".join(f"{before}{match.group(0)}{after}".split())
        draft.unplaced.append((shown, f"tal i teksten, ikke læst som påstand: {fragment!r}"))
