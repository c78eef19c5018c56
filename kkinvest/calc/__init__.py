"""Pure calculators over the domain model: no I/O, no printing, no formatting."""
