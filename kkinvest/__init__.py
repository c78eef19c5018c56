"""kkinvest: payback, pool totals and committee splits for investment proposals.

Money is `Decimal` in thousands of kroner throughout; see `kkinvest.money`.
"""

import os

__version__ = "0.1.0"

# openpyxl parses a workbook's XML with lxml when it is installed (python-docx brings it), and
# with defusedxml only otherwise: workbooks come from others, so always the defused parser.
# Read by openpyxl when first imported; set here, before any of kkinvest can import it.
os.environ["OPENPYXL_LXML"] = "False"
