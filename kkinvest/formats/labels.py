"""The Danish names the documents give to Tabel 1's parts: one place for the terminal, the Excel
writer and the Excel reader (which recognises rows by them) and `kkinvest check`."""

from __future__ import annotations

from kkinvest.model import Area

TABEL_1 = "Tabel 1. Forslagets samlede økonomiske konsekvenser"
PERMANENT_HEADING = "Varige ændringer"
IMPLEMENTATION_HEADING = "Implementeringsomkostninger"
AREA_LABELS = {Area.SERVICE: "Service", Area.CAPITAL: "Anlæg", Area.TRANSFERS: "Overførsler"}
TOTAL_ROWS = {
    "total_permanent": "Samlet varig ændring",
    "total_implementation": "Samlede implementeringsomkostninger",
    "total_impact": "Samlet økonomisk påvirkning",
}
NOT_IN_PAYBACK = "indgår ikke i tilbagebetalingstid"  # a line's note in Tabel 1
MEMO = "til orientering"  # a line printed for information only
NO_PAYBACK = "ingen"  # a payback that never comes
COMPUTED_BY = "Beregnet af kkinvest"  # the label of tables kkinvest computed (Tabel A/B/C)
PAYBACK_ROWS = {  # keyed by the payback basis (calc.payback.Basis is a str enum)
    "service": "Tilbagebetalingstid baseret på serviceeffektivisering",
    "total": "Tilbagebetalingstid baseret på totaløkonomi",
}
