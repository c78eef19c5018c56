"""The "Risikovurdering" section of a proposal's text, kept as text (`Proposal.risk_assessment`).

The template's section "Risikovurdering" (numbered 9 or 10) is prose, sometimes with a
"Risikoscore: Lav (9)" per risk, never the costed figures a risk register needs; so it is kept
as the document prints it, for the reader to see beside the figures. A separate, pure function
over the paragraphs' text: the Word reader can call it with its paragraphs in order.

The section runs from its heading to the next numbered section heading ("10. Hvem er hørt?"),
the next proposal's first line ("Forslagets titel: ..."), a heading in capitals, or the end.
Sub-headings within it (one per risk) are kept as lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kkinvest.model import MAX_RISK_TEXT

_HEADING = r"^\W*(\d{1,2}\.?\s*)?Risikovurdering\W*$"
_NEXT = r"^\W*(\d{1,2}\.\s+\S.{0,78}|Forslagets titel:.*|[A-ZÆØÅ][A-ZÆØÅ -]{9,})$"
"""Where the section ends: a numbered heading, the next proposal's title, or a heading in
capitals ("INVESTERINGSFORSLAG", "ADMINISTRATIVT BILAG TIL TVÆRGÅENDE INVESTERINGSFORSLAG")."""


def risk_assessment(paragraphs: Iterable[str]) -> str | None:
    """The text of the first "Risikovurdering" section in `paragraphs`, or None. Markup
    characters of a converted heading (#, *) are dropped; at most MAX_RISK_TEXT characters
    (the rest is cut at a paragraph and marked)."""
    found: list[str] | None = None
    for paragraph in paragraphs:
        text = paragraph.strip()
        if found is None:
            if re.match(_HEADING, text, re.IGNORECASE):
                found = []
            continue
        if re.match(_NEXT, text):
            break
        if text:
            found.append(re.sub(r"^#+\s*|\*\*", "", text).strip())
    if not found:
        return None
    kept: list[str] = []
    length = 0
    for part in found:
        if length + len(part) + 2 > MAX_RISK_TEXT - 10:
            kept.append("[…]")
            break
        kept.append(part)
        length += len(part) + 2
    return "\n\n".join(kept)
