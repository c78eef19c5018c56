"""A proposal's id: one rule for the whole project (`new`, TOML, Excel, Word).

An id is letters, digits, "-", "_" and ".", starting with a letter or a digit (BC06, NY27-04,
S00006, INV-2027.3), at most 40 characters. In a document the id is the first word of
"Forslagets titel" when that word holds both capitals and digits; everything after it (and
after a separating ":", "." or dash) is the title:

>>> id_in_title("NY27-04 Robotter i hjemmeplejen")
('NY27-04', 'Robotter i hjemmeplejen')
>>> id_in_title("S00006: Fælles indkøb")
('S00006', 'Fælles indkøb')
>>> id_in_title("Robotter i hjemmeplejen") is None
True
"""

from __future__ import annotations

import re

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
ID_MAX_LENGTH = 40

_IN_TITLE = re.compile(
    # the id: capitals (and digits), then digits, then more such parts joined by - _ .
    r"^\s*(?P<id>[A-Z][A-Z0-9]{0,7}[-_.]?[0-9]+[A-Za-z]?(?:[-_.][A-Z0-9]+[a-z]?)*)"
    # then the end, or a separator and the title
    r"(?:\s*$|(?:\s*[:.\u2013\u2014-]\s*|\s+)(?P<title>.*)$)",
    re.ASCII | re.DOTALL,
)


def id_in_title(text: str) -> tuple[str, str] | None:
    """(id, title) where "Forslagets titel" starts with an id; None where it does not."""
    match = _IN_TITLE.match(text)
    if match is None:
        return None
    found = match.group("id").rstrip(".-_")
    if len(found) > ID_MAX_LENGTH or not any(c.isdigit() for c in found):
        return None
    return found, (match.group("title") or "").strip()
