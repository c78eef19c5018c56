"""Words the documents use that the readers compare with, each with its reason. (Tabel 1's own
rows and totals are in labels.py; units in kkinvest/numbers.py; the id in ids.py.)"""

from __future__ import annotations

SAVINGS_HEADINGS = ("effektivisering", "besparelse", "gevinst", "mindreudgift", "reduktion")
"""Sub-headings under "Varige ændringer" that gather savings ("Effektiviseringer",
"Besparelser", "Gevinster"). Analysts sometimes type the savings under them as positive
amounts: the sign is then settled by the printed totals, or the proposal is refused."""

COSTS_HEADINGS = ("merudgift", "udgift", "omkostning", "driftsomkostning", "meromkostning")
"""Sub-headings that gather the permanent costs ("Merudgifter", "Driftsomkostninger"): read as
typed."""


def subheading(label: str) -> str | None:
    """'savings' or 'costs' for a sub-heading's label (folded), else None."""
    if label.startswith(SAVINGS_HEADINGS):
        return "savings"
    if label.startswith(COSTS_HEADINGS):
        return "costs"
    return None


NOT_FILLED_IN = "ikke udfyldt i ansøgningen"
"""A header field the application left as the template's unfilled drop-down ("Vælg
forvaltning"): the Bilag prints "Fremstillende forvaltning: ikke udfyldt i ansøgningen",
`check` says "fremstillende forvaltning er ikke udfyldt i ansøgningen", and the Word reader
reads either wording as the unfilled drop-down (`Proposal.administration_unfilled`)."""

TEMPLATE_UNFILLED = "Vælg forvaltning"
"""The template's drop-down as it prints when nobody chose (what the files record)."""

UNFILLED_MARKS = ("vælg forvaltning", "vælg et element", "klik her", "angiv", "ikke udfyldt")
"""How a header value the author did not fill in starts (folded): the template's drop-downs
and prompts ("Vælg et element", "Klik her for at angive tekst"), and the Bilag's wording."""


KINDS = (
    ("innovation", "innovation"),
    ("effektivisering", "effektivisering"),
    ("investering", "investering"),
)
"""The kinds of proposal by the stem of their Danish word, as a heading ("INVESTERINGSFORSLAG",
"Effektiviseringsforslag – budget 2026") or a Type cell ("Investering") names them."""

POOLS = (("innovation", "innovation"), ("investering", "investering"), ("ingen", "none"))
"""The pools by the word their Danish name holds ("Investeringspuljen", "ingen pulje")."""

POOL_OF_KIND = {"investering": "investering", "innovation": "innovation", "effektivisering": "none"}
"""The pool a kind of proposal asks when the document does not say (an efficiency proposal asks
none): the readers' guess, reported as one."""

FACT_LABELS = {
    "udvalg": "committee",
    "fagudvalg": "committee",
    "forslagstype": "kind",
    "type": "kind",
    "pulje": "pool",
    "der søges om midler fra": "pool",
    "fremstillende forvaltning": "administration",
    "forvaltning": "administration",
}
"""The labels (folded, without the colon) an analyst writes beside a proposal's committee, kind,
pool and administration, in a document's header or a sheet of their own ("Udvalg: TMU")."""


def kind_named(text: str) -> str | None:
    """The kind a value names ("Investering", "innovationsforslag"), or None."""
    low = text.casefold()
    return next((kind for stem, kind in KINDS if stem in low), None)


def kind_heading(text: str) -> str | None:
    """The kind a heading names as a kind of proposal ("INVESTERINGSFORSLAG – BUDGET 2027"),
    or None: the word must be "…forslag", so a title that mentions investments is no heading.

    >>> kind_heading("EFFEKTIVISERINGSFORSLAG – BUDGET 2026"), kind_heading("Investering i LED")
    ('effektivisering', None)
    """
    low = text.casefold()
    return next((kind for stem, kind in KINDS if f"{stem}sforslag" in low), None)


def pool_named(text: str) -> str | None:
    """The pool a value names ("Investeringspuljen" -> "investering", "ingen pulje" -> "none")."""
    low = text.casefold()
    return next((pool for word, pool in POOLS if word in low), None)
