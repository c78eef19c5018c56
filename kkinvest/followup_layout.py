"""The follow-up workbook's own words: what the writer (render/followup_xlsx.py) puts in column A
and the reader (io/followup_xlsx.py) looks for, in one place below both.

A sheet is one committee's spring status round to fill in: a heading block (MARKER in A1, the
date reported beside REPORTED), then one block per granted proposal, each starting with a row
whose column A reads PROPOSAL, and its rows found by their labels (ROWS), so a person may insert
a row or a year column without breaking the reading.
"""

MARKER = "Opfølgning på investerings- og innovationsforslag"
"""A1 of every follow-up sheet: how the reader knows one."""
COMMITTEE = "Udvalg"
YEAR = "Forårsstatus"
REPORTED = "Indberettet den"
UNIT = "1.000 kr."
PROPOSAL = "Forslag"
ROUNDS = "Bevilget i"
LAST_STATUS = "Sidste status"
STATUS = "Status"
NOTE = "Note"
PLANNED_NET = "Planlagt varig nettoændring"
PLANNED_INVESTMENT = "Planlagt investering"
ROWS = {
    "realiseret varig nettoændring": "realised",
    "indarbejdet i budgettet": "incorporated",
    "brugt til implementering": "spent",
}
"""The rows of yellow cells per year, and the FollowUp field each fills."""
REALISED, INCORPORATED, SPENT = (label[:1].upper() + label[1:] for label in ROWS)
HELP = (
    "Udfyld de gule celler: status (vælg på listen), en note hvor besparelsen er bagud eller "
    "forsinket, og for hvert år den realiserede varige nettoændring (en besparelse er "
    "negativ, som i Tabel 1), hvad der er taget ud af budgettet, og hvad der er brugt til "
    "implementering. Beløb i 1.000 kr. i forslagets pris- og lønniveau. Et forslag uden "
    "status læses ikke som en opfølgning. Læses med kkinvest status --data MAPPE."
)
