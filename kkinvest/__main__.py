"""`python -m kkinvest` runs the command line."""

from kkinvest.cli import main

main()
