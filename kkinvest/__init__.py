"""kkinvest: payback, pool totals and committee splits for investment proposals.

Money is `Decimal` in thousands of kroner throughout; see `kkinvest.money`.
"""

__version__ = "0.1.0"
