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
